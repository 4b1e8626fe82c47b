"""The benchmark's plot: p95 latency against concurrent conversations, one line per bot or setup,
one panel per load profile (PNG next to the Markdown report)."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from evaluation.bench.load import PROFILES
from evaluation.bench.results import LevelResult


def series(results: list[LevelResult], profile: str) -> dict[str, list[tuple[int, float]]]:
    """bot/setup -> [(conversations, p95 ms)], sorted by level, levels without a p95 left out."""
    lines: dict[str, list[tuple[int, float]]] = {}
    for r in results:
        p95 = r.percentile(95)
        if r.profile == profile and not math.isnan(p95):
            lines.setdefault(r.bot, []).append((r.level, p95))
    return {bot: sorted(points) for bot, points in lines.items()}


def plot_p95(results: list[LevelResult], path: Path) -> bool:
    """Write the plot; False (nothing written) when there is nothing to draw."""
    profiles = [p for p in PROFILES.values() if series(results, p.name)]
    if not profiles:
        return False
    with warnings.catch_warnings():  # matplotlib 3.5 calls pyparsing's deprecated camelCase names
        warnings.simplefilter("ignore", DeprecationWarning)
        return draw(results, profiles, path)


def draw(results: list[LevelResult], profiles: list, path: Path) -> bool:
    """One panel per profile (p95 on a log scale: the setups differ by orders of magnitude)."""
    import matplotlib

    from evaluation.bench.report import BOT_SHORT

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(profiles), figsize=(6 * len(profiles), 4.5), squeeze=False)
    for axis, profile in zip(axes[0], profiles, strict=True):
        lines = series(results, profile.name)
        levels_measured = sorted({level for points in lines.values() for level, _ in points})
        for bot, points in lines.items():
            levels, p95 = zip(*points, strict=True)
            axis.plot(levels, p95, marker="o", label=BOT_SHORT.get(bot, bot))
        axis.set_title(f"Profil {profile.name}")
        axis.set_xlabel("Conversations simultanées")
        axis.set_ylabel("p95 (ms)")
        axis.set_xscale("log")
        axis.set_xticks(levels_measured, [str(level) for level in levels_measured])
        axis.minorticks_off()
        axis.set_yscale("log")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True
