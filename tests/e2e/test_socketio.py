"""The socket.io channel of the real assistant (credentials.yml), as a socket.io client uses it:
a session, the guards shared with REST, and replies that reach the client."""

from __future__ import annotations

import asyncio

import socketio

from bot.channels.payload import EMPTY_REPLY, MAX_MESSAGE_LENGTH, UNAVAILABLE_REPLY


async def conversation(port: str, texts: list[str]) -> list[list[str]]:
    """The bot texts received after each of `texts`, in one socket.io session."""
    client = socketio.AsyncClient()
    received: list[str] = []
    confirmed = asyncio.Event()
    client.on("bot_uttered", lambda data: received.append(data.get("text", "")))
    client.on("session_confirm", lambda _session: confirmed.set())
    # Polling: the websocket transport of this python-socketio needs a newer aiohttp than Rasa 3.6's.
    await client.connect(f"http://127.0.0.1:{port}", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": "socketio-e2e"})
        await asyncio.wait_for(confirmed.wait(), 30)
        replies = []
        for text in texts:
            received.clear()
            await client.emit("user_uttered", {"message": text, "session_id": "socketio-e2e"})
            for _ in range(300):  # replies come one event per message part: wait until they stop
                count = len(received)
                await asyncio.sleep(0.5 if received else 0.2)
                if received and len(received) == count:
                    break
            replies.append(list(received))
        return replies
    finally:
        await client.disconnect()


def test_socketio_guards_and_replies(assistant):
    empty, too_long, half_emoji, question = asyncio.run(
        conversation(assistant["PORT"], ["  ", "x" * (MAX_MESSAGE_LENGTH + 1), "merci \ud83d", "bonjour"])
    )
    assert empty == [EMPTY_REPLY]
    assert len(too_long) == 1 and f"({MAX_MESSAGE_LENGTH + 1} caractères)" in too_long[0]
    for reply in (half_emoji, question):
        assert reply and UNAVAILABLE_REPLY not in reply, reply
