"""The guarded REST channel through Sanic's test client: a Sanic app with the channel's blueprint
and a fake assistant (`on_new_message`) in place of Rasa."""

from __future__ import annotations

import json
import uuid

import pytest
from sanic import Sanic

from bot.channels.payload import EMPTY_REPLY, MAX_BODY_BYTES, MAX_MESSAGE_LENGTH, UNAVAILABLE_REPLY
from bot.channels.rest import GuardedRestInput

WEBHOOK = "/webhooks/rest/webhook"
JSON = {"content-type": "application/json"}


class FakeAssistant:
    """Answers « reçu : <text> » through the channel's CollectingOutputChannel, like Rasa does."""

    def __init__(self, fail: bool = False, silent: bool = False) -> None:
        self.received = []
        self.fail, self.silent = fail, silent

    async def __call__(self, message) -> None:
        self.received.append(message)
        if self.fail:
            raise RuntimeError("the assistant failed")
        if not self.silent:
            await message.output_channel.send_text_message(message.sender_id, f"reçu : {message.text}")


def client(assistant: FakeAssistant):
    app = Sanic(f"rest-{uuid.uuid4().hex}")
    app.blueprint(GuardedRestInput().blueprint(assistant), url_prefix="/webhooks/rest")
    return app.test_client


def post(assistant: FakeAssistant, body: bytes, headers: dict[str, str] = JSON):
    _request, response = client(assistant).post(WEBHOOK, content=body, headers=headers)
    return response


def chat(**fields) -> bytes:
    return json.dumps(fields).encode()


def texts(response) -> list[str]:
    return [message["text"] for message in response.json]


def test_a_message_reaches_the_assistant_and_its_reply_comes_back():
    assistant = FakeAssistant()
    response = post(assistant, chat(sender="abc", message="bonjour"))
    assert response.status == 200
    assert response.json == [{"recipient_id": "abc", "text": "reçu : bonjour"}]
    (message,) = assistant.received
    assert (message.sender_id, message.input_channel, message.metadata) == ("abc", "rest", None)


def test_client_metadata_never_reaches_rasa():
    """Rasa would store it with the message (and in `session_started_metadata`): an IP address, a
    user agent or a page address sent by a client is dropped."""
    assistant = FakeAssistant()
    metadata = {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0", "page": "/contact?email=a@b.fr"}
    response = post(assistant, chat(sender="abc", message="bonjour", metadata=metadata))
    assert response.status == 200
    (message,) = assistant.received
    assert message.metadata is None


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"{not json", JSON, "not valid JSON"),
        (chat(sender="a", message="bonjour"), {"content-type": "text/plain"}, "Content-Type"),
        (chat(message="bonjour"), JSON, "'sender'"),
        (chat(sender="a", message=["bonjour"]), JSON, "'message'"),
        (chat(sender="a", message="x" * MAX_BODY_BYTES), JSON, "larger than"),
        (b'{"sender": "a", "message": "x", "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}", JSON, "nested"),
    ],
    ids=["not-json", "wrong-content-type", "missing-sender", "message-not-a-string", "too-big", "deeply-nested"],
)
def test_bad_requests_get_a_400_with_a_reason(body, headers, reason):
    assistant = FakeAssistant()
    response = post(assistant, body, headers)
    assert response.status == 400
    assert reason in response.json["error"]
    assert assistant.received == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("   ", EMPTY_REPLY), ("é" * (MAX_MESSAGE_LENGTH + 1), f"trop long ({MAX_MESSAGE_LENGTH + 1} caractères)")],
    ids=["empty", "too-long"],
)
def test_empty_and_too_long_messages_get_a_polite_reply_without_the_assistant(text, expected):
    assistant = FakeAssistant()
    response = post(assistant, chat(sender="a", message=text))
    assert response.status == 200
    assert response.json[0]["recipient_id"] == "a" and expected in texts(response)[0]
    assert assistant.received == []


def test_a_lone_surrogate_reaches_the_assistant_as_a_replacement_character():
    assistant = FakeAssistant()
    response = post(assistant, b'{"sender": "a", "message": "merci \\ud83d"}')
    assert response.status == 200 and texts(response) == ["reçu : merci \ufffd"]


@pytest.mark.parametrize("assistant", [FakeAssistant(fail=True), FakeAssistant(silent=True)], ids=["raises", "silent"])
def test_the_unavailable_reply_when_the_assistant_fails_or_says_nothing(assistant):
    response = post(assistant, chat(sender="a", message="bonjour"))
    assert response.status == 200
    assert texts(response) == [UNAVAILABLE_REPLY]
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


def test_the_health_route():
    _request, response = client(FakeAssistant()).get("/webhooks/rest/")
    assert response.status == 200 and response.json == {"status": "ok"}
