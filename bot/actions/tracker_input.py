"""Read what the person just said from a Rasa tracker: text, intent, entity values."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.actions import handoff
from bot.knowledge import KnowledgeBase, Question
from bot.knowledge.base import Mention
from bot.knowledge.text import normalize


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def said(tracker: Tracker) -> str:
    """The latest message, normalised (lowercase, without accents)."""
    return normalize(latest_text(tracker))


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_intent_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence", 1.0))


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """Values of `entity` in the latest message (button payloads), in order, without duplicates."""
    values: list[str] = []
    for item in tracker.latest_message.get("entities") or []:
        value = item.get("value")
        if item.get("entity") == entity and isinstance(value, str) and value not in values:
            values.append(value)
    return values


def mentions(tracker: Tracker, kb: KnowledgeBase) -> list[Mention]:
    """The topics and aspect of the latest message, as the NLU pipeline found them
    (KnowledgeEntityExtractor), or as a button payload names them."""
    found = []
    for item in tracker.latest_message.get("entities") or []:
        entity, value = item.get("entity"), item.get("value")
        known = kb.topics if entity == "topic" else kb.aspects if entity == "aspect" else None
        if known is not None and value in known:
            found.append(Mention(entity, value, int(item.get("start") or 0), int(item.get("end") or 0)))
    return found


def mentioned_topics(tracker: Tracker, kb: KnowledgeBase) -> list[str]:
    return [m.value for m in mentions(tracker, kb) if m.entity == "topic"]


def question(tracker: Tracker, kb: KnowledgeBase) -> Question:
    """Everything the knowledge package needs to answer the latest message."""
    units = [u for u in entity_values(tracker, "unit") if u in kb.units]
    return Question(
        text=latest_text(tracker),
        intent=latest_intent(tracker),
        intent_confidence=latest_intent_confidence(tracker),
        mentions=mentions(tracker, kb),
        current_topic=tracker.get_slot("topic"),
        last_unit=tracker.get_slot("answer_unit"),
        unit=units[0] if units else None,
        can_hand_off=handoff.configured(),
    )
