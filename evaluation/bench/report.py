"""The benchmark's Markdown report and its targets. Pure: no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from evaluation.bench.events import describe as describe_events
from evaluation.bench.load import REQUEST_TIMEOUT, WARMUP_CONVERSATIONS, WARMUP_REQUESTS, Profile
from evaluation.bench.results import LevelResult, ratio, select
from evaluation.bench.start import PHASES, StartSummary

OURS = "ours"
REFERENCE = "reference"
REFERENCE_SQLITE = "reference_sqlite"
ONE_WORKER = "pg_1_worker"
TWO_WORKERS = "pg_2_workers"
TWO_REPLICAS = "pg_2_replicas"
BOT_TITLES = {
    OURS: "Notre assistant (ESS)",
    REFERENCE: "Référence : bot de démarrage Rasa (`rasa init`)",
    REFERENCE_SQLITE: "Référence avec le même tracker store SQLite que notre assistant (à infrastructure égale)",
    ONE_WORKER: "Notre assistant, PostgreSQL + Redis, 1 serveur, 1 processus",
    TWO_WORKERS: "Notre assistant, PostgreSQL + Redis, 1 serveur, 2 processus (`SANIC_WORKERS=2`)",
    TWO_REPLICAS: "Notre assistant, PostgreSQL + Redis, 2 répliques (`REPLICAS=2`)",
}
BOT_SHORT = {
    OURS: "nous (SQLite, 1 processus)",
    REFERENCE: "bot de démarrage Rasa",
    REFERENCE_SQLITE: "bot de démarrage + SQLite",
    ONE_WORKER: "nous, PG + Redis, 1 processus",
    TWO_WORKERS: "nous, PG + Redis, 2 processus",
    TWO_REPLICAS: "nous, PG + Redis, 2 répliques",
}
SCALE_SETUPS = (ONE_WORKER, TWO_WORKERS, TWO_REPLICAS)

TARGET_LEVEL = 10
TARGET_BURST_P95_MS = 150.0  # burst, 10 conversations, 2 workers; and below the stock bot's p95
TARGET_REALISTIC_P95_MS = 60.0  # realistic, 10 conversations, our bot as `make run` starts it
TARGET_REALISTIC_RATIO = 1.2  # … and at most this times the stock bot's p95
TARGET_SCALING = 1.6  # throughput with 2 workers / 1 worker, burst profile
TARGET_FIRST_ANSWER_S = 25.0  # cold start: launch to first answered message (median)
TARGET_RSS_MB = 1200.0  # Rasa process after 100 messages


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
        f"{fmt(r.throughput, 1)} req/s, RSS Rasa {fmt(r.rss_rasa_mb)} Mo, actions {fmt(r.rss_actions_mb)} Mo, "
        f"événements {describe_events(r.events)}"
    )


def results_table(results: list[LevelResult]) -> str:
    """Markdown table of one bot in one profile: one row per level."""
    lines = [
        "| Conversations | Requêtes | Erreurs | p50 (ms) | p95 (ms) | p99 (ms) | Débit (req/s) "
        "| RSS Rasa (Mo) | RSS actions (Mo) | Événements stockés |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.level} | {r.requests} | {format_errors(r)} | {fmt(r.percentile(50))} | {fmt(r.percentile(95))} "
            f"| {fmt(r.percentile(99))} | {fmt(r.throughput, 1)} | {fmt(r.rss_rasa_mb)} | {fmt(r.rss_actions_mb)} "
            f"| {describe_events(r.events)} |"
        )
    return "\n".join(lines)


def scale_table(results: list[LevelResult], reference: list[LevelResult]) -> str:
    """Markdown table of the scale-out setups of one profile (and the stock bot at the same levels):
    one row per setup and level."""
    lines = [
        "| Configuration | Conversations | Requêtes | Erreurs | p50 (ms) | p95 (ms) | p99 (ms) | Débit (req/s) "
        "| RSS Rasa (Mo) | PSS Rasa (Mo) | Événements stockés |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    levels = {r.level for r in results}
    rows = [r for bot in SCALE_SETUPS for r in results if r.bot == bot]
    rows += [r for r in reference if r.bot == REFERENCE and r.level in levels]
    for r in rows:
        lines.append(
            f"| {BOT_SHORT.get(r.bot, r.bot)} | {r.level} | {r.requests} | {format_errors(r)} "
            f"| {fmt(r.percentile(50))} | {fmt(r.percentile(95))} | {fmt(r.percentile(99))} | {fmt(r.throughput, 1)} "
            f"| {fmt(r.rss_rasa_mb)} | {fmt(r.pss_rasa_mb)} | {describe_events(r.events)} |"
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


@dataclass
class MemoryProbe:
    """The Rasa process's memory after `messages` sequential messages, just after its start."""

    messages: int
    errors: int
    rss_mb: float | None
    pss_mb: float | None = None


def at(results: list[LevelResult], bot: str, profile: str, level: int = TARGET_LEVEL) -> LevelResult | None:
    return select([r for r in results if r.bot == bot], profile).get(level)


