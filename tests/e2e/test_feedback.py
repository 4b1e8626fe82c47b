"""Ratings of answers through the real assistant (REST channel -> NLU -> rules -> action server), read
back from the SQLite tracker store with the operator's own code (bot/operator/store.py), as the
insights report reads them."""

from __future__ import annotations

import time

from bot.actions.feedback import COMMENT_THANKS, FOLLOW_UP, THANKS
from bot.operator.analysis import analyse
from bot.operator.period import Period, day_of
from bot.operator.store import connect, read_events
from evaluation.assistant import reply_text, say

USEFUL = '/feedback{"feedback": "utile"}'
NOT_USEFUL = '/feedback{"feedback": "pas_utile"}'
QUESTION = "c'est quoi un groupement d'employeurs ?"
COMMENT = "j'attendais des exemples concrets de partage de salariés"


def rating_payloads(reply: list[dict]) -> list[str]:
    return [b["payload"] for m in reply for b in m.get("buttons") or [] if b["payload"].startswith("/feedback")]


def stored(env, sender: str) -> list:
    engine = connect(env)
    try:
        return [e for e in read_events(engine, 0, time.time() + 60) if e.sender_id == sender]
    finally:
        engine.dispose()


def test_an_answer_carries_the_rating_buttons_on_its_own_message(assistant):
    reply = say(assistant, "e2e-feedback-buttons", QUESTION, timeout=120)
    answer = reply[-1]
    assert "temps plein" in answer["text"]
    titles = [b["title"] for b in answer["buttons"]]
    assert titles[-2:] == ["Utile", "Pas utile"] and len(titles) <= 4 + 2
    assert rating_payloads(reply) == [USEFUL, NOT_USEFUL]
    # « no sure answer » cannot be rated
    nothing = say(assistant, "e2e-feedback-none", "quelle est la recette de la tarte tatin ?")
    assert reply_text(nothing).startswith(("Désolé", "Je ne sais pas")) and rating_payloads(nothing) == []


def test_ratings_and_the_comment_are_stored_as_the_report_reads_them(assistant):
    started = time.time()
    say(assistant, "e2e-useful", QUESTION, timeout=120)
    assert reply_text(say(assistant, "e2e-useful", USEFUL)) == THANKS

    say(assistant, "e2e-not-useful", QUESTION)
    assert reply_text(say(assistant, "e2e-not-useful", NOT_USEFUL)) == FOLLOW_UP
    assert reply_text(say(assistant, "e2e-not-useful", COMMENT)) == COMMENT_THANKS
    after = say(assistant, "e2e-not-useful", "c'est quoi une SCIC ?")  # the conversation goes on
    assert "coopérative" in reply_text(after).lower()

    # the stored user event: intent `feedback`, entity `feedback`; the comment as `feedback_comment`
    events = stored(assistant, "e2e-not-useful")
    ratings = [e for e in events if e.type_name == "user" and e.intent_name == "feedback"]
    assert len(ratings) == 1
    entities = ratings[0].data["parse_data"]["entities"]
    assert [(e["entity"], e["value"]) for e in entities] == [("feedback", "pas_utile")]
    comments = [e.data["value"] for e in events if e.type_name == "slot" and e.data["name"] == "feedback_comment"]
    assert comments == [COMMENT]

    # the operator's report finds them
    engine = connect(assistant)
    try:
        insights = analyse(
            (e for e in read_events(engine, started - 1, time.time() + 60) if e.sender_id.startswith("e2e-")),
            Period(day_of(started), day_of(time.time())),
        )
    finally:
        engine.dispose()
    assert insights.useful == 1
    (judged,) = insights.not_useful
    assert judged.question == QUESTION and "temps plein" in judged.answer
    assert judged.answer_unit and judged.answer_unit.startswith("ge")
    assert judged.comment == COMMENT


def test_a_new_question_after_not_useful_is_answered_not_stored(assistant):
    sender = "e2e-new-question"
    say(assistant, sender, QUESTION, timeout=120)
    assert reply_text(say(assistant, sender, NOT_USEFUL)) == FOLLOW_UP
    reply = say(assistant, sender, "quels sont les avantages d'une SCIC ?")
    assert COMMENT_THANKS not in reply_text(reply)
    assert rating_payloads(reply) == [USEFUL, NOT_USEFUL]  # an answer, which can be rated in turn
    events = stored(assistant, sender)
    assert not [e for e in events if e.type_name == "slot" and e.data["name"] == "feedback_comment"]
    # and a command after « Qu'attendiez-vous ? » just runs
    say(assistant, sender, NOT_USEFUL)
    assert "Choisissez un parcours" in reply_text(say(assistant, sender, "que sais-tu faire ?"))
