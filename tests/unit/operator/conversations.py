"""Real Rasa events for test conversations, following the assistant's event contract
(docs/operator.md): knowledge replies set answer_status, answer_unit and topic; feedback is the
`feedback` intent with a `feedback` entity; journeys set journey_progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered

PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2025) -> float:
    """Timestamp of a moment in Paris time."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS).timestamp()


def session_start(ts: float, carried: dict[str, Any] | None = None) -> list[Event]:
    """Rasa's ActionSessionStart: the carried-over slots come between SessionStarted and action_listen."""
    slots = [SlotSet(name, value, timestamp=ts) for name, value in (carried or {}).items()]
    return [
        ActionExecuted("action_session_start", timestamp=ts),
        SessionStarted(timestamp=ts),
        *slots,
        ActionExecuted("action_listen", timestamp=ts),
    ]


def user(text: str, intent: str, ts: float, entities: list[dict[str, Any]] | None = None) -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 0.93}, entities=entities or [], timestamp=ts)


def ask(
    text: str,
    ts: float,
    status: str = "answered",
    topic: str | None = None,
    unit: str | None = None,
    intent: str = "ask_definition",
    answer: str = "Voici la réponse du guide.",
) -> list[Event]:
    """A knowledge question and the assistant's reply."""
    return [
        user(text, intent, ts),
        ActionExecuted("action_answer_question", timestamp=ts + 1),
        BotUttered(
            answer, {"buttons": [{"title": "Utile", "payload": '/feedback{"feedback": "utile"}'}]}, timestamp=ts + 1
        ),
        SlotSet("answer_status", status, timestamp=ts + 1),
        SlotSet("answer_unit", unit, timestamp=ts + 1),
        SlotSet("topic", topic, timestamp=ts + 1),
        ActionExecuted("action_listen", timestamp=ts + 1),
    ]


def feedback(value: str, ts: float, comment: str | None = None) -> list[Event]:
    """A click on « Utile » / « Pas utile » (the widget's payload), and the optional comment."""
    payload = f'/feedback{{"feedback": "{value}"}}'
    # As Rasa's RegexMessageHandler parses the payload (checked against Rasa 3.6.21).
    entity = {"entity": "feedback", "value": value, "start": 9, "end": len(payload), "extractor": "RegexMessageHandler"}
    events: list[Event] = [user(payload, "feedback", ts, [entity]), ActionExecuted("action_feedback", timestamp=ts)]
    if value == "pas_utile":
        events += [
            BotUttered("Merci. Qu'attendiez-vous ?", timestamp=ts),
            SlotSet("feedback_comment", None, timestamp=ts),
            ActionExecuted("action_listen", timestamp=ts),
        ]
        if comment is not None:
            events += [
                user(comment, "inform", ts + 30),
                ActionExecuted("action_feedback_comment", timestamp=ts + 31),
                SlotSet("feedback_comment", comment, timestamp=ts + 31),
                BotUttered("Merci, c'est noté.", timestamp=ts + 31),
            ]
    else:
        events.append(BotUttered("Merci !", timestamp=ts))
    return events + [ActionExecuted("action_listen", timestamp=ts + 32)]


def journey(name: str, ts: float, steps: int, end: str | None) -> list[Event]:
    """A guided journey: started, `steps` steps answered or shown, then `end` (finished, stopped, None)."""
    events: list[Event] = [
        user(f"je veux faire le parcours {name}", "start_journey", ts),
        SlotSet("journey_progress", f"{name}:started", timestamp=ts),
    ]
    for step in range(1, steps + 1):
        moment = ts + 60 * step
        if step > 1:
            events.append(user(str(step), "inform", moment))
        events += [
            SlotSet("journey_progress", f"{name}:step-{step}", timestamp=moment),
            BotUttered(f"Question {step}", timestamp=moment),
            ActionExecuted("action_listen", timestamp=moment),
        ]
    if end is not None:
        moment = ts + 60 * (steps + 1)
        events += [
            user("stop" if end == "stopped" else "fin", "inform", moment),
            SlotSet("journey_progress", f"{name}:{end}", timestamp=moment),
            ActionExecuted("action_listen", timestamp=moment),
        ]
    return events


def hand_off(ts: float) -> list[Event]:
    return [
        user("je voudrais parler à une personne", "hand_off", ts),
        ActionExecuted("action_hand_off", timestamp=ts + 1),
        BotUttered("Vous pouvez écrire à l'équipe.", timestamp=ts + 1),
        ActionExecuted("action_listen", timestamp=ts + 1),
    ]
