"""What the guarded REST channel accepts, refuses (400) or answers without Rasa."""

from __future__ import annotations

import json

import pytest

from bot.channels.payload import MAX_MESSAGE_LENGTH, PayloadError, immediate_reply, parse

JSON = "application/json"


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_normal_message():
    message = parse(body(sender="abc-123", message="bonjour"), "application/json; charset=utf-8")
    assert (message.sender, message.text) == ("abc-123", "bonjour")
    assert immediate_reply(message) is None


@pytest.mark.parametrize(
    ("raw", "content_type", "reason"),
    [
        (b"{not json", JSON, "not valid JSON"),
        (b"[1, 2]", JSON, "JSON object"),
        (body(sender="a", message="x"), "text/plain", "Content-Type"),
        (body(message="hello"), JSON, "'sender'"),
        (body(sender="", message="hello"), JSON, "'sender'"),
        (body(sender="<script>", message="hello"), JSON, "'sender'"),
        (body(sender="a" * 129, message="hello"), JSON, "'sender'"),
        (body(sender="a", message=42), JSON, "'message'"),
        (body(sender="a", message="x", metadata="y"), JSON, "'metadata'"),
        (b"x" * 70_000, JSON, "larger than"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw, content_type, reason):
    with pytest.raises(PayloadError, match=reason):
        parse(raw, content_type)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_messages_get_a_polite_reply(text):
    assert "vide" in immediate_reply(parse(body(sender="a", message=text), JSON))


def test_too_long_messages_get_a_polite_reply_with_the_limit():
    reply = immediate_reply(parse(body(sender="a", message="é" * 10_000), JSON))
    assert "10000 caractères" in reply and str(MAX_MESSAGE_LENGTH) in reply


def test_a_message_at_the_limit_goes_to_the_assistant():
    assert immediate_reply(parse(body(sender="a", message="a" * MAX_MESSAGE_LENGTH), JSON)) is None
