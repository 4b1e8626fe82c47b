"""Check what a client POSTs to the REST webhook, before Rasa sees it. No Rasa import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_MESSAGE_LENGTH = 1000
MAX_BODY_BYTES = 64 * 1024
SENDER_PATTERN = re.compile(r"^[\w.:@-]{1,128}$")

EMPTY_REPLY = "Votre message est vide. Posez-moi une question sur la coopération entre associations."
TOO_LONG_REPLY = (
    "Votre message est trop long ({length} caractères). Merci de le résumer en moins de "
    f"{MAX_MESSAGE_LENGTH} caractères : je pourrai alors vous répondre."
)
UNAVAILABLE_REPLY = (
    "Le service est momentanément indisponible. Votre conversation est conservée : réessayez dans un instant."
)


class PayloadError(ValueError):
    """The request cannot be a chat message (answered with HTTP 400 and this reason)."""


@dataclass(frozen=True)
class ChatMessage:
    sender: str
    text: str
    metadata: dict | None = None


def parse(body: bytes, content_type: str | None) -> ChatMessage:
    """A chat message from a raw request body, or PayloadError saying what is wrong."""
    if not (content_type or "").lower().startswith("application/json"):
        raise PayloadError("Content-Type must be application/json")
    if len(body) > MAX_BODY_BYTES:
        raise PayloadError(f"request body larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise PayloadError("request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise PayloadError("request body must be a JSON object")
    sender, text, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise PayloadError("'sender' must be 1 to 128 letters, digits or . : @ - _")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise PayloadError("'message' must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise PayloadError("'metadata' must be an object")
    return ChatMessage(sender, text, metadata)


def immediate_reply(message: ChatMessage) -> str | None:
    """The reply given without asking Rasa (empty or too long message), else None."""
    if not message.text.strip():
        return EMPTY_REPLY
    if len(message.text) > MAX_MESSAGE_LENGTH:
        return TOO_LONG_REPLY.format(length=len(message.text))
    return None
