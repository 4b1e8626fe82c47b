"""The load generator: concurrent conversations on the REST channel, in one of two load profiles."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp

from evaluation.bench.results import Sample, classify_reply

WEBHOOK = "/webhooks/rest/webhook"
REQUEST_TIMEOUT = 30.0
WARMUP_REQUESTS = 5


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
    """POST one message and time it; never raises."""
    start = time.perf_counter()
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
    return Sample((time.perf_counter() - start) * 1000, error)


async def conversation(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    messages: Sequence[str],
    offset: int,
    count: int,
    profile: Profile = BURST,
) -> list[Sample]:
    """`count` sequential messages from one sender, round-robin through `messages` starting at `offset`.
    The profile's pause comes before each message, the first included: people do not all arrive in the
    same millisecond. Pauses are seeded by the offset, so a run is repeatable."""
    rng = random.Random(offset)
    samples = []
    for i in range(count):
        await asyncio.sleep(profile.pause(rng))
        samples.append(await post_message(session, url, sender, messages[(offset + i) % len(messages)]))
    return samples


def new_session(level: int) -> aiohttp.ClientSession:
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    return aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=max(level, 1)))


async def run_level(
    url: str, level: int, count: int, messages: Sequence[str], run_id: str, profile: Profile
) -> tuple[list[Sample], float]:
    """Warm up, then `level` concurrent conversations; returns their samples and the wall time."""
    async with new_session(level) as session:
        warmup = f"bench-{run_id}-{profile.name}-{level}-warmup"
        await conversation(session, url, warmup, messages, 0, WARMUP_REQUESTS)
        start = time.perf_counter()
        senders = [f"bench-{run_id}-{profile.name}-{level}-{i}" for i in range(level)]
        per_sender = await asyncio.gather(
            *(conversation(session, url, sender, messages, i, count, profile) for i, sender in enumerate(senders))
        )
        wall = time.perf_counter() - start
    return [s for samples in per_sender for s in samples], wall