def p95_of(result: LevelResult | None) -> float | None:
    value = result.percentile(95) if result else None
    return None if value is None or math.isnan(value) else value


def at_most(value: float | None, limit: float | None) -> bool | None:
    return None if value is None or limit is None else value <= limit


def scaling(scale: list[LevelResult]) -> tuple[float | None, int | None]:
    """Throughput with 2 workers / with 1 worker, burst profile, at the highest level both measured."""
    one = select([r for r in scale if r.bot == ONE_WORKER], "burst")
    two = select([r for r in scale if r.bot == TWO_WORKERS], "burst")
    common = sorted(set(one) & set(two))
    if not common:
        return None, None
    level = common[-1]
    return ratio(two[level].throughput, one[level].throughput), level


def evaluate_targets(
    ours: list[LevelResult],
    reference: list[LevelResult],
    scale: list[LevelResult] | None = None,
    start: StartSummary | None = None,
    memory: MemoryProbe | None = None,
) -> list[Target]:
    """The targets of the issue « Faster start, smaller footprint, and scale-out measured ». The ratios
    are to the stock starter bot as it comes (`reference` may also hold its SQLite variant)."""
    scale = scale or []
    mine = ours + scale
    errors = sum(r.error_count for r in mine) + (memory.errors if memory else 0)
    checked = [r.events for r in mine if r.events is not None]
    bad_events = sum(e.lost + e.duplicated for e in checked)
    burst_2w, burst_ref = p95_of(at(scale, TWO_WORKERS, "burst")), p95_of(at(reference, REFERENCE, "burst"))
    real, real_ref = p95_of(at(ours, OURS, "realistic")), p95_of(at(reference, REFERENCE, "realistic"))
    real_ratio = ratio(real, real_ref)
    speedup, speedup_level = scaling(scale)
    first_answer = start.median("answer_s") if start else None
    rss = memory.rss_mb if memory else None
    at_10 = f"à {TARGET_LEVEL} conversations"
    return [
        Target(
            "0 erreur (notre assistant : toutes configurations, profils et niveaux)",
            errors == 0 if mine else None,
            f"{errors}",
        ),
        Target(
            "0 événement perdu ou dupliqué dans le tracker store (chaque conversation vérifiée)",
            bad_events == 0 if checked else None,
            f"{bad_events} sur {sum(e.conversations for e in checked)} conversations vérifiées",
        ),
        Target(
            f"rafale {at_10}, 2 processus : p95 ≤ {TARGET_BURST_P95_MS:.0f} ms",
            at_most(burst_2w, TARGET_BURST_P95_MS),
            f"{fmt(burst_2w)} ms",
        ),
        Target(
            f"rafale {at_10}, 2 processus : p95 inférieur à celui du bot de démarrage Rasa",
            None if burst_2w is None or burst_ref is None else burst_2w < burst_ref,
            f"{fmt(burst_2w)} ms contre {fmt(burst_ref)} ms",
        ),
        Target(
            f"réaliste {at_10} (`make run`) : p95 ≤ {TARGET_REALISTIC_P95_MS:.0f} ms",
            at_most(real, TARGET_REALISTIC_P95_MS),
            f"{fmt(real)} ms",
        ),
        Target(
            f"réaliste {at_10} : p95 ≤ {TARGET_REALISTIC_RATIO} × celui du bot de démarrage Rasa",
            at_most(real_ratio, TARGET_REALISTIC_RATIO),
            f"ratio {fmt(real_ratio, 2)} ({fmt(real)} ms contre {fmt(real_ref)} ms)",
        ),
        Target(
            f"débit en rafale avec 2 processus ≥ {TARGET_SCALING} × celui d'un processus",
            None if speedup is None else speedup >= TARGET_SCALING,
            f"× {fmt(speedup, 2)}" + (f" à {speedup_level} conversations" if speedup_level else ""),
        ),
        Target(
            f"démarrage à froid : première réponse ≤ {TARGET_FIRST_ANSWER_S:.0f} s (médiane)",
            at_most(first_answer, TARGET_FIRST_ANSWER_S),
            f"{fmt(first_answer, 1)} s",
        ),
        Target(
            f"mémoire du processus Rasa après {memory.messages if memory else 100} messages ≤ {TARGET_RSS_MB:.0f} Mo",
            at_most(rss, TARGET_RSS_MB),
            f"{fmt(rss)} Mo",
        ),
    ]


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
    scale_levels: list[int] = field(default_factory=list)
    start: StartSummary | None = None
    memory: MemoryProbe | None = None
    plot: str | None = None  # file name of the p95 plot, next to the report


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


