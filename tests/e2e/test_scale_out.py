"""Two Rasa replicas sharing the PostgreSQL tracker store and the Redis lock store, one action
server: a conversation alternating between replicas keeps its state, and 20 concurrent
conversations lose or duplicate no event. Uses the PostgreSQL and Redis servers of the machine:
skipped with the reason when one is missing, failed when CI=true (tests/services.py)."""

from __future__ import annotations

import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from evaluation.assistant import assistant_env, by_name, reply_text, say, started
from tests.services import postgres_problem, redis_problem, require

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
CONVERSATIONS = 20
TURNS = ("bonjour", "c'est quoi une SCIC ?", "et ses avantages ?", "GES ou PTCE ?", "merci", "au revoir")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """One action server and two Rasa servers on shared PostgreSQL + Redis."""
    require(postgres_problem(POSTGRES_URL))
    require(redis_problem(REDIS_HOST))
    tmp = tmp_path_factory.mktemp("replicas")
    shared = {
        "TRACKER_STORE_URL": POSTGRES_URL,
        "LOCK_STORE_TYPE": "redis",
        "LOCK_STORE_HOST": REDIS_HOST,
        "LOCK_STORE_PREFIX": f"ess-test-{uuid.uuid4().hex[:8]}",
    }
    first = assistant_env(tmp / "a", **shared)
    second = assistant_env(tmp / "b", **shared, ACTIONS_PORT=first["ACTIONS_PORT"])
    services = [by_name(first)["actions"], by_name(first)["rasa"], by_name(second)["rasa"]]
    prefix = f"replica-{uuid.uuid4().hex[:8]}"
    with started(services, tmp / "replicas.log"):
        yield first, second, prefix
    with psycopg2.connect(POSTGRES_URL) as db, db.cursor() as cursor:
        cursor.execute("DELETE FROM events WHERE sender_id LIKE %s", (f"{prefix}%",))


def user_events(sender: str) -> list[dict]:
    """The user events the tracker store holds for `sender`, in insertion order."""
    with psycopg2.connect(POSTGRES_URL) as db, db.cursor() as cursor:
        cursor.execute("SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id", (sender,))
        return [json.loads(row[0]) for row in cursor.fetchall()]


def test_a_quiz_alternating_between_replicas_keeps_its_state(replicas):
    first, second, prefix = replicas
    sender = f"{prefix}-quiz"
    answers = [
        (first, "je veux faire le quiz", "Pourquoi coopérez-vous ?"),
        (second, "1", "Quand coopérez-vous ?"),
        (first, "3", "niveau d'implication"),
        (second, "3", "devise"),
        (first, "2", "apporteur d'affaires"),
    ]
    for env, text, expected in answers:
        assert expected in reply_text(say(env, sender, text))


def converse(replicas, number: int) -> str:
    first, second, prefix = replicas
    sender = f"{prefix}-load-{number}"
    for turn, text in enumerate(TURNS):
        env = first if (turn + number) % 2 == 0 else second
        assert reply_text(say(env, sender, text, timeout=120)).strip()
    return sender


def test_concurrent_conversations_lose_and_duplicate_no_event(replicas):
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        senders = list(pool.map(lambda n: converse(replicas, n), range(CONVERSATIONS)))
    for sender in senders:
        # Every message stored once, in the order it was sent, whichever replica received it.
        assert [event["text"] for event in user_events(sender)] == list(TURNS), sender
