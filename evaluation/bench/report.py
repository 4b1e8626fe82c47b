"""The benchmark's Markdown report and its targets. Pure: no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from evaluation.bench.load import PROFILES, REQUEST_TIMEOUT, WARMUP_REQUESTS, Profile
from evaluation.bench.results import LevelResult, ratio, select

OURS = "ours"
REFERENCE = "reference"
REFERENCE_SQLITE = "reference_sqlite"
BOT_TITLES = {
    OURS: "Notre assistant (ESS)",
    REFERENCE: "Référence : bot de démarrage Rasa (`rasa init`)",
    REFERENCE_SQLITE: "Référence avec le même tracker store SQLite que notre assistant (à infrastructure égale)",
}

TARGET_LEVEL = 10
TARGET_P95_MS = 150.0
TARGET_RATIO = 1.5


def fmt(value: float | None, digits: int = 0) -> str:
    """A number for a table cell; a dash when it is missing."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.{digits}f}"


def format_errors(result: LevelResult) -> str:
    """`0`, or the total followed by the reasons, e.g. `3 (timeout: 2, http_500: 1)`."""
    errors = result.errors
    if not errors:
        return "0"
    reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(errors.items()))
    return f"{result.error_count} ({reasons})"


def summary_line(r: LevelResult) -> str:
    """One line of progress on the console."""
    return (
        f"  [{r.bot}, {r.profile}] {r.level:>3} conv. : {r.requests} req., erreurs {format_errors(r)}, "
        f"p50 {fmt(r.percentile(50))} ms, p95 {fmt(r.percentile(95))} ms, p99 {fmt(r.percentile(99))} ms, "
        f"{fmt(r.throughput, 1)} req/s, RSS Rasa {fmt(r.rss_rasa_mb)} Mo, actions {fmt(r.rss_actions_mb)} Mo"
    )


def results_table(results: list[LevelResult]) -> str:
    """Markdown table of one bot in one profile: one row per level."""
    lines = [
        "| Conversations | Requêtes | Erreurs | p50 (ms) | p95 (ms) | p99 (ms) | Débit (req/s) "
        "| RSS Rasa (Mo) | RSS actions (Mo) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.level} | {r.requests} | {format_errors(r)} | {fmt(r.percentile(50))} | {fmt(r.percentile(95))} "
            f"| {fmt(r.percentile(99))} | {fmt(r.throughput, 1)} | {fmt(r.rss_rasa_mb)} | {fmt(r.rss_actions_mb)} |"
        )
    return "\n".join(lines)


def ratio_table(ours: list[LevelResult], reference: list[LevelResult]) -> str:
    """Markdown table of our p50/p95 divided by the reference's, at each level both were measured."""
    references = {r.level: r for r in reference}
    lines = ["| Conversations | p50 nous / référence | p95 nous / référence |", "|---:|---:|---:|"]
    for r in ours:
        ref = references.get(r.level)
        if ref is None:
            continue
        p50 = ratio(r.percentile(50), ref.percentile(50))
        p95 = ratio(r.percentile(95), ref.percentile(95))
        lines.append(f"| {r.level} | {fmt(p50, 2)} | {fmt(p95, 2)} |")
    return "\n".join(lines)


@dataclass
class Target:
    """One target: what it asks, whether it is met (None: not measured) and the measured value."""

    name: str
    met: bool | None
    measured: str

    @property
    def verdict(self) -> str:
        return {True: "ATTEINT", False: "NON ATTEINT", None: "NON MESURÉ"}[self.met]


def profile_targets(ours: list[LevelResult], reference: list[LevelResult], profile: Profile) -> list[Target]:
    """The latency and ratio targets at TARGET_LEVEL conversations, in one load profile."""
    at_level = select(ours, profile.name).get(TARGET_LEVEL)
    stock = [r for r in reference if r.bot == REFERENCE]
    ref_at_level = select(stock, profile.name).get(TARGET_LEVEL)
    p95 = at_level.percentile(95) if at_level else None
    ref_p95 = ref_at_level.percentile(95) if ref_at_level else None
    p95_ratio = ratio(p95, ref_p95)
    p95_known = p95 is not None and not math.isnan(p95)
    where = f"à {TARGET_LEVEL} conversations simultanées, profil {profile.name}"
    return [
        Target(f"p95 ≤ {TARGET_P95_MS:.0f} ms {where}", p95 <= TARGET_P95_MS if p95_known else None, f"{fmt(p95)} ms"),
        Target(
            f"p95 nous / p95 référence ≤ {TARGET_RATIO} {where}",
            p95_ratio <= TARGET_RATIO if p95_ratio is not None else None,
            f"ratio {fmt(p95_ratio, 2)}",
        ),
    ]


