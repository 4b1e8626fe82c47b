"""Erase one conversation from the tracker store of the running Rasa server (the widget's « Effacer
ma conversation », POST /webhooks/rest/erase in bot/channels/rest.py).

Safe against a message of the same conversation being handled at the same time: the deletion runs
under Rasa's own lock for that conversation (the lock store of endpoints.yml, the one
`Agent.handle_message` takes), so it happens either before a message is handled (which then starts
a new, empty conversation) or after its tracker was saved (whose events are then deleted too). Rasa
keeps no tracker between two messages: the next message with the same sender id reads the store,
finds nothing, and starts afresh — the erased events never come back.

The SQL deletion is the operator's (`python -m bot.operator erase`, bot/operator/retention.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)

from bot.operator import retention
from bot.operator.errors import OperatorError

logger = logging.getLogger(__name__)


class ErasureUnavailable(RuntimeError):
    """The conversation store cannot erase a conversation (a tracker store type we do not know)."""


def stores(store: TrackerStore | None) -> Iterator[TrackerStore]:
    """The tracker stores that may hold conversations behind Rasa's wrappers: the SQL (or other)
    store, and the in-memory fallback Rasa switches to when that store fails."""
    if isinstance(store, AwaitableTrackerStore):
        yield from stores(store._tracker_store)
    elif isinstance(store, FailSafeTrackerStore):
        yield from stores(store._tracker_store)
        yield from stores(store._fallback_tracker_store)
    elif store is not None:
        yield store


def _delete_sql(store: SQLTrackerStore, sender_id: str) -> int:
    try:
        return retention.erase(store.engine, sender_id).events
    except OperatorError:  # nothing stored for this conversation
        return 0


def _delete_in_memory(store: InMemoryTrackerStore, sender_id: str) -> int:
    serialised = store.store.pop(sender_id, None)
    if serialised is None:
        return 0
    try:
        return len(json.loads(serialised).get("events") or []) or 1
    except (TypeError, ValueError, AttributeError):
        return 1


def delete_events(store: TrackerStore | None, sender_id: str) -> int:
    """Deletes every event of conversation `sender_id` (all its sessions); how many were deleted."""
    deleted, known = 0, False
    for candidate in stores(store):
        if isinstance(candidate, SQLTrackerStore):
            deleted += _delete_sql(candidate, sender_id)
        elif isinstance(candidate, InMemoryTrackerStore):
            deleted += _delete_in_memory(candidate, sender_id)
        else:
            continue
        known = True
    if not known:
        raise ErasureUnavailable(f"cannot erase a conversation from a {type(store).__name__}")
    return deleted


async def erase(agent: Any, sender_id: str) -> int:
    """Deletes conversation `sender_id` from the agent's tracker store under the agent's lock for
    that conversation; the number of events deleted (0: nothing was stored)."""
    async with agent.lock_store.lock(sender_id):
        deleted = delete_events(agent.tracker_store, sender_id)
    logger.info("Erased a conversation at its owner's request (%d events)", deleted)
    return deleted
