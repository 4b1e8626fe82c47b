"""Read what the person just said from a Rasa tracker: text, intent, entity values."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.knowledge import KnowledgeBase
from bot.knowledge.questions import Question


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_intent_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence", 1.0))


MIN_ENTITY_CONFIDENCE = 0.8


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """Confident values of `entity` in the latest message, in order, without duplicates.
    Button payloads carry no confidence and always count."""
    values: list[str] = []
    for item in tracker.latest_message.get("entities") or []:
        value = item.get("value")
        confident = item.get("confidence_entity", 1.0) >= MIN_ENTITY_CONFIDENCE
        if item.get("entity") == entity and confident and isinstance(value, str) and value not in values:
            values.append(value)
    return values


def mentioned_topics(tracker: Tracker, kb: KnowledgeBase) -> list[str]:
    """Topic ids of the latest message: what the alias matcher finds in the text (precise,
    reading order, weak topics last), then NLU entities it missed (resolved against the data)."""
    found = kb.find_topics(latest_text(tracker))
    for value in entity_values(tracker, "topic"):
        ids = [value] if value in kb.topics else kb.find_topics(value)
        found.extend(i for i in ids if i not in found)
    return sorted(found, key=lambda topic_id: kb.topics[topic_id].weak)


def mentioned_aspect(tracker: Tracker, kb: KnowledgeBase) -> str | None:
    """Aspect id asked in the latest message, from the NLU entity or the raw text."""
    for value in entity_values(tracker, "aspect"):
        if value in kb.aspects:
            return value
        resolved = kb.find_aspect(value)
        if resolved:
            return resolved
    return kb.find_aspect(latest_text(tracker))


def question(tracker: Tracker, kb: KnowledgeBase) -> Question:
    """Everything the knowledge package needs to answer the latest message."""
    return Question(
        text=latest_text(tracker),
        intent=latest_intent(tracker),
        intent_confidence=latest_intent_confidence(tracker),
        topics=mentioned_topics(tracker, kb),
        aspect=mentioned_aspect(tracker, kb),
        current_topic=tracker.get_slot("topic"),
    )
