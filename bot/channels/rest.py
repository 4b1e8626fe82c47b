"""The REST channel with guards: bad requests get a 400 with a reason, empty or too long
messages a polite French reply without touching the conversation (bot/channels/payload.py, the
same guard as the socket.io channel), lone UTF-16 surrogates become « � », and a reply that came out
empty (the action server is down, an action failed) the « service momentanément indisponible »
message. Configured in credentials.yml in place of Rasa's own `rest` channel."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.payload import UNAVAILABLE_REPLY, PayloadError, parse, screen

logger = logging.getLogger(__name__)


def bot_message(sender: str, text: str) -> dict:
    return {"recipient_id": sender, "text": text}


class GuardedRestInput(RestInput):
    """POST /webhooks/rest/webhook with {"sender": "...", "message": "..."}."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                message = parse(request.body, request.headers.get("content-type"))
            except PayloadError as error:
                return response.json({"error": str(error)}, status=400)
            text, reply = screen(message.text)
            if reply is not None:
                return response.json([bot_message(message.sender, reply)])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, message.sender, input_channel=self.name(), metadata=message.metadata)
                )
            except Exception:  # never a stack trace to the client; the log keeps it
                logger.exception("Failed to handle a REST message")
            return response.json(collector.messages or [bot_message(message.sender, UNAVAILABLE_REPLY)])

        return webhook
