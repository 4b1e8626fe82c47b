"""Load benchmark of the assistant against Rasa's stock starter bot (`rasa init`).

Usage: python -m evaluation.bench [--levels 1,10,50] [--messages 20] [--out results/bench.md] [--skip-reference]

For each bot, one level after the other: N concurrent conversations (distinct senders), each sending
`--messages` sequential POSTs to /webhooks/rest/webhook on 127.0.0.1. Latencies are those of the
successful requests; errors are HTTP errors, timeouts (30 s), network errors and, for our bot, the
« service momentanément indisponible » reply. Only one bot runs at a time. The targets are printed
and written but never fail the run: the exit code is 1 only if a server fails to start or dies.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import aiohttp

from bot.channels.payload import UNAVAILABLE_REPLY
from bot.runtime import settings
from bot.runtime.supervisor import Service
from evaluation.assistant import assistant_env, by_name, free_port, started

ROOT = settings.ROOT
BENCH_DIR = ROOT / "var" / "bench"
REFERENCE_DIR = BENCH_DIR / "reference"
HOST = "127.0.0.1"
WEBHOOK = "/webhooks/rest/webhook"
REQUEST_TIMEOUT = 30.0
WARMUP_REQUESTS = 5
INIT_TIMEOUT = 3600.0  # `rasa init` trains the stock bot: minutes, far less than an hour

TARGET_LEVEL = 10
TARGET_P95_MS = 150.0
TARGET_RATIO = 1.5

OURS = "ours"
REFERENCE = "reference"
BOT_TITLES = {OURS: "Notre assistant (ESS)", REFERENCE: "Référence : bot de démarrage Rasa (`rasa init`)"}

# A realistic mix for our assistant, in conversation order (follow-ups come after their topic).
OUR_MESSAGES = [
    "bonjour",
    "c'est quoi un GE ?",
    "et ses avantages ?",
    "GES ou PTCE ?",
    "on est 3 campings et on a besoin de saisonniers l'ete, on peut les embaucher en commun ?",
    "que sais-tu faire ?",
    "c'est quoi une SCIC ?",
    "et qui peut nous aider ?",
    "nous sommes deux EHPAD associatifs et voulons mettre en commun une cuisine centrale, quelle forme choisir ?",
    "quels sont les risques d'une fusion ?",
    "merci",
]

# Moodbot-style messages the stock starter bot knows.
REFERENCE_MESSAGES = [
    "hello",
    "I am sad",
    "yes",
    "great",
    "hi there",
    "I am feeling very good",
    "no",
    "are you a bot?",
    "I am unhappy",
    "perfect",
    "bye",
]


# --- Pure part: statistics, tables, targets --------------------------------------------------------------


@dataclass
class Sample:
    """One request: its latency and, if it failed, why (None when it succeeded)."""

    latency_ms: float
    error: str | None = None


@dataclass
class LevelResult:
    """Everything measured for one bot at one level of concurrency."""

    bot: str
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


def results_table(results: list[LevelResult]) -> str:
    """Markdown table of one bot: one row per level."""
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


def by_level(results: list[LevelResult]) -> dict[int, LevelResult]:
    return {r.level: r for r in results}


def ratio_table(ours: list[LevelResult], reference: list[LevelResult]) -> str:
    """Markdown table of our p50/p95 divided by the reference's, at each level both were measured."""
    references = by_level(reference)
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


