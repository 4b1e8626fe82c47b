"""The guarded socket.io channel: the same guard as REST (bot/channels/payload.py `screen`), on
Rasa's socket.io handler, with a fake assistant in place of Rasa and the emitted events collected."""

from __future__ import annotations

import pytest

from bot.channels.payload import EMPTY_REPLY, MAX_MESSAGE_LENGTH
from bot.channels.socketio_channel import GuardedSocketIOInput, screen_event


def nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


class Channel:
    """A GuardedSocketIOInput as credentials.yml configures it; `emitted` collects what it sends."""

    def __init__(self, monkeypatch, session_persistence: bool = True) -> None:
        self.received, self.emitted = [], []
        self.input = GuardedSocketIOInput.from_credentials(
            {
                "user_message_evt": "user_uttered",
                "bot_message_evt": "bot_uttered",
                "session_persistence": session_persistence,
            }
        )
        self.input.blueprint(self.on_new_message)

        async def emit(event, data=None, room=None, **_kwargs):
            self.emitted.append((event, data, room))

        monkeypatch.setattr(self.input.sio, "emit", emit)

    async def on_new_message(self, message) -> None:
        self.received.append(message)

    async def send(self, data, sid: str = "socket-1") -> None:
        await self.input.sio.handlers["/"]["user_uttered"](sid, data)


async def test_a_message_reaches_the_assistant_through_rasas_handler(monkeypatch):
    channel = Channel(monkeypatch)
    await channel.send({"message": "bonjour", "session_id": "s1", "metadata": {"ip": "203.0.113.7", "page": "/"}})
    (message,) = channel.received
    assert (message.text, message.sender_id, message.input_channel) == ("bonjour", "s1", "socketio")
    assert not message.metadata  # client metadata is never handed to Rasa, which would store it
    assert channel.emitted == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  ", EMPTY_REPLY),
        (None, EMPTY_REPLY),
        ("x" * (MAX_MESSAGE_LENGTH + 1), f"({MAX_MESSAGE_LENGTH + 1} caractères)"),
    ],
    ids=["blank", "missing", "too-long"],
)
async def test_empty_and_too_long_messages_get_the_polite_reply_as_a_bot_event(monkeypatch, text, expected):
    channel = Channel(monkeypatch)
    await channel.send({"message": text, "session_id": "s1"})
    assert channel.received == []
    ((event, data, room),) = channel.emitted
    assert (event, room) == ("bot_uttered", "s1") and expected in data["text"]


async def test_without_session_persistence_the_reply_goes_to_the_socket(monkeypatch):
    channel = Channel(monkeypatch, session_persistence=False)
    await channel.send({"message": ""}, sid="socket-9")
    assert [(event, room) for event, _data, room in channel.emitted] == [("bot_uttered", "socket-9")]


async def test_lone_surrogates_reach_the_assistant_as_replacement_characters(monkeypatch):
    channel = Channel(monkeypatch)
    await channel.send({"message": "merci \ud83d", "session_id": "s1", "metadata": '{"k": "\\udc00"}'})
    (message,) = channel.received
    assert message.text == "merci \ufffd" and not message.metadata


@pytest.mark.parametrize(
    "data",
    [
        "bonjour",
        {"message": 42, "session_id": "s1"},
        {"message": "bonjour", "session_id": "s1", "metadata": "[" * 5000 + "]" * 5000},
        {"message": "bonjour", "session_id": "s1", "metadata": "{not json"},
        {"message": "bonjour", "session_id": "s1", "extra": nested(5000)},
    ],
    ids=["not-an-object", "message-not-a-string", "deeply-nested-metadata", "metadata-not-json", "deeply-nested"],
)
async def test_malformed_events_are_dropped_with_a_warning(monkeypatch, caplog, data):
    channel = Channel(monkeypatch)
    await channel.send(data)
    assert channel.received == [] and channel.emitted == []
    assert "Dropped a socket.io message" in caplog.text


def test_the_guard_is_the_rest_guard():
    assert screen_event({"message": "   "}) == (None, EMPTY_REPLY)
    assert screen_event({"message": "ok \ud800", "session_id": "s"}) == (
        {"message": "ok \ufffd", "session_id": "s"},
        None,
    )


async def test_a_session_request_joins_the_session_room(monkeypatch):
    """Rasa 3.6 forgot to await python-socketio 5's enter_room: no reply ever reached the client."""
    channel = Channel(monkeypatch)
    entered = []

    async def enter_room(sid, room, namespace=None):
        entered.append((sid, room))

    monkeypatch.setattr(channel.input.sio, "enter_room", enter_room)
    await channel.input.sio.handlers["/"]["session_request"]("socket-1", {"session_id": "s1"})
    assert entered == [("socket-1", "s1")]
    assert channel.emitted == [("session_confirm", "s1", "socket-1")]
