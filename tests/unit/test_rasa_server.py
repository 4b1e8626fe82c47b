"""bot/runtime/rasa_server.py: the speedups are put in place on Rasa 3.6 only (with another version,
Rasa runs unchanged), each can be left out for an A/B, and the per-message ones answer exactly as
Rasa does. That the start speedup changes no prediction: tests/e2e/test_fast_load.py."""

from __future__ import annotations

import asyncio

import jsonschema
import pytest
import rasa
import rasa.core.tracker_store as tracker_store
import sqlalchemy as sa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel

from bot.runtime import rasa_server

PATCHED = [(RasaModel, "load"), (RasaModel, "_rasa_predict"), (RemoteAction, "_validate_action_result")]
PATCHED += [(Event, "resolve_by_type"), (tracker_store, "create_engine_kwargs")]


@pytest.fixture
def restored():
    """Rasa's own attributes (the raw descriptors, so that classmethods keep their cls), put back."""
    saved = {(owner, name): owner.__dict__[name] for owner, name in PATCHED}
    yield saved
    for (owner, name), value in saved.items():
        setattr(owner, name, value)
    if sa.event.contains(sa.engine.Engine, "connect", rasa_server.write_ahead_log):
        sa.event.remove(sa.engine.Engine, "connect", rasa_server.write_ahead_log)


def test_speedups_are_installed_on_rasa_36_only(monkeypatch, restored):
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert rasa_server.install() is False
    assert all(owner.__dict__[name] is restored[(owner, name)] for owner, name in PATCHED)
    monkeypatch.setattr(rasa, "__version__", "3.6.21")
    assert rasa_server.install() is True
    assert RasaModel.__dict__["load"].__func__ is rasa_server.fast_load
    assert all(owner.__dict__[name] is not restored[(owner, name)] for owner, name in PATCHED)


def test_a_speedup_can_be_left_out(restored):
    assert rasa_server.install(without=("load", "events"))
    assert RasaModel.__dict__["load"] is restored[(RasaModel, "load")]
    assert Event.__dict__["resolve_by_type"] is restored[(Event, "resolve_by_type")]
    assert RemoteAction._validate_action_result is rasa_server.validate_action_result


def test_an_sqlite_tracker_store_keeps_its_connections_in_wal_mode_and_loses_nothing(restored, tmp_path):
    rasa_server.install(without=("load",))
    store = tracker_store.SQLTrackerStore(Domain.empty(), db=str(tmp_path / "tracker.db"), dialect="sqlite")
    assert isinstance(store.engine.pool, sa.pool.QueuePool)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    tracker = DialogueStateTracker.from_events("someone", [UserUttered("bonjour"), SlotSet("topic", "ge")])
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("et la scic ?"))
    asyncio.run(store.save(tracker))
    reread = tracker_store.SQLTrackerStore(Domain.empty(), db=str(tmp_path / "tracker.db"), dialect="sqlite")
    events = asyncio.run(reread.retrieve("someone")).events
    assert [e.as_dict()["event"] for e in events] == ["user", "slot", "user"]
    # PostgreSQL keeps Rasa's own arguments (its pool size), untouched.
    assert "poolclass" not in tracker_store.create_engine_kwargs("postgresql://someone@localhost/test")


def test_without_the_sqlite_speedup_rasa_opens_a_connection_per_session(restored, tmp_path):
    rasa_server.install(without=("load", "sqlite"))
    store = tracker_store.SQLTrackerStore(Domain.empty(), db=str(tmp_path / "tracker.db"), dialect="sqlite")
    assert isinstance(store.engine.pool, sa.pool.NullPool)


def test_options_before_rasas_arguments():
    assert rasa_server.split_options(["run", "--port", "1"]) == ((), ["run", "--port", "1"])
    assert rasa_server.split_options(["--without", "load,events", "run"]) == (("load", "events"), ["run"])
    with pytest.raises(SystemExit, match="unknown speedup"):
        rasa_server.split_options(["--without", "speed", "run"])


REPLIES = [
    {"events": [{"event": "slot", "name": "topic", "value": "scic"}], "responses": [{"text": "Bonjour"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "value": 3}], "responses": []},  # a slot event without its name
    {"events": [{"event": "no_such_event"}], "responses": "not a list"},
]


@pytest.mark.parametrize("reply", REPLIES)
def test_action_replies_are_validated_as_rasa_does(reply):
    action = RemoteAction("action_x", None)

    def outcome(validate):
        try:
            return validate(action, reply)
        except jsonschema.ValidationError as error:
            return error.message

    assert outcome(rasa_server.validate_action_result) == outcome(RemoteAction._validate_action_result)


def test_event_classes_are_those_rasa_finds(restored):
    names = ["user", "action", "slot", "bot", "session_started", "active_loop", "topic"]
    expected = [Event.resolve_by_type(name) for name in names]
    rasa_server.install_event_classes()
    assert [Event.resolve_by_type(name) for name in names] == expected  # found, then remembered
    assert [Event.resolve_by_type(name) for name in names] == expected
    assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("nope", ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError, match="Unknown event name 'nope'"):
        Event.resolve_by_type("nope")