def evaluate_targets(ours: list[LevelResult], reference: list[LevelResult]) -> list[Target]:
    """The three targets of the benchmark, evaluated on what was measured."""
    errors = sum(r.error_count for r in ours)
    at_level = by_level(ours).get(TARGET_LEVEL)
    ref_at_level = by_level(reference).get(TARGET_LEVEL)
    p95 = at_level.percentile(95) if at_level else None
    ref_p95 = ref_at_level.percentile(95) if ref_at_level else None
    p95_ratio = ratio(p95, ref_p95)
    p95_known = p95 is not None and not math.isnan(p95)
    return [
        Target("0 erreur (notre assistant, tous niveaux)", errors == 0 if ours else None, f"{errors} erreur(s)"),
        Target(
            f"p95 ≤ {TARGET_P95_MS:.0f} ms à {TARGET_LEVEL} conversations simultanées",
            p95 <= TARGET_P95_MS if p95_known else None,
            f"p95 = {fmt(p95)} ms",
        ),
        Target(
            f"p95 nous / p95 référence ≤ {TARGET_RATIO} à {TARGET_LEVEL} conversations",
            p95_ratio <= TARGET_RATIO if p95_ratio is not None else None,
            f"ratio = {fmt(p95_ratio, 2)}",
        ),
    ]


def targets_markdown(targets: list[Target]) -> str:
    """Markdown list: one line per target with its verdict."""
    return "\n".join(f"- **{t.verdict}** — {t.name} ({t.measured})" for t in targets)


@dataclass
class RunInfo:
    """What the report says about the run itself."""

    machine: dict[str, str]
    levels: list[int]
    messages: int
    notes: list[str] = field(default_factory=list)


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
        f"- Délai maximal par requête : {REQUEST_TIMEOUT:.0f} s ; échauffement non compté : "
        f"{WARMUP_REQUESTS} requêtes avant chaque niveau",
        "- Latences : requêtes réussies seulement ; débit : toutes les requêtes / durée du niveau ; "
        "RSS : processus et ses enfants, relevé après chaque niveau",
        "- Notre assistant : serveur d'actions + Rasa, tracker store SQLite ; référence : `rasa run` seul, "
        "tracker store en mémoire",
        "",
        f"## {BOT_TITLES[OURS]}",
        "",
        results_table(ours) if ours else "Non mesuré.",
        "",
    ]
    if reference is not None:
        parts += [f"## {BOT_TITLES[REFERENCE]}", "", results_table(reference) if reference else "Non mesuré.", ""]
        parts += ["## Rapport à la référence (même niveau)", "", ratio_table(ours, reference), ""]
    parts += ["## Objectifs", "", targets_markdown(evaluate_targets(ours, reference or [])), ""]
    if info.notes:
        parts += ["## Remarques", "", *[f"- {note}" for note in info.notes], ""]
    return "\n".join(parts)


# --- Machine and processes ----------------------------------------------------------------------------


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The `model name` of the first CPU, or `inconnu`."""
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "inconnu"


def machine_facts() -> dict[str, str]:
    """nproc, CPU model, memory and load when the run started (the machine may be shared)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "Date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "CPU": cpu_model(),
        "Mémoire": f"{meminfo_mb('MemTotal'):.0f} Mo",
        "Charge au départ (1, 5, 15 min)": load,
        "Python": platform.python_version(),
    }


def meminfo_mb(key: str) -> float:
    """A /proc/meminfo entry in MB, NaN if unreadable."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def parent_pids() -> dict[int, int]:
    """pid -> parent pid of every process visible in /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (2nd field) is in parentheses and may contain spaces: split after it.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def process_tree(pid: int, parents: dict[int, int]) -> list[int]:
    """`pid` and all its descendants."""
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def vm_rss_kb(pid: int) -> int:
    """VmRSS of one process in kB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of a process and its children, in MB (None without a process)."""
    if pid is None:
        return None
    return sum(vm_rss_kb(p) for p in process_tree(pid, parent_pids())) / 1024


def service_pid(service: Service | None) -> int | None:
    return service.process.pid if service is not None and service.process is not None else None


# --- Load generator -----------------------------------------------------------------------------------


