"""Tracker stores for the operator tools' tests, filled through Rasa's own SQLTrackerStore with real
Rasa events: a temporary SQLite file, and the PostgreSQL server of the machine (a schema of its own
per test, dropped afterwards; skipped when the server is unreachable, except in CI where that fails)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SLOTS = ("answer_status", "answer_unit", "topic", "feedback_comment", "journey_progress")


def domain():
    from rasa.shared.core.domain import Domain

    return Domain.from_dict(
        {
            "intents": ["greet", "ask_definition", "ask_question", "feedback", "inform", "hand_off"],
            "entities": ["feedback"],
            "slots": {
                name: {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]}
                for name in SLOTS
            },
        }
    )


@dataclass
class Store:
    """A tracker store under test: its URL, and helpers that write and count through SQL."""

    url: str
    backend: str
    _rasa: Any = field(default=None, repr=False)

    def env(self, **extra: str) -> dict[str, str]:
        return {"TRACKER_STORE_URL": self.url, **extra}

    def rasa_store(self) -> Any:
        """Rasa's SQLTrackerStore on this URL (creates the events table, as the assistant does)."""
        if self._rasa is None:
            from rasa.core.tracker_store import SQLTrackerStore

            self._rasa = SQLTrackerStore(domain(), host=self.url)
        return self._rasa

    def save(self, sender_id: str, events: list[Any]) -> None:
        """Stores a conversation made of real Rasa events, through Rasa's SQLTrackerStore."""
        from rasa.shared.core.trackers import DialogueStateTracker

        store = self.rasa_store()
        tracker = DialogueStateTracker.from_events(sender_id, events, slots=store.domain.slots)
        asyncio.run(store.save(tracker))

    def rows(self, where: str = "1 = 1") -> list[tuple[Any, ...]]:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as connection:
                query = f"SELECT sender_id, type_name, timestamp, data FROM events WHERE {where} ORDER BY id"
                return list(connection.execute(sa.text(query)))
        finally:
            engine.dispose()

    def count(self) -> int:
        return len(self.rows())

    def senders(self) -> set[str]:
        return {row[0] for row in self.rows()}

    def close(self) -> None:
        if self._rasa is not None:
            self._rasa.engine.dispose()


def _postgres_problem() -> str | None:
    engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except sa.exc.SQLAlchemyError as error:
        return str(error.orig if hasattr(error, "orig") else error).splitlines()[0]
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_available() -> bool:
    problem = _postgres_problem()
    if problem is None:
        return True
    reason = f"PostgreSQL injoignable à {POSTGRES_URL} : {problem}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def postgres_schema(postgres_available: bool) -> Iterator[str]:
    """A fresh, empty schema of the test database; its URL puts it first (and alone) in search_path."""
    schema = f"operator_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A reachable database without any table."""
    if request.param == "sqlite":
        path = tmp_path / "other.db"
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE unrelated (id INTEGER)")
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgres_schema")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An (empty) tracker store whose events table exists, as the assistant leaves it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        url = request.getfixturevalue("postgres_schema")
    created = Store(url=url, backend=request.param)
    created.rasa_store()
    yield created
    created.close()
