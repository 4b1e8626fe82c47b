"""What one benchmark level measured, and the statistics computed from it. Pure: no I/O."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.channels.payload import UNAVAILABLE_REPLY


@dataclass
class Sample:
    """One request: its latency and, if it failed, why (None when it succeeded)."""

    latency_ms: float
    error: str | None = None


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


def select(results: list[LevelResult], profile: str) -> dict[int, LevelResult]:
    """The results of one load profile, by level."""
    return {r.level: r for r in results if r.profile == profile}