def evaluate_targets(ours: list[LevelResult], reference: list[LevelResult]) -> list[Target]:
    """0 error over everything measured, then the latency and ratio targets of each profile measured;
    the ratio is to the stock starter bot (`reference` may also hold the SQLite variant's results)."""
    errors = sum(r.error_count for r in ours)
    targets = [
        Target("0 erreur (notre assistant, tous profils et niveaux)", errors == 0 if ours else None, f"{errors}")
    ]
    for profile in PROFILES.values():
        if select(ours, profile.name):
            targets += profile_targets(ours, reference, profile)
    return targets


def targets_markdown(targets: list[Target]) -> str:
    """Markdown list: one line per target with its verdict."""
    return "\n".join(f"- **{t.verdict}** — {t.name} (mesuré : {t.measured})" for t in targets)


@dataclass
class RunInfo:
    """What the report says about the run itself."""

    machine: dict[str, str]
    levels: list[int]
    messages: int
    profiles: list[Profile]
    notes: list[str] = field(default_factory=list)


def profile_section(profile: Profile, ours: list[LevelResult], reference: list[LevelResult] | None) -> list[str]:
    """The tables of one load profile: ours, the reference's and the ratios."""
    mine = [r for r in ours if r.profile == profile.name]
    parts = [f"## Profil {profile.name} — {profile.title}", "", f"### {BOT_TITLES[OURS]}", ""]
    parts += [results_table(mine) if mine else "Non mesuré.", ""]
    for bot in (REFERENCE, REFERENCE_SQLITE) if reference is not None else ():
        theirs = [r for r in reference if r.profile == profile.name and r.bot == bot]
        if bot == REFERENCE_SQLITE and not theirs:
            continue
        parts += [f"### {BOT_TITLES[bot]}", "", results_table(theirs) if theirs else "Non mesuré.", ""]
        parts += ["Rapport à cette référence (même niveau) :", "", ratio_table(mine, theirs), ""]
    return parts


def render_report(info: RunInfo, ours: list[LevelResult], reference: list[LevelResult] | None) -> str:
    """The whole Markdown report."""
    parts = [
        "# Benchmark de charge",
        "",
        "## Machine et paramètres",
        "",
        *[f"- {key} : {value}" for key, value in info.machine.items()],
        f"- Niveaux (conversations simultanées) : {', '.join(map(str, info.levels))}",
        f"- Messages séquentiels par conversation : {info.messages}",
        *[f"- Profil {p.name} : {p.title}" for p in info.profiles],
        f"- Délai maximal par requête : {REQUEST_TIMEOUT:.0f} s ; échauffement non compté : "
        f"{WARMUP_REQUESTS} requêtes avant chaque niveau",
        "- Latences : requêtes réussies seulement ; débit : toutes les requêtes / durée du niveau (pauses "
        "comprises) ; RSS : processus et ses enfants, relevé après chaque niveau",
        "- Notre assistant : serveur d'actions + Rasa, tracker store SQLite ; référence : `rasa run` seul, "
        "tracker store en mémoire (sa configuration d'origine) puis, à infrastructure égale, SQLite ; les "
        "objectifs de rapport se comparent à la référence d'origine",
        "",
    ]
    for profile in info.profiles:
        parts += profile_section(profile, ours, reference)
    parts += ["## Objectifs", "", targets_markdown(evaluate_targets(ours, reference or [])), ""]
    if info.notes:
        parts += ["## Remarques", "", *[f"- {note}" for note in info.notes], ""]
    return "\n".join(parts)
