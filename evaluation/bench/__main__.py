"""Load benchmark of the assistant against Rasa's stock starter bot (`rasa init`).

Usage: python -m evaluation.bench [--levels 1,10,50] [--messages 20] [--profiles realistic,burst]
                                  [--scale-levels 10,50] [--scale-setups 1-worker,2-workers,2-replicas]
                                  [--start-runs 3] [--out results/bench.md] [--skip-reference]

In one run, one bot at a time:
1. cold start of `make run` (evaluation/bench/start.py): launch to first answer, medians, and the
   phases of the Rasa process with and without the start speedups;
2. our assistant as `make run` starts it (one Rasa server, SQLite), after a memory probe (RSS of the
   Rasa process after 100 sequential messages), at each level of `--levels`;
3. scale-out: our assistant on the machine's PostgreSQL (TRACKER_STORE_URL / BENCH_POSTGRES_URL) and
   Redis (BENCH_REDIS_HOST) with 1 worker, 2 workers (SANIC_WORKERS=2) and 2 replicas (REPLICAS=2,
   messages spread round-robin), at each level of `--scale-levels`;
4. the stock starter bot, as it comes (in-memory tracker store) then with our SQLite tracker store.
For each load profile and level: N concurrent conversations (distinct senders), each sending
`--messages` sequential POSTs to /webhooks/rest/webhook on 127.0.0.1. Latencies are those of the
successful requests; errors are HTTP errors, timeouts (30 s), network errors and, for our bot, the
« service momentanément indisponible » reply. After each level on an SQL tracker store, the events of
every conversation are counted: none may be lost or duplicated (evaluation/bench/events.py). The
targets are printed and written but never fail the run: the exit code is 1 only if a server fails to
start or dies. The p95 plot goes next to the report (bench-p95.png).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.runtime import settings
from bot.runtime.supervisor import Service
from evaluation.assistant import free_port, started
from evaluation.bench import events, start
from evaluation.bench.load import PROFILES, WEBHOOK, Profile, run_level, sequential
from evaluation.bench.machine import machine_facts, pss_kb, tree_mb
from evaluation.bench.plot import plot_p95
from evaluation.bench.report import (
    OURS,
    REFERENCE,
    REFERENCE_SQLITE,
    MemoryProbe,
    RunInfo,
    render_report,
    summary_line,
)
from evaluation.bench.results import LevelResult
from evaluation.bench.servers import (
    BENCH_DIR,
    HOST,
    SCALE_SETUPS,
    Setup,
    build_reference,
    our_assistant,
    reference_service,
    scaled_assistant,
    service_pid,
    sqlite_endpoints,
)

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"  # the machine's local server (trust auth)
MEMORY_PROBE_MESSAGES = 100
MEMORY_PROBE_CONVERSATION = 10  # messages per conversation in the memory probe

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


@dataclass(frozen=True)
class Plan:
    """What to run against each bot: every profile, and in each every level of concurrency."""

    profiles: list[Profile]
    levels: list[int]
    messages: int  # sequential messages per conversation


def rasa_pids(services: dict[str, Service]) -> list[int]:
    """The Rasa servers (one per replica; each with its Sanic workers as children)."""
    return [pid for name, s in services.items() if name.startswith("rasa") and (pid := service_pid(s)) is not None]


def measure(
    bot: str,
    urls: list[str],
    plan: Plan,
    messages: Sequence[str],
    services: dict[str, Service],
    results: list[LevelResult],
    tracker_url: str | None = None,
    run_id: str | None = None,
) -> None:
    """Run the plan against one bot (several `urls`: replicas), appending to `results` (kept if a
    server dies midway), sampling the servers' memory and, with an SQL `tracker_url`, checking the
    stored events after each level."""
    run_id = run_id or uuid.uuid4().hex[:8]
    target = urls[0] if len(urls) == 1 else urls
    for profile in plan.profiles:
        for level in plan.levels:
            if any(not s.alive() for s in services.values()):
                raise RuntimeError(f"{bot}: a server stopped before level {level} ({profile.name})")
            samples, wall = asyncio.run(run_level(target, level, plan.messages, messages, run_id, profile, bot))
            result = LevelResult(
                bot,
                profile.name,
                level,
                samples,
                wall,
                rss_rasa_mb=tree_mb(rasa_pids(services)),
                rss_actions_mb=tree_mb([pid] if (pid := service_pid(services.get("actions"))) else []),
                pss_rasa_mb=tree_mb(rasa_pids(services), pss_kb),
            )
            if tracker_url:
                expected = events.expected_counts(samples)
                result.events = events.check(expected, events.stored_counts(tracker_url, list(expected)))
            print(summary_line(result), flush=True)
            results.append(result)
    if any(not s.alive() for s in services.values()):
        raise RuntimeError(f"{bot}: a server stopped during the last level")


def memory_probe(url: str, services: dict[str, Service], run_id: str) -> MemoryProbe:
    """RSS of the Rasa process after MEMORY_PROBE_MESSAGES sequential messages (after its start)."""
    samples = asyncio.run(sequential(url, MEMORY_PROBE_MESSAGES, MEMORY_PROBE_CONVERSATION, OUR_MESSAGES, run_id))
    probe = MemoryProbe(
        messages=len(samples),
        errors=sum(1 for s in samples if s.error),
        rss_mb=tree_mb(rasa_pids(services)),
        pss_mb=tree_mb(rasa_pids(services), pss_kb),
    )
    print(f"  mémoire après {probe.messages} messages : RSS Rasa {probe.rss_mb:.0f} Mo", flush=True)
    return probe


def bench_ours(plan: Plan, results: list[LevelResult], info: RunInfo) -> None:
    """Start our assistant as `make run` does, probe its memory, run the plan, stop it."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path = BENCH_DIR / "ours.log"
    log_path.unlink(missing_ok=True)
    run_id = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="bench-ours-") as tmp:
        print(f"Démarrage de notre assistant (journal : {log_path})…", flush=True)
        with our_assistant(Path(tmp), log_path) as (env, services):
            url = f"http://{HOST}:{env['PORT']}{WEBHOOK}"
            info.memory = memory_probe(url, services, run_id)
            measure(OURS, [url], plan, OUR_MESSAGES, services, results, env["TRACKER_STORE_URL"], run_id)


