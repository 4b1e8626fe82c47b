"""Check what a client sends to a chat channel (REST or socket.io), before Rasa sees it. No Rasa import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_LENGTH = 1000
MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32  # a chat message is 2 levels deep; metadata gets a generous margin
SENDER_PATTERN = re.compile(r"^[\w.:@-]{1,128}$")
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
JSON_BRACKET = re.compile(r"[\[\]{}]")

EMPTY_REPLY = "Votre message est vide. Posez-moi une question sur la coopération entre associations."
TOO_LONG_REPLY = (
    "Votre message est trop long ({length} caractères). Merci de le résumer en moins de "
    f"{MAX_MESSAGE_LENGTH} caractères : je pourrai alors vous répondre."
)
# The widget (web/widget.js, ERROR_TEXT) shows the same text when it cannot reach the server.
UNAVAILABLE_REPLY = (
    "Le service est momentanément indisponible. Votre conversation est conservée : réessayez dans un instant."
)


# Client metadata a channel hands to Rasa with a message. Rasa stores it with the user event (and, at
# the start of a session, in the slot `session_started_metadata`): only these keys are kept, so that
# nothing a client adds (an IP address, a user agent, the page's address) is ever stored. The widget
# sends no metadata, so none is allowed.
ALLOWED_METADATA: frozenset[str] = frozenset()


class PayloadError(ValueError):
    """The request cannot be a chat message (answered with HTTP 400 and this reason)."""


@dataclass(frozen=True)
class ChatMessage:
    sender: str
    text: str
    metadata: dict | None = None


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in JSON_BRACKET.findall(JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def clean(value: Any) -> Any:
    """`value` with every lone UTF-16 surrogate (a JSON "\\ud83d" without its pair, which Rasa cannot
    store) replaced by U+FFFD « � », in strings, lists and objects (keys included)."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    return value


def load_json(text: str) -> Any:
    """Parsed and cleaned JSON, or PayloadError (invalid, or nested deeper than MAX_JSON_DEPTH)."""
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and nesting_depth(text) > MAX_JSON_DEPTH:
        raise PayloadError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return clean(json.loads(text))
    except RecursionError:
        raise PayloadError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:
        raise PayloadError("request body is not valid JSON") from None


def load_object(body: bytes, content_type: str | None) -> dict:
    """The JSON object of a raw request body, or PayloadError saying what is wrong."""
    if not (content_type or "").lower().startswith("application/json"):
        raise PayloadError("Content-Type must be application/json")
    if len(body) > MAX_BODY_BYTES:
        raise PayloadError(f"request body larger than {MAX_BODY_BYTES} bytes")
    try:
        text = (body or b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PayloadError("request body is not valid UTF-8 JSON") from None
    data = load_json(text)
    if not isinstance(data, dict):
        raise PayloadError("request body must be a JSON object")
    return data


def sender_of(data: dict) -> str:
    """The conversation id of a request: 1 to 128 letters, digits or . : @ - _ (never empty, never a
    pattern such as « * » or « % »), or PayloadError."""
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise PayloadError("'sender' must be 1 to 128 letters, digits or . : @ - _")
    return sender


def parse(body: bytes, content_type: str | None) -> ChatMessage:
    """A chat message from a raw request body, or PayloadError saying what is wrong."""
    data = load_object(body, content_type)
    sender = sender_of(data)
    text, metadata = data.get("message"), data.get("metadata")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise PayloadError("'message' must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise PayloadError("'metadata' must be an object")
    return ChatMessage(sender, text, metadata)


def parse_erase(body: bytes, content_type: str | None) -> str:
    """The conversation id of an erase request {"sender": "..."}, or PayloadError."""
    return sender_of(load_object(body, content_type))


def allowed_metadata(metadata: Any) -> dict | None:
    """The part of a client's metadata that Rasa may store (ALLOWED_METADATA), or None."""
    if not isinstance(metadata, dict):
        return None
    kept = {key: value for key, value in metadata.items() if key in ALLOWED_METADATA}
    return kept or None


def screen(text: str) -> tuple[str, str | None]:
    """The guard of every channel: the text Rasa may see (lone surrogates replaced), and the reply
    given without asking Rasa (empty or too long message, the conversation is not touched) or None."""
    text = clean(text)
    if not text.strip():
        return text, EMPTY_REPLY
    if len(text) > MAX_MESSAGE_LENGTH:
        return text, TOO_LONG_REPLY.format(length=len(text))
    return text, None
