"""Answers composed from the data: short, sourced, with follow-up buttons."""

from __future__ import annotations

from bot.knowledge import answer


def test_definition_of_a_group_of_employers(kb):
    reply = answer(kb, "ge")
    assert reply is not None
    assert "groupement d'employeurs" in reply.text.lower()
    assert "temps plein" in reply.text
    assert reply.text.splitlines()[-1].startswith("Source : guide « Association & Coopération")
    assert reply.topic == "ge" and reply.aspect == "definition"


def test_bulleted_aspect_is_capped_at_five_bullets(kb):
    for topic in kb.topics.values():
        for aspect_id in topic.aspects:
            reply = answer(kb, topic.id, aspect_id)
            assert reply is not None
            bullets = [line for line in reply.text.splitlines() if line.startswith("• ")]
            if topic.kind == "challenge" and aspect_id == "steps":
                assert len(bullets) == len(topic.aspects["steps"]), topic.id  # the journey shows every step
            else:
                assert len(bullets) <= 5, (topic.id, aspect_id)


def test_follow_up_buttons_offer_other_aspects_of_the_same_topic(kb):
    reply = answer(kb, "ge", "definition")
    assert 1 <= len(reply.buttons) <= 4
    assert all(b.entities["topic"] == "ge" for b in reply.buttons)
    assert "definition" not in {b.entities["aspect"] for b in reply.buttons}


def test_aspect_falls_back_to_its_neighbour(kb):
    reply = answer(kb, "ge", "drawbacks")  # GE data has limits, not drawbacks
    assert reply is not None and reply.aspect == "limits"


def test_contacts_are_derived_from_linked_bodies(kb):
    reply = answer(kb, "ge", "contacts")
    assert reply is not None
    assert "CRGE" in reply.text


def test_unknown_topic_gives_no_answer(kb):
    assert answer(kb, "nothing-like-this") is None
