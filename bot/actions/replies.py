"""Turn knowledge-package answers into rasa-sdk dispatcher messages."""

from __future__ import annotations

import json

from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import Answer, Button

ANSWERED = "answered"
# The rating buttons under an answer (bot/actions/feedback.py, read by the operator's report): their
# payload sets the entity `feedback`; the widget shows them as 👍 / 👎 under the answer.
USEFUL, NOT_USEFUL = "utile", "pas_utile"
FEEDBACK_BUTTONS = (
    Button("Utile", "feedback", {"feedback": USEFUL}),
    Button("Pas utile", "feedback", {"feedback": NOT_USEFUL}),
)


def payload(button: Button) -> str:
    """A Rasa intent payload: `/intent{"entity": "value"}`."""
    entities = json.dumps(button.entities, ensure_ascii=False) if button.entities else ""
    return f"/{button.intent}{entities}"


def send(dispatcher: CollectingDispatcher, answer: Answer, rated: bool = False) -> None:
    """Send the answer text with its follow-up buttons; with `rated`, an answer whose status is
    « answered » also carries the two rating buttons, after the follow-ups (on the message itself:
    a rating refers to the message before it)."""
    extra = FEEDBACK_BUTTONS if rated and answer.status == ANSWERED else ()
    buttons = [{"title": b.title, "payload": payload(b)} for b in (*answer.buttons, *extra)]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)
