"""The socket.io channel with the REST channel's guards (bot/channels/payload.py `screen`): an
empty or too long message gets the same polite French reply, emitted as a bot message without
touching the conversation, lone UTF-16 surrogates become « � », and client metadata is dropped
(payload.ALLOWED_METADATA: nothing a client adds to a message is stored). Configured in credentials.yml
in place of Rasa's own `socketio` channel; everything else is Rasa's channel, with one fix: Rasa 3.6
calls python-socketio 5's `enter_room` coroutine without awaiting it, so with session persistence
the socket never joined its session's room and no reply ever reached the client."""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.payload import PayloadError, allowed_metadata, clean, load_json, screen

logger = logging.getLogger(__name__)


def screen_event(data: Any, metadata_key: str = "metadata") -> tuple[dict | None, str | None]:
    """A socket.io user message checked like a REST one: (the event data to hand to Rasa, without
    the metadata Rasa may not store, or None when the message is dropped or answered here; the
    reply to emit without Rasa, or None)."""
    if not isinstance(data, dict):
        logger.warning("Dropped a socket.io message that is not an object")
        return None, None
    text = data.get("message")
    if text is None:
        text = ""
    if not isinstance(text, str):
        logger.warning("Dropped a socket.io message whose 'message' is not a string")
        return None, None
    metadata = data.get(metadata_key)
    try:  # Rasa's channel would json.loads a string itself, unguarded
        metadata = load_json(metadata) if isinstance(metadata, str) else clean(metadata)
        event = clean(data)
    except (PayloadError, RecursionError) as error:
        logger.warning("Dropped a socket.io message with bad metadata or nesting: %s", error)
        return None, None
    text, reply = screen(text)
    if reply is not None:
        return None, reply
    event["message"] = text
    event.pop(metadata_key, None)
    kept = allowed_metadata(metadata)
    if kept is not None:
        event[metadata_key] = kept
    return event, None


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel; its user message handler is wrapped by `screen_event`."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        rasa_handler = sio.handlers[self.namespace or "/"][self.user_message_evt]

        async def handle_message(sid: str, data: Any) -> None:
            event, reply = screen_event(data, self.metadata_key)
            if event is not None:
                await rasa_handler(sid, event)
            elif reply is not None:
                # Rasa's handler answers the session's room when sessions persist, else the socket.
                recipient = data.get("session_id") if self.session_persistence else sid
                if recipient:
                    await SocketIOOutput(sio, self.bot_message_evt).send_text_message(recipient, reply)
                else:
                    await rasa_handler(sid, data)  # no session: Rasa warns and ignores the message

        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(entered):  # a coroutine in python-socketio 5
                    await entered
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        return webhook