def scale_problem(postgres_url: str, redis_host: str) -> str | None:
    """Why the scale-out section cannot run here (PostgreSQL or Redis missing), or None."""
    env = settings.resolve(
        {"TRACKER_STORE_URL": postgres_url, "LOCK_STORE_TYPE": "redis", "LOCK_STORE_HOST": redis_host}
    )
    return settings.unreachable(env)


def bench_scale(
    plan: Plan, setups: list[Setup], results: list[LevelResult], postgres_url: str, redis_host: str
) -> None:
    """Each setup in turn on PostgreSQL + Redis; the benchmark's conversations are deleted afterwards."""
    run_id = uuid.uuid4().hex[:8]
    try:
        for setup in setups:
            log_path = BENCH_DIR / f"{setup.name}.log"
            log_path.unlink(missing_ok=True)
            with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
                print(f"Démarrage de {setup.name} (journal : {log_path})…", flush=True)
                prefix = f"essbench{run_id}"  # Rasa ignores a non-alphanumeric prefix
                with scaled_assistant(setup, Path(tmp), log_path, postgres_url, redis_host, prefix) as (env, services):
                    ports = settings.replica_ports(env)
                    urls = [f"http://{HOST}:{port}{WEBHOOK}" for port in ports]
                    measure(setup.name, urls, plan, OUR_MESSAGES, services, results, postgres_url, run_id)
    finally:
        events.delete_conversations(postgres_url, f"bench-{run_id}-")


def bench_reference(plan: Plan, results: list[LevelResult]) -> None:
    """Build (or reuse) the starter bot; run the plan against it as it comes (in-memory tracker store),
    then with our SQLite tracker store; results appended to `results`."""
    build_reference()
    with tempfile.TemporaryDirectory(prefix="bench-reference-") as tmp:
        database = Path(tmp) / "tracker.db"
        variants = {
            REFERENCE: (None, None),
            REFERENCE_SQLITE: (sqlite_endpoints(Path(tmp) / "endpoints.yml", database), f"sqlite:///{database}"),
        }
        for bot, (endpoints, tracker_url) in variants.items():
            log_path = BENCH_DIR / f"{bot}.log"
            log_path.unlink(missing_ok=True)
            port = free_port()
            service = reference_service(port, endpoints=endpoints)
            print(f"Démarrage de {bot} (journal : {log_path})…", flush=True)
            with started([service], log_path):
                url = f"http://{HOST}:{port}{WEBHOOK}"
                measure(bot, [url], plan, REFERENCE_MESSAGES, {"rasa": service}, results, tracker_url)


