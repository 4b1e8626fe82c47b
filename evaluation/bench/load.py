"""The load generator: concurrent conversations on the REST channel, in one of two load profiles."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp

from evaluation.bench.results import Sample, bot_events, classify_reply

WEBHOOK = "/webhooks/rest/webhook"
REQUEST_TIMEOUT = 30.0
WARMUP_REQUESTS = 5  # per warm-up conversation
WARMUP_CONVERSATIONS = 2


@dataclass(frozen=True)
class Profile:
    """How a simulated person paces a conversation: a pause drawn in [min, max] seconds before each
    message (reading the previous reply and typing)."""

    name: str
    title: str
    think_min_s: float
    think_max_s: float

    def pause(self, rng: random.Random) -> float:
        return rng.uniform(self.think_min_s, self.think_max_s) if self.think_max_s > 0 else 0.0


# A person reads a three-sentence answer and types the next question: several seconds. One to three
# seconds is a fast reader and typist, so this profile errs on the side of more load.
REALISTIC = Profile(
    "realistic",
    "Réaliste : une pause de 1 à 3 s (lecture et frappe) avant chaque message, le premier compris",
    1.0,
    3.0,
)
# No pause: each conversation sends its next message as soon as it has the reply. This measures the
# server's capacity (it saturates), not what people typing in a chat window produce.
BURST = Profile("burst", "Rafale : le message suivant part dès la réponse reçue (saturation)", 0.0, 0.0)
PROFILES = {p.name: p for p in (REALISTIC, BURST)}


async def post_message(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Sample:
    """POST one message and time it; never raises. The sample keeps the sender and how many bot
    responses came back (the tracker store must hold as many `bot` events: evaluation/bench/events.py)."""
    start = time.perf_counter()
    body = None
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            try:
                body = await response.json(content_type=None)
            except ValueError:
                body = None
            error = classify_reply(response.status, body)
    except asyncio.TimeoutError:
        error = "timeout"
    except aiohttp.ClientError as exc:
        error = f"network_{type(exc).__name__}"
    replies = bot_events(body) if error is None and isinstance(body, list) else 0
    return Sample((time.perf_counter() - start) * 1000, error, sender, replies)


def pick(urls: str | Sequence[str], conversation: int, turn: int) -> str:
    """The server of one message: with several (replicas), round-robin over conversations and turns,
    as a load balancer without stickiness would do (a conversation alternates between replicas)."""
    if isinstance(urls, str):
        return urls
    return urls[(conversation + turn) % len(urls)]


async def conversation(
    session: aiohttp.ClientSession,
    url: str | Sequence[str],
    sender: str,
    messages: Sequence[str],
    offset: int,
    count: int,
    profile: Profile = BURST,
) -> list[Sample]:
    """`count` sequential messages from one sender, round-robin through `messages` starting at `offset`.
    The profile's pause comes before each message, the first included: people do not all arrive in the
    same millisecond. Pauses are seeded by the offset, so a run is repeatable. `url`: one server, or a
    list of replicas (see `pick`)."""
    rng = random.Random(offset)
    samples = []
    for i in range(count):
        await asyncio.sleep(profile.pause(rng))
        text = messages[(offset + i) % len(messages)]
        samples.append(await post_message(session, pick(url, offset, i), sender, text))
    return samples


def new_session(level: int) -> aiohttp.ClientSession:
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    return aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=max(level, 1)))


async def run_level(
    url: str | Sequence[str],
    level: int,
    count: int,
    messages: Sequence[str],
    run_id: str,
    profile: Profile,
    setup: str = "",
) -> tuple[list[Sample], float]:
    """Warm up, then `level` concurrent conversations; returns their samples and the wall time.
    Sender ids are unique to the run, setup, profile and level (and never reused by a later level)."""
    prefix = "-".join(part for part in ("bench", run_id, setup, profile.name, str(level)) if part)
    async with new_session(level) as session:
        # Two concurrent warm-up conversations: with two connections, both workers or replicas get some.
        await asyncio.gather(
            *(
                conversation(session, url, f"{prefix}-warmup-{k}", messages, k, WARMUP_REQUESTS)
                for k in range(WARMUP_CONVERSATIONS)
            )
        )
        start = time.perf_counter()
        senders = [f"{prefix}-{i}" for i in range(level)]
        per_sender = await asyncio.gather(
            *(conversation(session, url, sender, messages, i, count, profile) for i, sender in enumerate(senders))
        )
        wall = time.perf_counter() - start
    return [s for samples in per_sender for s in samples], wall


async def sequential(url: str, total: int, per_conversation: int, messages: Sequence[str], run_id: str) -> list[Sample]:
    """`total` messages one after the other, in conversations of `per_conversation` (the memory probe)."""
    samples: list[Sample] = []
    async with new_session(1) as session:
        for number in range(0, total, per_conversation):
            count = min(per_conversation, total - number)
            sender = f"bench-{run_id}-memory-{number // per_conversation}"
            samples += await conversation(session, url, sender, messages, number, count, BURST)
    return samples
