"""Turn knowledge-package answers into rasa-sdk dispatcher messages."""

from __future__ import annotations

import json

from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import Answer, Button


def payload(button: Button) -> str:
    """A Rasa intent payload: `/intent{"entity": "value"}`."""
    entities = json.dumps(button.entities, ensure_ascii=False) if button.entities else ""
    return f"/{button.intent}{entities}"


def send(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    """Send the answer text with its follow-up buttons."""
    buttons = [{"title": b.title, "payload": payload(b)} for b in answer.buttons]
    dispatcher.utter_message(text=answer.text, buttons=buttons or None)
