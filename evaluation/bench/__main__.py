"""Load benchmark of the assistant against Rasa's stock starter bot (`rasa init`).

Usage: python -m evaluation.bench [--levels 1,10,50] [--messages 20] [--profiles realistic,burst]
                                  [--out results/bench.md] [--skip-reference]

For each bot, one after the other, for each load profile and each level: N concurrent conversations
(distinct senders), each sending `--messages` sequential POSTs to /webhooks/rest/webhook on 127.0.0.1.
Latencies are those of the successful requests; errors are HTTP errors, timeouts (30 s), network errors
and, for our bot, the « service momentanément indisponible » reply. Only one bot runs at a time. The
targets are printed and written but never fail the run: the exit code is 1 only if a server fails to
start or dies.
"""

from __future__ import annotations

import argparse
import asyncio
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
from evaluation.bench.load import PROFILES, WEBHOOK, Profile, run_level
from evaluation.bench.machine import machine_facts, rss_mb
from evaluation.bench.report import OURS, REFERENCE, REFERENCE_SQLITE, RunInfo, render_report, summary_line
from evaluation.bench.results import LevelResult
from evaluation.bench.servers import (
    BENCH_DIR,
    HOST,
    build_reference,
    our_assistant,
    reference_service,
    service_pid,
    sqlite_endpoints,
)

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


def measure(
    bot: str,
    port: int,
    plan: Plan,
    messages: Sequence[str],
    services: dict[str, Service],
    results: list[LevelResult],
) -> None:
    """Run the plan against one bot, appending to `results` (kept if a server dies midway) and sampling
    the servers' memory after each level."""
    url = f"http://{HOST}:{port}{WEBHOOK}"
    run_id = uuid.uuid4().hex[:8]
    for profile in plan.profiles:
        for level in plan.levels:
            if any(not s.alive() for s in services.values()):
                raise RuntimeError(f"{bot}: a server stopped before level {level} ({profile.name})")
            samples, wall = asyncio.run(run_level(url, level, plan.messages, messages, run_id, profile))
            result = LevelResult(
                bot,
                profile.name,
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


def bench_ours(plan: Plan, results: list[LevelResult]) -> None:
    """Start our assistant, run the plan (results appended to `results`), stop it."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path = BENCH_DIR / "ours.log"
    log_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-ours-") as tmp:
        print(f"Démarrage de notre assistant (journal : {log_path})…", flush=True)
        with our_assistant(Path(tmp), log_path) as (env, services):
            measure(OURS, int(env["PORT"]), plan, OUR_MESSAGES, services, results)


def bench_reference(plan: Plan, results: list[LevelResult]) -> None:
    """Build (or reuse) the starter bot; run the plan against it as it comes (in-memory tracker store),
    then with our SQLite tracker store; results appended to `results`."""
    build_reference()
    with tempfile.TemporaryDirectory(prefix="bench-reference-") as tmp:
        variants = {
            REFERENCE: None,
            REFERENCE_SQLITE: sqlite_endpoints(Path(tmp) / "endpoints.yml", Path(tmp) / "tracker.db"),
        }
        for bot, endpoints in variants.items():
            log_path = BENCH_DIR / f"{bot}.log"
            log_path.unlink(missing_ok=True)
            port = free_port()
            service = reference_service(port, endpoints=endpoints)
            print(f"Démarrage de {bot} (journal : {log_path})…", flush=True)
            with started([service], log_path):
                measure(bot, port, plan, REFERENCE_MESSAGES, {"rasa": service}, results)


def parse_levels(text: str) -> list[int]:
    """`1,10,50` -> [1, 10, 50]; every level must be a positive integer."""
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


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=parse_levels, default=[1, 10, 50], help="concurrent conversations: 1,10,50")
    parser.add_argument("--messages", type=int, default=20, help="sequential messages per conversation")
    parser.add_argument(
        "--profiles", type=parse_profiles, default=list(PROFILES.values()), help="realistic,burst (default: both)"
    )
    parser.add_argument("--out", type=Path, default=settings.ROOT / "results" / "bench.md", help="Markdown report")
    parser.add_argument("--skip-reference", action="store_true", help="do not build nor measure the stock bot")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = RunInfo(machine_facts(), args.levels, args.messages, args.profiles)
    plan = Plan(args.profiles, args.levels, args.messages)
    ours: list[LevelResult] = []
    reference: list[LevelResult] | None = None if args.skip_reference else []
    status = 0
    try:
        bench_ours(plan, ours)
        if reference is not None:
            bench_reference(plan, reference)
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
