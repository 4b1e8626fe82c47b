"""Faults: action server down, Rasa server restarted mid-journey, bad input of every kind."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from bot.channels.payload import UNAVAILABLE_REPLY
from bot.knowledge import load
from evaluation.assistant import assistant_env, by_name, reply_text, say, started


def test_action_server_down_then_back(tmp_path):
    env = assistant_env(tmp_path)
    log = tmp_path / "assistant.log"
    sender = "fault-actions"
    with started([by_name(env)["rasa"]], log):
        with started([by_name(env)["actions"]], log):
            assert "temps plein" in reply_text(say(env, sender, "c'est quoi un groupement d'employeurs ?"))
        down = reply_text(say(env, sender, "et ses avantages ?"))
        assert down == UNAVAILABLE_REPLY
        with started([by_name(env)["actions"]], log):
            back = reply_text(say(env, sender, "et ses avantages ?"))
    assert answers_ge_advantages(back)  # the topic survived the outage


def answers_ge_advantages(text: str) -> bool:
    """Whether a reply opens with the answer of one of the units on the GE's advantages: the
    follow-up « et ses avantages ? » kept the topic of the conversation."""
    openings = [unit.answer for unit in load().units.values() if unit.topic == "ge" and unit.aspect == "advantages"]
    assert openings
    return any(text.startswith(opening) for opening in openings)


def test_rasa_restarted_in_the_middle_of_the_quiz(tmp_path):
    env = assistant_env(tmp_path)
    log = tmp_path / "assistant.log"
    sender = "fault-restart-quiz"
    with started([by_name(env)["actions"]], log):
        with started([by_name(env)["rasa"]], log):
            assert "Pourquoi coopérez-vous ?" in reply_text(say(env, sender, "je veux faire le quiz"))
            assert "Quand coopérez-vous ?" in reply_text(say(env, sender, "3"))
        with started([by_name(env)["rasa"]], log):
            assert "niveau d'implication" in reply_text(say(env, sender, "2"))


def post(env: dict[str, str], body: bytes, content_type: str = "application/json") -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{env['PORT']}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def message(text: str, sender: str = "bad-input") -> bytes:
    return json.dumps({"sender": sender, "message": text}).encode()


BAD_MESSAGES = {
    "empty": "",
    "spaces": "   ",
    "huge": "coopération " * 1000,
    "emoji": "🤝🙂🎉",
    "english": "What is the weather like in London today?",
    "spanish": "hola, ¿qué tal? necesito un billete de tren",
    "html": "<img src=x onerror=alert(1)>",
    "script": "<script>alert('x')</script>",
    "sql": "'; DROP TABLE events; --",
    "payload_injection": '/ask_definition{"topic": "../../etc/passwd"}',
}


@pytest.mark.parametrize("name", sorted(BAD_MESSAGES))
def test_bad_messages_get_a_polite_reply(assistant, name):
    status, body = post(assistant, message(BAD_MESSAGES[name], sender=f"bad-{name}"))
    assert status == 200
    replies = json.loads(body)
    text = " ".join(r.get("text") or "" for r in replies)
    assert text.strip()
    assert "Traceback" not in text and "onerror" not in text and "<script" not in text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (json.dumps({"message": "bonjour"}).encode(), "application/json"),
        (message("bonjour"), "text/plain"),
        (b"", "application/json"),
    ],
    ids=["invalid-json", "missing-sender", "wrong-content-type", "no-body"],
)
def test_bad_requests_get_a_4xx_never_a_500(assistant, body, content_type):
    status, text = post(assistant, body, content_type)
    assert 400 <= status < 500
    assert "Traceback" not in text


def test_bad_input_does_not_lose_the_conversation(assistant):
    sender = "bad-then-good"
    assert "temps plein" in reply_text(say(assistant, sender, "c'est quoi un GE ?"))
    for text in ("", "x" * 5000, "🤝", "<b>bold</b>"):
        post(assistant, message(text, sender=sender))
    assert answers_ge_advantages(reply_text(say(assistant, sender, "et ses avantages ?")))


def test_deep_nesting_and_lone_surrogates_never_break_the_conversation(assistant):
    """Found by probing: 5 000 nested arrays in an extra field got an HTTP 500, and a lone UTF-16
    surrogate (half an emoji) the « service indisponible » reply although the service was fine.
    Now: a 400 with the reason, a normal reply, and the conversation goes on as if nothing happened
    (the same replies as a twin conversation that never sent the bad bodies)."""
    sender, first, follow_up = "bad-encoding", "c'est quoi un GE ?", "et ses inconvénients ?"
    twin = [reply_text(say(assistant, "bad-encoding-twin", text)) for text in (first, follow_up)]
    assert reply_text(say(assistant, sender, first)) == twin[0]
    nested = b'{"sender": "bad-encoding", "message": "bonjour", "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    status, text = post(assistant, nested)
    assert status == 400 and "nested deeper than" in json.loads(text)["error"], (status, text)
    replies = []
    for message_json in (b'"\\ud83d"', b'"et ses inconv\\u00e9nients \\ud83d ?"'):
        status, text = post(assistant, b'{"sender": "bad-encoding", "message": ' + message_json + b"}")
        assert status == 200, (status, text)
        replies.append(reply_text(json.loads(text)))
        assert replies[-1].strip() and UNAVAILABLE_REPLY not in replies[-1], replies[-1]
    assert replies[-1] == twin[1]  # the words around the half emoji reached the assistant, in context
    last = reply_text(say(assistant, sender, "et ses avantages ?"))
    assert last.strip() and UNAVAILABLE_REPLY not in last, last