def start_section(start: StartSummary) -> list[str]:
    """Cold start: every run, the medians, and the phases of the Rasa process (with / without speedups)."""
    parts = [
        "## Démarrage à froid (`make run` → première réponse)",
        "",
        "Secondes depuis le lancement de `python -m bot.runtime.serve` (ce que lance `make run` une fois le "
        "modèle entraîné) jusqu'à la première réponse de chaque partie ; « arrêt » : durée de l'arrêt par Ctrl-C.",
        "",
        "| Essai | Serveur d'actions prêt (s) | Serveur Rasa prêt (s) | Première réponse (s) | Arrêt (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for number, run in enumerate(start.runs, 1):
        if run.error:
            parts.append(f"| {number} | échec : {run.error[:200]} | | | |")
            continue
        cells = [fmt(value, 1) for value in (run.actions_s, run.rasa_s, run.answer_s, run.stop_s)]
        parts.append(f"| {number} | {' | '.join(cells)} |")
    medians = [fmt(start.median(a), 1) for a in ("actions_s", "rasa_s", "answer_s", "stop_s")]
    parts += [f"| **médiane** | {' | '.join(medians)} |", ""]
    if start.phases:
        keys = [key for key in ("with", "without") if key in start.phases]
        titles = {"with": "avec les accélérations", "without": "sans (chargement de Rasa d'origine)"}
        parts += [
            "Où le processus Rasa passe son démarrage (un processus qui charge le modèle comme `rasa run`, "
            "puis analyse une question ; secondes) :",
            "",
            "| Phase | " + " | ".join(titles[k] for k in keys) + " |",
            "|---|" + "---:|" * len(keys),
        ]
        for phase, title in PHASES.items():
            parts.append(f"| {title} | " + " | ".join(fmt(start.phases[k].get(phase), 1) for k in keys) + " |")
        parts.append("| Mémoire (RSS, Mo) | " + " | ".join(fmt(start.phases[k].get("rss_mb")) for k in keys) + " |")
        parts.append("")
    return parts


def memory_section(memory: MemoryProbe) -> list[str]:
    return [
        "## Mémoire",
        "",
        f"Processus Rasa de notre assistant (tel que `make run` le lance), après {memory.messages} messages "
        f"séquentiels juste après son démarrage : RSS {fmt(memory.rss_mb)} Mo, PSS {fmt(memory.pss_mb)} Mo "
        f"(erreurs : {memory.errors}).",
        "",
    ]


def scale_section(info: RunInfo, scale: list[LevelResult], reference: list[LevelResult] | None) -> list[str]:
    parts = [
        "## Montée en charge : processus de travail et répliques",
        "",
        "Notre assistant sur le PostgreSQL (tracker store) et le Redis (lock store) de la machine, un serveur "
        "d'actions : 1 serveur Rasa à 1 processus, 1 serveur à 2 processus (`SANIC_WORKERS=2`), 2 répliques "
        "(`REPLICAS=2`, messages répartis à tour de rôle, une conversation passe d'une réplique à l'autre). "
        "RSS : somme des processus Rasa (les pages partagées par les processus de travail comptent pour chacun) ; "
        "PSS : pages partagées réparties. Événements : après chaque niveau, messages `user` et `bot` de chaque "
        "conversation dans le tracker store comparés à ce que le générateur a envoyé et reçu.",
        "",
    ]
    for profile in info.profiles:
        mine = [r for r in scale if r.profile == profile.name]
        theirs = [r for r in reference or [] if r.profile == profile.name]
        parts += [f"### Profil {profile.name}", "", scale_table(mine, theirs) if mine else "Non mesuré.", ""]
    return parts


def render_report(
    info: RunInfo,
    ours: list[LevelResult],
    reference: list[LevelResult] | None,
    scale: list[LevelResult] | None = None,
) -> str:
    """The whole Markdown report."""
    scale = scale or []
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
        f"{WARMUP_CONVERSATIONS} conversations de {WARMUP_REQUESTS} requêtes avant chaque niveau",
        "- Latences : requêtes réussies seulement ; débit : toutes les requêtes / durée du niveau (pauses "
        "comprises) ; RSS : processus et ses enfants, relevé après chaque niveau",
        "- Notre assistant : serveur d'actions + Rasa, tracker store SQLite ; référence : `rasa run` seul, "
        "tracker store en mémoire (sa configuration d'origine) puis, à infrastructure égale, SQLite ; les "
        "objectifs de rapport se comparent à la référence d'origine",
        *(
            [f"- Montée en charge : niveaux {', '.join(map(str, info.scale_levels))}"]
            if scale and info.scale_levels
            else []
        ),
        "",
    ]
    if info.start:
        parts += start_section(info.start)
    if info.memory:
        parts += memory_section(info.memory)
    for profile in info.profiles:
        parts += profile_section(profile, ours, reference)
    if scale:
        parts += scale_section(info, scale, reference)
    if info.plot:
        parts += [
            "## p95 selon le nombre de conversations",
            "",
            f"![p95 selon le nombre de conversations]({info.plot})",
            "",
        ]
    targets = evaluate_targets(ours, reference or [], scale, info.start, info.memory)
    parts += ["## Objectifs", "", targets_markdown(targets), ""]
    if info.notes:
        parts += ["## Remarques", "", *[f"- {note}" for note in info.notes], ""]
    return "\n".join(parts)
