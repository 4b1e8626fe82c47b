"""`purge` deletes exactly the conversations whose last event is older than the retention period,
idempotently and safely alongside other runs; `erase` deletes one conversation and nothing else."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from bot.operator import retention
from bot.operator.cli import main
from bot.operator.store import connect
from tests.unit.operator.conftest import Store
from tests.unit.operator.conversations import ask, hand_off, session_start

DAY = 86_400


def exchange(ts: float, text: str = "C'est quoi une SCIC ?") -> list:
    return session_start(ts) + ask(text, ts + 1, topic="scic")


@pytest.fixture
def aged(store):
    """Conversations last active 200, 190, 10 (one old event and one recent) and 5 days ago."""
    now = time.time()
    store.save("old-200", exchange(now - 200 * DAY) + ask("et ses avantages ?", now - 200 * DAY + 120))
    store.save("old-190", exchange(now - 190 * DAY))
    store.save("mixed", exchange(now - 300 * DAY) + ask("et un GE ?", now - 10 * DAY))
    store.save("recent", exchange(now - 5 * DAY))
    return store


def events_of(store, sender: str) -> int:
    return len(store.rows(f"sender_id = '{sender}'"))


def test_purge_deletes_exactly_the_expired_conversations_and_is_idempotent(aged, capsys):
    expired = events_of(aged, "old-200") + events_of(aged, "old-190")
    kept = {sender: events_of(aged, sender) for sender in ("mixed", "recent")}

    assert main(["purge", "--days", "180"], env=aged.env()) == 0
    out = capsys.readouterr().out
    assert f": 2 supprimée(s), {expired} événements supprimés." in out
    assert "sans activité depuis 180 jours" in out
    assert aged.senders() == {"mixed", "recent"}
    assert {sender: events_of(aged, sender) for sender in kept} == kept  # the old event of "mixed" stays too

    assert main(["purge", "--days", "180"], env=aged.env()) == 0
    assert ": 0 supprimée(s), 0 événements supprimés." in capsys.readouterr().out
    assert aged.senders() == {"mixed", "recent"}


def test_retention_comes_from_the_environment_then_the_default(aged, capsys):
    assert retention.DEFAULT_RETENTION_DAYS == 180
    assert main(["purge"], env=aged.env(RETENTION_DAYS="195")) == 0
    assert aged.senders() == {"old-190", "mixed", "recent"}
    assert main(["purge"], env=aged.env()) == 0
    assert aged.senders() == {"mixed", "recent"}
    assert "sans activité depuis 180 jours" in capsys.readouterr().out


def test_dry_run_counts_and_deletes_nothing(aged, capsys):
    before = aged.count()
    expired = events_of(aged, "old-200") + events_of(aged, "old-190")
    assert main(["purge", "--days", "180", "--dry-run"], env=aged.env()) == 0
    out = capsys.readouterr().out
    assert out.startswith("Simulation, rien n'a été supprimé : 2 conversation(s)")
    assert f"({expired} événements)" in out
    assert aged.count() == before


def test_a_conversation_that_became_active_after_selection_is_kept(aged, monkeypatch):
    """Another replica's message may arrive between the selection and the deletion: the deletion
    itself re-checks that the conversation has no recent event."""
    monkeypatch.setattr(retention, "_expired_senders", lambda engine, cutoff: ["old-200", "mixed", "recent"])
    engine = connect(aged.env())
    try:
        result = retention.purge(engine, 180)
    finally:
        engine.dispose()
    assert (result.conversations, aged.senders()) == (1, {"old-190", "mixed", "recent"})


def test_purges_running_at_once_delete_each_conversation_once(aged):
    engines = [connect(aged.env()) for _ in range(3)]
    results: list[retention.Purged] = []
    threads = [threading.Thread(target=lambda e=e: results.append(retention.purge(e, 180))) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert sum(result.conversations for result in results) == 2
    assert aged.senders() == {"mixed", "recent"}


def test_erase_deletes_that_conversation_only(store, capsys):
    now = time.time()
    store.save("keep-1", exchange(now - DAY))
    store.save("gone", exchange(now - DAY) + ask("et un GE ?", now - DAY + 60) + hand_off(now - DAY + 120))
    store.save("keep-2", exchange(now - 2 * DAY))
    kept = {sender: events_of(store, sender) for sender in ("keep-1", "keep-2")}
    gone = store.rows("sender_id = 'gone'")
    users = sum(row[1] == "user" for row in gone)
    bots = sum(row[1] == "bot" for row in gone)

    assert main(["erase", "gone"], env=store.env()) == 0
    assert capsys.readouterr().out.strip() == (
        f"Conversation « gone » effacée : {len(gone)} événements supprimés ({users} messages de la personne, "
        f"{bots} réponses de l'assistant, {len(gone) - users - bots} autres événements "
        "(actions, mémorisations, début de session))."
    )
    assert (users, bots) == (3, 3)
    assert store.senders() == {"keep-1", "keep-2"}
    assert {sender: events_of(store, sender) for sender in kept} == kept


@pytest.fixture
def sqlite_without_secure_delete():
    """Every new SQLite connection as a build without secure_delete by default opens it (Debian's
    SQLite 3.40 has it on: measured)."""

    def off(dbapi_connection, _record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            dbapi_connection.execute("PRAGMA secure_delete = OFF")

    sa.event.listen(sa.engine.Engine, "connect", off)
    yield
    sa.event.remove(sa.engine.Engine, "connect", off)


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_on_sqlite_what_is_erased_or_purged_is_gone_from_the_file_too(tmp_path, journal, sqlite_without_secure_delete):
    # The promise of « Effacer ma conversation »: its text cannot be read in the database file
    # afterwards, in both journal modes the assistant uses; without secure_delete, SQLite leaves a
    # deleted row's bytes in the freed page.
    path = tmp_path / "tracker.db"
    store = Store(f"sqlite:///{path}", "sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA journal_mode={journal}")
    now = time.time()
    store.save("keep", exchange(now - DAY, "qui peut nous aider pour monter notre GE ?"))
    store.save("erased", exchange(now - DAY, "notre coordinatrice Zoé Marchal-Kerguelen part"))
    store.save("expired", exchange(now - 400 * DAY, "Adresse privée : 12 impasse des Glycines"))
    engine = connect(store.env())

    retention.erase(engine, "erased")
    retention.purge(engine, days=180)

    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("tracker.db"))
    assert b"Kerguelen" not in written and b"Glycines" not in written
    assert b"monter notre GE" in written  # what was kept is still there
    assert store.senders() == {"keep"}
