"""How a question is answered: topic, comparison, situation, follow-up, default topic."""

from __future__ import annotations

from bot.knowledge.questions import Question, respond


def ask(kb, text, intent=None, current_topic=None):
    return respond(
        kb,
        Question(
            text=text,
            intent=intent,
            topics=kb.find_topics(text),
            aspect=kb.find_aspect(text),
            current_topic=current_topic,
        ),
    )


def test_named_topic_and_aspect(kb):
    reply = ask(kb, "quels sont les inconvénients de faire corps ?")
    assert (reply.topic, reply.aspect) == ("faire_corps", "drawbacks")
    assert "représentation individuelle" in reply.text


def test_comparison_uses_the_guides_own_comparison(kb):
    reply = ask(kb, "GES ou PTCE, quelle différence ?", intent="ask_comparison")
    assert reply.aspect == "difference"
    assert "holding" in reply.text and "pôles de compétitivité" in reply.text


def test_comparison_without_a_written_one_sets_summaries_side_by_side(kb):
    reply = ask(kb, "GE ou GCSMS ?", intent="ask_comparison")
    assert reply.text.startswith("Différences entre GE et GCSMS")
    assert {b.entities["topic"] for b in reply.buttons} == {"ge", "gcsms"}


def test_described_situation_points_to_a_structure(kb):
    reply = ask(kb, "deux clubs de foot veulent embaucher ensemble un éducateur", intent="ask_situation")
    assert reply.topic == "ge"
    assert reply.text.startswith("Partager du personnel relève du « faire avec »")
    assert "« Les types de coopération »" in reply.text.splitlines()[-1]


def test_follow_up_keeps_the_topic_of_the_conversation(kb):
    reply = ask(kb, "et ses inconvénients ?", intent="ask_aspect", current_topic="faire_avec")
    assert (reply.topic, reply.aspect) == ("faire_avec", "drawbacks")
    assert "coûts de coordination" in reply.text


def test_a_new_topic_wins_over_the_current_one(kb):
    reply = ask(kb, "et pour une SCIC, qui peut m'aider ?", intent="ask_aspect", current_topic="ge")
    assert (reply.topic, reply.aspect) == ("scic", "contacts")


def test_aspect_without_any_topic_uses_its_default_topic(kb):
    reply = ask(kb, "qui peut nous accompagner ?", intent="ask_who_can_help")
    assert reply.aspect == "contacts"
    assert "DLA" in reply.text


def test_outdated_guide_rule_comes_with_the_current_one(kb):
    reply = ask(kb, "faut-il consulter les représentants du personnel ?")
    assert reply.topic == "irp"
    assert "À jour :" in reply.text and "CSE" in reply.text and "L2312-8" in reply.text


def test_aspect_the_guide_is_silent_on_falls_back_to_the_definition(kb):
    reply = ask(kb, "quelles sont les étapes pour un cluster ?")
    assert reply.topic == "cluster" and reply.aspect == "definition"
    assert reply.text.startswith("Le guide ne détaille pas ce point")


def test_nothing_known_gives_no_answer(kb):
    assert ask(kb, "blablabla", intent="ask_definition") is None


def test_a_quoted_phrase_finds_the_fact_that_contains_it(kb):
    reply = ask(kb, "la CAE c'est bien « entreprendre pour soi » et ensuite ?")
    assert reply.topic == "cae"
    assert reply.text.splitlines()[1].startswith("• ") and "réussir à plusieurs" in reply.text.splitlines()[1]


def test_a_short_or_unknown_quote_falls_back_to_the_usual_answer(kb):
    assert ask(kb, 'la SCIC "statut" ?').aspect == ask(kb, "la SCIC ?").aspect
    assert ask(kb, "la CAE « pour les nuls » ?").aspect == ask(kb, "la CAE ?").aspect


def test_what_social_protection_covers(kb):
    reply = ask(kb, "prevoyance obligatoire ? ca couvre quoi au juste")
    assert (reply.topic, reply.aspect) == ("protection_sociale", "covers")
    assert "maintien de salaire" in reply.text and "décès" in reply.text


def test_the_various_forms_of_cooperation_are_the_forms_not_a_difference(kb):
    reply = ask(kb, "quelles sont les différentes formes de coopération ?")
    assert (reply.topic, reply.aspect) == ("cooperation", "forms")
    assert all(form in reply.text for form in ("faire avec", "faire ensemble", "faire corps"))


def test_a_difference_inside_one_topic_reads_the_rest_of_the_message(kb):
    reply = ask(kb, "c'est quoi la différence entre coopération fonctionnelle et coopération organique ?")
    assert "personne morale" in reply.text


def test_weak_topic_search_only_reads_facts_about_it(kb):
    reply = ask(kb, "et les benevoles dans tout ca, faut les impliquer ?")
    assert reply.topic == "benevoles" and "démobiliser" in reply.text


def test_a_shared_part_time_worker_is_the_staff_sharing_situation(kb):
    reply = ask(kb, "peut-on se partager une animatrice à mi-temps entre deux centres de loisirs ?")
    assert reply.topic == "ge"
