"""What the guarded channels accept, refuse (400) or answer without Rasa."""

from __future__ import annotations

import json

import pytest

from bot.channels import payload
from bot.channels.payload import (
    EMPTY_REPLY,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_LENGTH,
    PayloadError,
    allowed_metadata,
    clean,
    nesting_depth,
    parse,
    parse_erase,
    screen,
)

JSON = "application/json"
LONE_SURROGATE = b'{"sender": "a", "message": "bonjour \\ud83d"}'


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def nested(levels: int) -> bytes:
    return b'{"sender": "a", "message": "x", "extra": ' + b"[" * levels + b"]" * levels + b"}"


def test_a_normal_message():
    message = parse(body(sender="abc-123", message="bonjour"), "application/json; charset=utf-8")
    assert (message.sender, message.text) == ("abc-123", "bonjour")
    assert screen(message.text) == ("bonjour", None)


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
        (b'{"sender": "a", "message": "\xff"}', JSON, "UTF-8"),
        (nested(5000), JSON, "nested deeper than"),
        (nested(MAX_JSON_DEPTH), JSON, "nested deeper than"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw, content_type, reason):
    with pytest.raises(PayloadError, match=reason):
        parse(raw, content_type)


def test_nesting_up_to_the_limit_is_accepted():
    assert parse(nested(MAX_JSON_DEPTH - 1), JSON).text == "x"


def test_brackets_inside_strings_are_text_not_nesting():
    text = '[{"a": "' + "[" * 500 + '\\" ]]"}]'
    assert nesting_depth(text) == 2
    assert parse(body(sender="a", message="[" * 900), JSON).text == "[" * 900


def test_a_recursion_error_of_the_json_parser_is_a_bad_request(monkeypatch):
    monkeypatch.setattr(payload, "MAX_JSON_DEPTH", 100_000)  # let the parser itself hit its limit
    with pytest.raises(PayloadError, match="nested deeper than"):
        parse(nested(5000), JSON)


def test_lone_surrogates_become_replacement_characters():
    message = parse(LONE_SURROGATE, JSON)
    text, reply = screen(message.text)
    assert (text, reply) == ("bonjour \ufffd", None)
    text.encode("utf-8")  # storable and sendable (a lone surrogate raises here)


def test_lone_surrogates_in_metadata_are_replaced_and_pairs_kept():
    raw = b'{"sender": "a", "message": "\\ud83d\\ude00", "metadata": {"k\\udc00": ["\\ud83d"]}}'
    message = parse(raw, JSON)
    assert message.text == "\U0001f600"
    assert message.metadata == {"k\ufffd": ["\ufffd"]}
    assert clean({"a": ["x\ud800", 1, None]}) == {"a": ["x\ufffd", 1, None]}


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_messages_get_a_polite_reply(text):
    assert screen(parse(body(sender="a", message=text), JSON).text)[1] == EMPTY_REPLY


def test_too_long_messages_get_a_polite_reply_with_the_limit():
    _text, reply = screen(parse(body(sender="a", message="é" * 10_000), JSON).text)
    assert "10000 caractères" in reply and str(MAX_MESSAGE_LENGTH) in reply


def test_a_message_at_the_limit_goes_to_the_assistant():
    assert screen("a" * MAX_MESSAGE_LENGTH)[1] is None


def test_an_erase_request_names_one_conversation():
    assert (
        parse_erase(body(sender="3f2c9a1e-7d4b-4c55-9a0e-2b8d1f6c4e21"), JSON) == "3f2c9a1e-7d4b-4c55-9a0e-2b8d1f6c4e21"
    )
    for sender in ("", "*", "%", "a b", "../a", None, 42):
        with pytest.raises(PayloadError, match="'sender'"):
            parse_erase(body(sender=sender), JSON)


def test_client_metadata_is_dropped_except_the_allow_list(monkeypatch):
    assert payload.ALLOWED_METADATA == frozenset()  # the widget sends none: nothing is kept
    assert allowed_metadata({"ip": "203.0.113.7", "user_agent": "x"}) is None
    assert allowed_metadata(None) is None and allowed_metadata("x") is None
    monkeypatch.setattr(payload, "ALLOWED_METADATA", frozenset({"lang"}))
    assert allowed_metadata({"lang": "fr", "ip": "203.0.113.7"}) == {"lang": "fr"}
