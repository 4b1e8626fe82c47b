"""« Effacer ma conversation »: POST /webhooks/rest/erase through Sanic's test client, on a Sanic app
with the guarded REST channel and a fake agent holding Rasa's own tracker stores (SQLite file, in
memory) and lock store."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import AwaitableTrackerStore, InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from bot.channels import erasure
from bot.channels.rest import ERASE_FAILED, ERASE_UNAVAILABLE, NOTHING_TO_ERASE, GuardedRestInput

ERASE = "/webhooks/rest/erase"
JSON = {"content-type": "application/json"}
DOMAIN = Domain.from_dict({"intents": ["greet"]})


def conversation(sender: str, texts: list[str], start: float = 1_700_000_000.0) -> DialogueStateTracker:
    """A tracker with two sessions; each text is a user message answered by the bot."""
    events = []
    for session, chunk in enumerate((texts[: len(texts) // 2], texts[len(texts) // 2 :])):
        at = start + session * 10_000
        events += [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at)]
        for i, text in enumerate(chunk):
            events += [
                ActionExecuted("action_listen", timestamp=at + i + 0.1),
                UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at + i + 0.2),
                BotUttered(f"réponse à {text}", timestamp=at + i + 0.3),
            ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def sql_store(tmp_path) -> SQLTrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def stored_rows(tmp_path, sender: str) -> int:
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def make_agent(store: TrackerStore | None) -> SimpleNamespace:
    return SimpleNamespace(
        tracker_store=AwaitableTrackerStore(store) if store is not None else None, lock_store=InMemoryLockStore()
    )


async def on_new_message(_message) -> None:  # the webhook is not used here
    return None


def client(agent):
    app = Sanic(f"erase-{uuid.uuid4().hex}")
    app.blueprint(GuardedRestInput().blueprint(on_new_message), url_prefix="/webhooks/rest")
    if agent is not None:
        app.ctx.agent = agent
    return app.test_client


def erase(agent, body: bytes, headers: dict[str, str] = JSON):
    _request, response = client(agent).post(ERASE, content=body, headers=headers)
    return response


def sender_body(sender) -> bytes:
    return json.dumps({"sender": sender}).encode()


@pytest.fixture
def store(tmp_path):
    store = sql_store(tmp_path)
    asyncio.run(store.save(conversation("alice", ["bonjour", "un GE ?", "merci", "au revoir"])))
    asyncio.run(store.save(conversation("bob", ["salut", "une SCIC ?"])))
    return store


def test_erase_deletes_every_event_of_the_conversation_and_only_it(tmp_path, store):
    before = stored_rows(tmp_path, "alice")
    assert before == 2 * 2 + 4 * 3  # two sessions, four messages answered
    response = erase(make_agent(store), sender_body("alice"))
    assert response.status == 200
    assert response.json == {"erased": before}
    assert stored_rows(tmp_path, "alice") == 0
    assert stored_rows(tmp_path, "bob") == 2 * 2 + 2 * 3


def test_nothing_stored_is_a_404_with_a_french_message(tmp_path, store):
    response = erase(make_agent(store), sender_body("inconnu"))
    assert response.status == 404
    assert response.json == {"erased": 0, "error": NOTHING_TO_ERASE}
    assert "rien n'a été effacé" in NOTHING_TO_ERASE
    response = erase(make_agent(store), sender_body("alice"))
    assert response.status == 200
    assert erase(make_agent(store), sender_body("alice")).status == 404  # a second time: nothing left


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"{not json", JSON, "not valid JSON"),
        (sender_body("alice"), {"content-type": "text/plain"}, "Content-Type"),
        (b"{}", JSON, "'sender'"),
        (sender_body(""), JSON, "'sender'"),
        (sender_body("*"), JSON, "'sender'"),
        (sender_body("%"), JSON, "'sender'"),
        (sender_body("ali ce"), JSON, "'sender'"),
        (sender_body(["alice"]), JSON, "'sender'"),
        (sender_body(None), JSON, "'sender'"),
        (sender_body("a" * 129), JSON, "'sender'"),
        (b"[]", JSON, "JSON object"),
        (b'{"sender": "alice", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", JSON, "nested"),
    ],
    ids=[
        "not-json",
        "wrong-content-type",
        "no-sender",
        "empty",
        "wildcard",
        "sql-wildcard",
        "space",
        "a-list",
        "null",
        "too-long",
        "not-an-object",
        "deeply-nested",
    ],
)
def test_bad_requests_get_a_400_with_a_reason_and_erase_nothing(tmp_path, store, body, headers, reason):
    response = erase(make_agent(store), body, headers)
    assert response.status == 400
    assert reason in response.json["error"]
    assert stored_rows(tmp_path, "alice") > 0 and stored_rows(tmp_path, "bob") > 0


def test_the_in_memory_tracker_store_too():
    store = InMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("alice", ["bonjour", "merci"])))
    response = erase(make_agent(store), sender_body("alice"))
    assert response.status == 200 and response.json == {"erased": 2 * 2 + 2 * 3}
    assert asyncio.run(store.retrieve("alice")) is None


def test_no_agent_yet_or_an_unknown_store_is_said_in_french():
    response = erase(None, sender_body("alice"))
    assert response.status == 503 and response.json == {"error": ERASE_FAILED}

    class OtherStore(TrackerStore):
        async def retrieve(self, sender_id):
            return None

    response = erase(make_agent(OtherStore(DOMAIN)), sender_body("alice"))
    assert response.status == 501 and response.json == {"error": ERASE_UNAVAILABLE}


def test_a_database_error_is_a_500_without_details(tmp_path, store):
    store.engine.dispose()
    (tmp_path / "tracker.db").unlink()
    (tmp_path / "tracker.db").mkdir()  # the SQLite file can no longer be opened
    response = erase(make_agent(store), sender_body("alice"))
    assert response.status == 500 and response.json == {"error": ERASE_FAILED}
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()


def test_only_get_health_and_post_routes():
    _request, response = client(make_agent(None)).get(ERASE)
    assert response.status == 405


async def test_erasure_waits_for_a_message_being_handled_and_nothing_comes_back(tmp_path, store):
    """A message of the conversation is being handled (Rasa holds the conversation's lock, then saves
    its tracker): the erasure waits for it, then deletes its events too. The next message of the
    same sender id starts from an empty store, as Rasa's processor does (retrieve, then save)."""
    agent = make_agent(store)
    handled = asyncio.Event()

    async def message_in_flight() -> None:
        async with agent.lock_store.lock("alice"):
            tracker = await agent.tracker_store.retrieve("alice")
            handled.set()
            await asyncio.sleep(0.3)
            tracker.update(UserUttered("encore une question", {"name": "greet", "confidence": 1.0}))
            tracker.update(BotUttered("encore une réponse"))
            await agent.tracker_store.save(tracker)

    in_flight = asyncio.create_task(message_in_flight())
    await handled.wait()
    erased = await erasure.erase(agent, "alice")
    await in_flight
    assert erased == 2 * 2 + 4 * 3 + 2  # the events saved by the message in flight were erased too
    assert stored_rows(tmp_path, "alice") == 0

    assert await agent.tracker_store.retrieve("alice") is None
    fresh = DialogueStateTracker.from_events("alice", [UserUttered("bonjour", {"name": "greet", "confidence": 1.0})])
    await agent.tracker_store.save(fresh)
    assert stored_rows(tmp_path, "alice") == 1
    texts = [e.text for e in (await agent.tracker_store.retrieve_full_tracker("alice")).events if hasattr(e, "text")]
    assert texts == ["bonjour"]
    assert stored_rows(tmp_path, "bob") > 0
