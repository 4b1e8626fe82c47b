"""Two Rasa replicas sharing the PostgreSQL tracker store and the Redis lock store, one action
server: a conversation alternating between replicas keeps its state, and 20 concurrent
conversations lose or duplicate no event. And `REPLICAS=2` / `SANIC_WORKERS=2` with `make run`'s
supervisor: every Rasa server answers, and Ctrl-C stops every process within 5 s. Uses the
PostgreSQL and Redis servers of the machine: skipped with the reason when one is missing, failed
when CI=true (tests/services.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from bot.runtime import settings
from evaluation.assistant import assistant_env, by_name, free_port_block, post_message, reply_text, say, started
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
        "LOCK_STORE_PREFIX": f"esstest{uuid.uuid4().hex[:8]}",  # alphanumeric, or Rasa ignores it
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


@pytest.mark.parametrize("scale", [{"REPLICAS": "2"}, {"SANIC_WORKERS": "2"}], ids=["replicas", "workers"])
def test_make_run_starts_several_rasa_processes_and_stops_them_all_within_the_promise(tmp_path, scale):
    """`REPLICAS=2 make run` / `SANIC_WORKERS=2 make run`: every Rasa server answers, with the same
    conversation state, and Ctrl-C stops every process (workers included) within 5 s."""
    require(postgres_problem(POSTGRES_URL))
    require(redis_problem(REDIS_HOST))
    env = assistant_env(
        tmp_path,
        PORT=str(free_port_block(2)),
        TRACKER_STORE_URL=POSTGRES_URL,
        LOCK_STORE_TYPE="redis",
        LOCK_STORE_HOST=REDIS_HOST,
        LOCK_STORE_PREFIX=f"esstest{uuid.uuid4().hex[:8]}",  # alphanumeric, or Rasa ignores it
        **scale,
    )
    log_path = tmp_path / "serve.log"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.serve"],
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like `make run` in a terminal
    )
    sender = f"replica-{uuid.uuid4().hex[:8]}-lifecycle"
    try:
        deadline = time.monotonic() + 600
        while "L'assistant est prêt" not in log_path.read_text() and time.monotonic() < deadline:
            assert supervisor.poll() is None, log_path.read_text()[-3000:]
            time.sleep(1)
        ports = settings.replica_ports(env)
        assert len(ports) == int(scale.get("REPLICAS", "1"))
        for port in ports:
            assert reply_text(post_message(f"http://127.0.0.1:{port}", sender, "c'est quoi une SCIC ?")).strip()
        group = process_group(supervisor.pid)
        assert len(group) >= 3 + int(scale.get("SANIC_WORKERS", "1"))  # serve, actions, Rasa (+ workers), web
        started = time.monotonic()
        os.killpg(supervisor.pid, signal.SIGINT)  # Ctrl-C in a terminal
        supervisor.wait(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
        with psycopg2.connect(POSTGRES_URL) as db, db.cursor() as cursor:
            cursor.execute("DELETE FROM events WHERE sender_id = %s", (sender,))
    assert elapsed < 5.0, f"stopped in {elapsed:.1f} s, the README promises less than 5 s"
    assert supervisor.returncode == 0 and "Assistant arrêté." in log_path.read_text()
    time.sleep(0.5)
    assert not [pid for pid in group if alive(pid)], "a process outlived the stop"


def process_group(supervisor: int) -> list[int]:
    """The supervisor and every process it started, children of children included (Sanic workers)."""
    from evaluation.bench.machine import parent_pids, process_tree

    return process_tree(supervisor, parent_pids())


def alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
