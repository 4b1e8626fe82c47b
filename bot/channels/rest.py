"""The REST channel with guards: bad requests get a 400 with a reason, empty or too long
messages a polite French reply without touching the conversation (bot/channels/payload.py, the
same guard as the socket.io channel), lone UTF-16 surrogates become « � », and a reply that came out
empty (the action server is down, an action failed) the « service momentanément indisponible »
message. Client metadata is dropped (payload.ALLOWED_METADATA): nothing a client adds to a message
is stored. Configured in credentials.yml in place of Rasa's own `rest` channel.

Its blueprint also carries the widget's « Effacer ma conversation »: POST /webhooks/rest/erase
with {"sender": "..."} deletes that conversation from the tracker store (bot/channels/erasure.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import erasure
from bot.channels.payload import UNAVAILABLE_REPLY, PayloadError, allowed_metadata, parse, parse_erase, screen

logger = logging.getLogger(__name__)

NOTHING_TO_ERASE = "Aucune conversation n'est enregistrée sous cet identifiant : rien n'a été effacé."
ERASE_FAILED = "L'effacement n'a pas pu être fait pour le moment. Réessayez dans un instant."
ERASE_UNAVAILABLE = (
    "Ce serveur ne sait pas effacer une conversation de son stockage : demandez l'effacement au site "
    "qui héberge l'assistant."
)


def bot_message(sender: str, text: str) -> dict:
    return {"recipient_id": sender, "text": text}


class GuardedRestInput(RestInput):
    """POST /webhooks/rest/webhook with {"sender": "...", "message": "..."};
    POST /webhooks/rest/erase with {"sender": "..."}."""

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
            metadata = allowed_metadata(message.metadata)
            try:
                await on_new_message(
                    UserMessage(text, collector, message.sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:  # never a stack trace to the client; the log keeps it
                logger.exception("Failed to handle a REST message")
            return response.json(collector.messages or [bot_message(message.sender, UNAVAILABLE_REPLY)])

        @webhook.route("/erase", methods=["POST"])
        async def erase(request: Request) -> HTTPResponse:
            try:
                sender = parse_erase(request.body, request.headers.get("content-type"))
            except PayloadError as error:
                return response.json({"error": str(error)}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or getattr(agent, "tracker_store", None) is None:
                return response.json({"error": ERASE_FAILED}, status=503)
            try:
                erased = await erasure.erase(agent, sender)
            except erasure.ErasureUnavailable as error:
                logger.error("Erasure requested, but %s", error)
                return response.json({"error": ERASE_UNAVAILABLE}, status=501)
            except LockError:
                logger.warning("Could not take the conversation lock to erase a conversation")
                return response.json({"error": ERASE_FAILED}, status=503)
            except Exception:  # never a stack trace to the client; the log keeps it
                logger.exception("Failed to erase a conversation")
                return response.json({"error": ERASE_FAILED}, status=500)
            if erased == 0:
                return response.json({"erased": 0, "error": NOTHING_TO_ERASE}, status=404)
            return response.json({"erased": erased})

        return webhook