def classify_reply(status: int, body: object) -> str | None:
    """Why a response is a failure, or None if it is a good one."""
    if status != 200:
        return f"http_{status}"
    if not isinstance(body, list):
        return "invalid_reply"
    if any(isinstance(m, dict) and m.get("text") == UNAVAILABLE_REPLY for m in body):
        return "unavailable"
    return None


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
    session: aiohttp.ClientSession, url: str, sender: str, messages: Sequence[str], offset: int, count: int
) -> list[Sample]:
    """`count` sequential messages from one sender, round-robin through `messages` starting at `offset`."""
    samples = []
    for i in range(count):
        samples.append(await post_message(session, url, sender, messages[(offset + i) % len(messages)]))
    return samples


def new_session(level: int) -> aiohttp.ClientSession:
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    return aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=max(level, 1)))


async def run_level(
    url: str, level: int, count: int, messages: Sequence[str], run_id: str
) -> tuple[list[Sample], float]:
    """Warm up, then `level` concurrent conversations; returns their samples and the wall time."""
    async with new_session(level) as session:
        await conversation(session, url, f"bench-{run_id}-{level}-warmup", messages, 0, WARMUP_REQUESTS)
        start = time.perf_counter()
        senders = [f"bench-{run_id}-{level}-{i}" for i in range(level)]
        per_sender = await asyncio.gather(
            *(conversation(session, url, sender, messages, i, count) for i, sender in enumerate(senders))
        )
        wall = time.perf_counter() - start
    return [s for samples in per_sender for s in samples], wall


def measure(
    bot: str,
    port: int,
    levels: list[int],
    count: int,
    messages: Sequence[str],
    services: dict[str, Service],
    results: list[LevelResult],
) -> None:
    """Run every level against one bot, appending to `results` (kept if a server dies midway) and sampling
    the servers' memory after each level."""
    url = f"http://{HOST}:{port}{WEBHOOK}"
    run_id = uuid.uuid4().hex[:8]
    for level in levels:
        if any(not s.alive() for s in services.values()):
            raise RuntimeError(f"{bot}: a server stopped before level {level}")
        samples, wall = asyncio.run(run_level(url, level, count, messages, run_id))
        result = LevelResult(
            bot,
            level,
            samples,
            wall,
            rss_rasa_mb=rss_mb(service_pid(services.get("rasa"))),
            rss_actions_mb=rss_mb(service_pid(services.get("actions"))),
        )
        print(summary_line(result), flush=True)
        results.append(result)
    if any(not s.alive() for s in services.values()):
        raise RuntimeError(f"{bot}: a server stopped during the last level")


def summary_line(r: LevelResult) -> str:
    return (
        f"  [{r.bot}] {r.level:>3} conv. : {r.requests} req., erreurs {format_errors(r)}, "
        f"p50 {fmt(r.percentile(50))} ms, p95 {fmt(r.percentile(95))} ms, p99 {fmt(r.percentile(99))} ms, "
        f"{fmt(r.throughput, 1)} req/s, RSS Rasa {fmt(r.rss_rasa_mb)} Mo, actions {fmt(r.rss_actions_mb)} Mo"
    )


# --- Servers ------------------------------------------------------------------------------------------


def quiet_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a Rasa process: no telemetry, quiet TensorFlow."""
    env = dict(os.environ if base is None else base)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return env


def reference_model(directory: Path = REFERENCE_DIR) -> Path | None:
    """The newest trained model of the reference project, if any."""
    models = sorted((directory / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def build_reference(directory: Path = REFERENCE_DIR) -> Path:
    """Create and train Rasa's starter bot with `rasa init` unless a model is already there (minutes)."""
    model = reference_model(directory)
    if model is not None:
        print(f"Référence : modèle existant réutilisé ({model}).", flush=True)
        return model
    directory.mkdir(parents=True, exist_ok=True)
    log_path = directory.parent / "reference-init.log"
    print(f"Référence : `rasa init` (entraînement, plusieurs minutes ; journal : {log_path})…", flush=True)
    start = time.monotonic()
    command = [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(directory)]
    with log_path.open("wb") as log:
        subprocess.run(
            command,
            env=quiet_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=INIT_TIMEOUT,
            check=True,
            preexec_fn=lambda: os.nice(10),  # the machine may be shared: training yields to others
        )
    model = reference_model(directory)
    if model is None:
        raise RuntimeError(f"`rasa init` produced no model; see {log_path}")
    print(f"Référence entraînée en {time.monotonic() - start:.0f} s.", flush=True)
    return model