def parse_levels(text: str) -> list[int]:
    """`1,10,50` -> [1, 10, 50]; every level must be a positive integer. `none`: no level."""
    if text.strip().lower() == "none":
        return []
    levels = [int(part) for part in text.split(",") if part.strip()]
    if not levels or any(level < 1 for level in levels):
        raise argparse.ArgumentTypeError(f"invalid levels: {text!r}")
    return levels


def parse_profiles(text: str) -> list[Profile]:
    """`realistic,burst` -> the two profiles, in that order; unknown names are refused."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in PROFILES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"invalid profiles: {text!r} (known: {', '.join(PROFILES)})")
    return [PROFILES[name] for name in names]


def parse_setups(text: str) -> list[Setup]:
    """`1-worker,2-workers,2-replicas` (the default) or `none`."""
    if text.strip().lower() == "none":
        return []
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in SCALE_SETUPS]
    if unknown:
        raise argparse.ArgumentTypeError(f"invalid setups: {text!r} (known: {', '.join(SCALE_SETUPS)}, none)")
    return [SCALE_SETUPS[name] for name in names]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--levels",
        type=parse_levels,
        default=[1, 10, 50],
        help="concurrent conversations: 1,10,50 (none: skip our bot as make run starts it, and the memory probe)",
    )
    parser.add_argument("--messages", type=int, default=20, help="sequential messages per conversation")
    parser.add_argument(
        "--profiles", type=parse_profiles, default=list(PROFILES.values()), help="realistic,burst (default: both)"
    )
    parser.add_argument(
        "--scale-levels", type=parse_levels, default=[10, 50], help="scale-out levels: 10,50 (none: skip)"
    )
    parser.add_argument(
        "--scale-setups",
        type=parse_setups,
        default=list(SCALE_SETUPS.values()),
        help="1-worker,2-workers,2-replicas (default: all) or none",
    )
    parser.add_argument("--start-runs", type=int, default=3, help="cold starts to measure (0: none)")
    parser.add_argument("--no-phases", action="store_true", help="do not time the phases of the Rasa start")
    parser.add_argument("--out", type=Path, default=settings.ROOT / "results" / "bench.md", help="Markdown report")
    parser.add_argument("--skip-reference", action="store_true", help="do not build nor measure the stock bot")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    if args.start_runs < 0:
        parser.error("--start-runs must be 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = RunInfo(machine_facts(), args.levels, args.messages, args.profiles, scale_levels=args.scale_levels)
    plan = Plan(args.profiles, args.levels, args.messages)
    scale_plan = Plan(args.profiles, args.scale_levels, args.messages)
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    redis_host = os.environ.get("BENCH_REDIS_HOST", "127.0.0.1")
    ours: list[LevelResult] = []
    scale: list[LevelResult] = []
    reference: list[LevelResult] | None = None if args.skip_reference else []
    status = 0
    try:
        if args.start_runs:
            print(f"Démarrage à froid ({args.start_runs} fois)…", flush=True)
            info.start = start.measure(args.start_runs, not args.no_phases)
        if plan.levels:
            bench_ours(plan, ours, info)
        if args.scale_setups and scale_plan.levels:
            problem = scale_problem(postgres_url, redis_host)
            if problem:
                print(f"Montée en charge non mesurée : {problem}", file=sys.stderr)
                info.notes.append(f"Montée en charge non mesurée : {problem}")
            else:
                bench_scale(scale_plan, args.scale_setups, scale, postgres_url, redis_host)
        if reference is not None:
            bench_reference(
                Plan(args.profiles, sorted(set(args.levels) | set(args.scale_levels)), args.messages), reference
            )
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"Échec : {error}", file=sys.stderr)
        info.notes.append(f"Mesure interrompue : {str(error).splitlines()[0]}")
        status = 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plot = args.out.with_name(args.out.stem + "-p95.png")
    if plot_p95(ours + scale + (reference or []), plot):
        info.plot = plot.name
    report = render_report(info, ours, reference, scale)
    args.out.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"Rapport écrit dans {args.out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
