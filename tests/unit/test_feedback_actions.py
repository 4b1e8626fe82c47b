"""The rating of an answer (« Utile » / « Pas utile ») and the optional comment after « Pas utile »:
the exact events each action returns (the operator's report reads them, docs/operator.md) and what
it says."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from bot.actions.feedback import (
    COMMENT_THANKS,
    FOLLOW_UP,
    THANKS,
    THANKS_IN_JOURNEY,
    ActionFeedback,
    ActionFeedbackComment,
    is_comment,
)
from bot.actions.replies import FEEDBACK_BUTTONS, payload

USEFUL = '/feedback{"feedback": "utile"}'
NOT_USEFUL = '/feedback{"feedback": "pas_utile"}'


def rating(tracker_for, value: str, **kwargs):
    entities = [{"entity": "feedback", "value": value}]
    return tracker_for(f'/feedback{{"feedback": "{value}"}}', "feedback", entities=entities, **kwargs)


def texts(dispatcher) -> list[str]:
    return [message["text"] for message in dispatcher.messages]


def test_the_buttons_send_the_payloads_the_report_reads():
    assert [(b.title, payload(b)) for b in FEEDBACK_BUTTONS] == [("Utile", USEFUL), ("Pas utile", NOT_USEFUL)]


async def test_useful_is_thanked_briefly(dispatcher, tracker_for):
    events = await ActionFeedback().run(dispatcher, rating(tracker_for, "utile"), {})
    assert events == [SlotSet("feedback_awaiting_comment", False)]
    assert texts(dispatcher) == [THANKS]


async def test_not_useful_asks_one_optional_question(dispatcher, tracker_for):
    events = await ActionFeedback().run(dispatcher, rating(tracker_for, "pas_utile"), {})
    assert events == [SlotSet("feedback_awaiting_comment", True)]
    assert texts(dispatcher) == [FOLLOW_UP]
    assert "Qu'attendiez-vous ? (facultatif : vous pouvez aussi poser une autre question)" in FOLLOW_UP
    assert dispatcher.messages[0]["buttons"] == []


async def test_in_a_journey_form_a_rating_is_only_thanked(dispatcher, tracker_for):
    tracker = rating(tracker_for, "pas_utile", active_loop="quiz_form")
    assert await ActionFeedback().run(dispatcher, tracker, {}) == [SlotSet("feedback_awaiting_comment", False)]
    assert texts(dispatcher) == [THANKS_IN_JOURNEY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👎", FOLLOW_UP),
        ("réponse pas utile", FOLLOW_UP),
        ("votre réponse ne m'aide pas", FOLLOW_UP),
        ("utile", THANKS),
    ],
)
async def test_a_typed_rating_without_the_entity(dispatcher, tracker_for, text, expected):
    await ActionFeedback().run(dispatcher, tracker_for(text, "feedback", entities=[]), {})
    assert texts(dispatcher) == [expected]


async def test_a_question_taken_for_a_rating_is_answered(dispatcher, tracker_for):
    tracker = tracker_for("est-ce utile de créer un groupement d'employeurs ?", "feedback")
    events = await ActionFeedback().run(dispatcher, tracker, {})
    assert SlotSet("answer_status", "answered") in events and SlotSet("topic", "ge") in events
    assert events[-1] == SlotSet("feedback_awaiting_comment", False)
    assert "employeur" in texts(dispatcher)[0]


async def test_a_comment_is_stored_and_thanked(dispatcher, tracker_for):
    text = "j'attendais des exemples concrets de mutualisation"
    tracker = tracker_for(text, "nlu_fallback", slots={"feedback_awaiting_comment": True, "topic": "ge"})
    events = await ActionFeedbackComment().run(dispatcher, tracker, {})
    assert events == [SlotSet("feedback_comment", text), SlotSet("feedback_awaiting_comment", False)]
    assert texts(dispatcher) == [COMMENT_THANKS]


async def test_a_comment_naming_a_topic_is_still_a_comment(dispatcher, tracker_for):
    text = "la réponse sur le groupement d'employeurs était trop longue"
    tracker = tracker_for(text, "ask_definition", slots={"feedback_awaiting_comment": True})
    events = await ActionFeedbackComment().run(dispatcher, tracker, {})
    assert events == [SlotSet("feedback_comment", text), SlotSet("feedback_awaiting_comment", False)]


async def test_a_new_question_is_answered_and_nothing_is_stored(dispatcher, tracker_for):
    tracker = tracker_for(
        "c'est quoi une SCIC ?", "ask_definition", slots={"feedback_awaiting_comment": True, "topic": "ge"}
    )
    events = await ActionFeedbackComment().run(dispatcher, tracker, {})
    assert events[0] == SlotSet("answer_status", "answered")
    assert SlotSet("topic", "scic") in events
    assert events[-1] == SlotSet("feedback_awaiting_comment", False)
    assert not any(e["name"] == "feedback_comment" for e in events)
    (message,) = dispatcher.messages
    assert "coopérative" in message["text"].lower()
    assert [b["payload"] for b in message["buttons"]][-2:] == [USEFUL, NOT_USEFUL]  # the new answer can be rated


async def test_a_follow_up_button_is_never_a_comment(dispatcher, tracker_for):
    tracker = tracker_for(
        '/ask_aspect{"unit": "ge.advantages"}',
        "ask_aspect",
        entities=[{"entity": "unit", "value": "ge.advantages"}],
        slots={"feedback_awaiting_comment": True, "topic": "ge"},
    )
    events = await ActionFeedbackComment().run(dispatcher, tracker, {})
    assert SlotSet("answer_unit", "ge.advantages") in events
    assert not any(e["name"] == "feedback_comment" for e in events)


async def test_without_the_question_asked_it_answers_like_any_question(dispatcher, tracker_for):
    tracker = tracker_for("des trucs", "nlu_fallback", slots={"feedback_awaiting_comment": False})
    events = await ActionFeedbackComment().run(dispatcher, tracker, {})
    assert not any(e["name"] == "feedback_comment" for e in events)
    assert events[0]["name"] == "answer_status" and events[-1] == SlotSet("feedback_awaiting_comment", False)


def test_what_counts_as_a_comment():
    assert is_comment("trop long et pas assez concret", answered=True)
    assert is_comment("Je voulais savoir le coût", answered=True)
    assert is_comment("des chiffres", answered=False)
    assert not is_comment("quels sont les avantages d'un GE ?", answered=True)
    assert not is_comment('/ask_aspect{"unit": "ge.advantages"}', answered=False)
