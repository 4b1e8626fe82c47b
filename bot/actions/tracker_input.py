"""Read what the person just said from a Rasa tracker: text, intent, entity values."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.knowledge import KnowledgeBase


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """Values of `entity` in the latest message, in order, without duplicates."""
    values: list[str] = []
    for item in tracker.latest_message.get("entities") or []:
        value = item.get("value")
        if item.get("entity") == entity and isinstance(value, str) and value not in values:
            values.append(value)
    return values


def mentioned_topics(tracker: Tracker, kb: KnowledgeBase) -> list[str]:
    """Topic ids of the latest message: NLU entities (resolved against the knowledge base),
    then whatever the tolerant alias matcher finds in the raw text."""
    found: list[str] = []
    for value in entity_values(tracker, "topic"):
        ids = [value] if value in kb.topics else kb.find_topics(value)
        found.extend(i for i in ids if i not in found)
    found.extend(i for i in kb.find_topics(latest_text(tracker)) if i not in found)
    return found


def mentioned_aspect(tracker: Tracker, kb: KnowledgeBase) -> str | None:
    """Aspect id asked in the latest message, from the NLU entity or the raw text."""
    for value in entity_values(tracker, "aspect"):
        if value in kb.aspects:
            return value
        resolved = kb.find_aspect(value)
        if resolved:
            return resolved
    return kb.find_aspect(latest_text(tracker))
