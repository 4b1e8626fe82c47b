"""What one benchmark level measured, and the statistics computed from it. Pure: no I/O."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.channels.payload import UNAVAILABLE_REPLY

if TYPE_CHECKING:
    from evaluation.bench.events import EventCheck


@dataclass
class Sample:
    """One request: its latency, why it failed (None when it succeeded), who sent it and how many bot
    responses came back."""

    latency_ms: float
    error: str | None = None
    sender: str = ""
    replies: int = 0  # bot events the reply stands for (see bot_events)


@dataclass
class LevelResult:
    """Everything measured for one bot, one load profile and one level of concurrency."""

    bot: str
    profile: str
    level: int
    samples: list[Sample]
    wall_s: float
    rss_rasa_mb: float | None = None
    rss_actions_mb: float | None = None
    pss_rasa_mb: float | None = None  # proportional memory: shared pages split between processes
    events: EventCheck | None = None  # tracker store check (None: not checked, e.g. in-memory store)

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def errors(self) -> Counter:
        """Count of failed requests by reason."""
        return Counter(s.error for s in self.samples if s.error is not None)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def latencies_ms(self) -> list[float]:
        """Latencies of the successful requests."""
        return [s.latency_ms for s in self.samples if s.error is None]

    @property
    def throughput(self) -> float:
        """Requests (all of them) per second of the level's wall time."""
        return self.requests / self.wall_s if self.wall_s > 0 else math.nan

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks (numpy's default); NaN if empty."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(ours: float | None, reference: float | None) -> float | None:
    """ours / reference, or None when either is missing, NaN, or the reference is not positive."""
    if ours is None or reference is None or math.isnan(ours) or math.isnan(reference) or reference <= 0:
        return None
    return ours / reference


def classify_reply(status: int, body: object) -> str | None:
    """Why a response is a failure, or None if it is a good one."""
    if status != 200:
        return f"http_{status}"
    if not isinstance(body, list):
        return "invalid_reply"
    if any(isinstance(m, dict) and m.get("text") == UNAVAILABLE_REPLY for m in body):
        return "unavailable"
    return None


TEXT_PARTS = ("text", "buttons", "quick_replies")
EXTRA_PARTS = ("custom", "image", "attachment", "elements")


def bot_events(body: list) -> int:
    """How many bot events (BotUttered) a REST reply stands for. Rasa's REST channel sends one bot
    response as several messages: its text (with buttons), then its custom payload, image, attachment
    and elements, each as a message of its own. A message starts a new response when it has a text,
    or a part the current response already has."""
    count = 0
    current: set[str] | None = None  # parts of the response being read
    for message in body:
        if not isinstance(message, dict):
            continue
        parts = {key for key in EXTRA_PARTS if message.get(key)}
        if current is None or any(message.get(key) for key in TEXT_PARTS) or parts & current:
            count += 1
            current = set()
        current |= parts
    return count


def select(results: list[LevelResult], profile: str) -> dict[int, LevelResult]:
    """The results of one load profile, by level."""
    return {r.level: r for r in results if r.profile == profile}