def reference_service(port: int, directory: Path = REFERENCE_DIR) -> Service:
    """`rasa run` of the starter bot with its own endpoints (in-memory tracker store) and credentials."""
    command = [
        sys.executable,
        "-m",
        "rasa",
        "run",
        "--model",
        str(directory / "models"),
        "--port",
        str(port),
        "--interface",
        HOST,
        "--endpoints",
        str(directory / "endpoints.yml"),
        "--credentials",
        str(directory / "credentials.yml"),
    ]
    return Service(name="rasa", command=command, ready_url=f"http://{HOST}:{port}/", env=quiet_env())


@contextmanager
def our_assistant(tmp: Path, log_path: Path) -> Iterator[tuple[dict[str, str], dict[str, Service]]]:
    """Our action server and Rasa server on free ports with their own SQLite file; always stopped."""
    env = assistant_env(tmp, MODEL=str(settings.MODEL_PATH))
    services = by_name(env)
    services["rasa"].command += ["--interface", HOST]
    chosen = {name: services[name] for name in ("actions", "rasa")}
    with started(list(chosen.values()), log_path):
        yield env, chosen


def bench_ours(levels: list[int], count: int, results: list[LevelResult]) -> None:
    """Start our assistant, run every level (results appended to `results`), stop it."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path = BENCH_DIR / "ours.log"
    log_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-ours-") as tmp:
        print(f"Démarrage de notre assistant (journal : {log_path})…", flush=True)
        with our_assistant(Path(tmp), log_path) as (env, services):
            measure(OURS, int(env["PORT"]), levels, count, OUR_MESSAGES, services, results)


def bench_reference(levels: list[int], count: int, results: list[LevelResult]) -> None:
    """Build (or reuse) the starter bot, start it, run every level (appended to `results`), stop it."""
    build_reference()
    log_path = BENCH_DIR / "reference.log"
    log_path.unlink(missing_ok=True)
    port = free_port()
    service = reference_service(port)
    print(f"Démarrage de la référence (journal : {log_path})…", flush=True)
    with started([service], log_path):
        measure(REFERENCE, port, levels, count, REFERENCE_MESSAGES, {"rasa": service}, results)


# --- Command line -------------------------------------------------------------------------------------


def parse_levels(text: str) -> list[int]:
    """`1,10,50` -> [1, 10, 50]; every level must be a positive integer."""
    levels = [int(part) for part in text.split(",") if part.strip()]
    if not levels or any(level < 1 for level in levels):
        raise argparse.ArgumentTypeError(f"invalid levels: {text!r}")
    return levels


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=parse_levels, default=[1, 10, 50], help="concurrent conversations: 1,10,50")
    parser.add_argument("--messages", type=int, default=20, help="sequential messages per conversation")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench.md", help="Markdown report")
    parser.add_argument("--skip-reference", action="store_true", help="do not build nor measure the stock bot")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = RunInfo(machine_facts(), args.levels, args.messages)
    ours: list[LevelResult] = []
    reference: list[LevelResult] | None = None if args.skip_reference else []
    status = 0
    try:
        bench_ours(args.levels, args.messages, ours)
        if reference is not None:
            bench_reference(args.levels, args.messages, reference)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"Échec : {error}", file=sys.stderr)
        info.notes.append(f"Mesure interrompue : {str(error).splitlines()[0]}")
        status = 1
    report = render_report(info, ours, reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"Rapport écrit dans {args.out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
