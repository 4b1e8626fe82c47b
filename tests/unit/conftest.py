"""Tracker and dispatcher fixtures for action tests."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    sender_id: str = "test-user",
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    latest_action: str = "action_listen",
) -> Tracker:
    """A tracker whose latest message is `text`, classified as `intent`, with the entities the NLU
    pipeline's KnowledgeEntityExtractor finds in it (unless `entities` are given)."""
    from bot.nlu.knowledge_entities import entities as pipeline_entities

    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": pipeline_entities(text) if entities is None else entities,
    }
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action,
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def tracker_for():
    return make_tracker
