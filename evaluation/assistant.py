"""Start the real assistant (action server + Rasa server + web page) on free ports: used by the
end-to-end tests, the evaluation report and the benchmark."""

from __future__ import annotations

import json
import os
import socket
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.runtime import settings
from bot.runtime.serve import services
from bot.runtime.supervisor import Service, stop_all, wait_ready

READY_TIMEOUT = 300.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block(count: int, attempts: int = 50) -> int:
    """The first of `count` consecutive free ports (Rasa replicas listen on PORT, PORT+1…)."""
    for _ in range(attempts):
        first = free_port()
        try:
            for port in range(first + 1, first + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {count} consecutive free ports found")


def assistant_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A complete environment for one assistant with its own ports and SQLite file."""
    env = dict(os.environ)
    env.update(
        PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'tracker.db'}",
    )
    env.update(overrides)
    return settings.resolve(env)


@contextmanager
def started(service_list: list[Service], log_path: Path) -> Iterator[list[Service]]:
    """Start services, wait until they answer, and always stop them."""
    with log_path.open("ab") as log:
        for service in service_list:
            service.start(log)
        try:
            if not wait_ready(service_list, READY_TIMEOUT):
                raise RuntimeError(f"assistant did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")
            yield service_list
        finally:
            stop_all(service_list)


def by_name(env: dict[str, str]) -> dict[str, Service]:
    return {s.name: s for s in services(env)}


def post_message(url: str, sender: str, message: str, timeout: float = 30) -> list[dict]:
    """POST one message to the REST channel of the assistant at `url`; the bot's messages."""
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"[]")


def tracker_slots(url: str, sender: str, token: str, timeout: float = 30) -> dict:
    """The slots of one conversation, read through Rasa's HTTP API (on when RASA_API_TOKEN is set)."""
    query = urllib.parse.urlencode({"include_events": "NONE", "token": token})
    address = f"{url}/conversations/{urllib.parse.quote(sender)}/tracker?{query}"
    with urllib.request.urlopen(address, timeout=timeout) as response:
        return json.loads(response.read() or b"{}").get("slots") or {}


def say(env: dict[str, str], sender: str, message: str, timeout: float = 30) -> list[dict]:
    """POST one message to the assistant started with `env`."""
    return post_message(f"http://127.0.0.1:{env['PORT']}", sender, message, timeout)


def reply_text(messages: list[dict]) -> str:
    """All texts and button titles of a reply, joined (the way the evaluation reads a reply)."""
    parts = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts.extend(b.get("title", "") for b in message.get("buttons") or [])
    return "\n".join(parts)
