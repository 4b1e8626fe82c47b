"""A/B of the per-message speedups of bot/runtime/rasa_server.py, in one run.

Usage: python -m evaluation.bench.ab [--without validator,events] [--a-env K=V] [--b-env K=V]
                                    [--messages 100] [--out FILE]

Two Rasa servers on the same model and one action server: A is started with `--without NAMES` (those
speedups left out), B with all of them; `--a-env` / `--b-env` add environment variables to one of
them (e.g. TensorFlow's thread settings), for changes that are settings rather than code. The same
conversations (10 messages each, the benchmark's mix) go to A and to B, one message at a time,
alternating which goes first, so that both see the same machine. For each: median and p95 latency
seen by the client, and the CPU time its Rasa process used per message (/proc/PID/stat), which a
busy machine disturbs far less than latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

from bot.runtime import settings
from evaluation.assistant import assistant_env, by_name, started
from evaluation.bench.load import BURST, WEBHOOK, conversation, new_session
from evaluation.bench.results import Sample, percentile

CONVERSATION = 10


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (and its reaped children: none here), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def alternate(urls: dict[str, str], pids: dict[str, int], messages: int, run_id: str):
    """Send the same conversations to each server in turn; samples and CPU seconds per server."""
    from evaluation.bench.__main__ import OUR_MESSAGES

    samples: dict[str, list[Sample]] = {name: [] for name in urls}
    cpu = dict.fromkeys(urls, 0.0)
    order = list(urls)
    async with new_session(1) as session:
        for name, url in urls.items():  # warm-up, not counted
            await conversation(session, url, f"ab-{run_id}-{name}-warmup", OUR_MESSAGES, 0, CONVERSATION, BURST)
        for number, start in enumerate(range(0, messages, CONVERSATION)):
            count = min(CONVERSATION, messages - start)
            for name in order if number % 2 == 0 else reversed(order):
                before = cpu_seconds(pids[name])
                sender = f"ab-{run_id}-{name}-{number}"
                samples[name] += await conversation(session, urls[name], sender, OUR_MESSAGES, start, count, BURST)
                cpu[name] += cpu_seconds(pids[name]) - before
    return samples, cpu


def describe(without: list[str], extra: dict[str, str]) -> str:
    parts = [f"sans {', '.join(without)}"] if without else []
    parts += [f"{key}={value}" for key, value in extra.items()]
    return ", ".join(parts) or "toutes les accélérations"


def markdown(titles: dict[str, str], samples: dict[str, list[Sample]], cpu: dict[str, float]) -> str:
    lines = [
        f"# A/B par message : A = {titles['A']} ; B = {titles['B']}",
        "",
        "| Serveur | Messages | Erreurs | Médiane (ms) | p95 (ms) | CPU Rasa (ms / message) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, taken in samples.items():
        latencies = [s.latency_ms for s in taken if s.error is None]
        errors = sum(1 for s in taken if s.error)
        median = statistics.median(latencies) if latencies else float("nan")
        lines.append(
            f"| {name} : {titles[name]} | {len(taken)} | {errors} | {median:.1f} | {percentile(latencies, 95):.1f} "
            f"| {cpu[name] / max(len(taken), 1) * 1000:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from bot.runtime.rasa_server import SPEEDUPS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without", default="validator,events", help=f"speedups left out in A ({','.join(SPEEDUPS)})")
    parser.add_argument("--a-env", action="append", default=[], metavar="KEY=VALUE", help="environment of A only")
    parser.add_argument("--b-env", action="append", default=[], metavar="KEY=VALUE", help="environment of B only")
    parser.add_argument("--messages", type=int, default=100, help="messages sent to each server")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    args = parser.parse_args(argv)
    without = [name for name in args.without.split(",") if name]
    if any(name not in SPEEDUPS for name in without):
        parser.error(f"--without: names among {', '.join(SPEEDUPS)}")
    extra = {side: dict(item.split("=", 1) for item in items) for side, items in (("A", args.a_env), ("B", args.b_env))}
    if without == [] and not extra["A"] and not extra["B"]:
        parser.error("nothing differs between A and B")
    run_id = uuid.uuid4().hex[:8]
    log_dir = settings.ROOT / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as tmp:
        env_a = assistant_env(Path(tmp) / "a", MODEL=str(settings.MODEL_PATH), **extra["A"])
        env_b = assistant_env(
            Path(tmp) / "b", MODEL=str(settings.MODEL_PATH), ACTIONS_PORT=env_a["ACTIONS_PORT"], **extra["B"]
        )
        actions, rasa_a, rasa_b = by_name(env_a)["actions"], by_name(env_a)["rasa"], by_name(env_b)["rasa"]
        if without:
            rasa_a.command[3:3] = ["--without", ",".join(without)]  # after `python -m bot.runtime.rasa_server`
        with started([actions, rasa_a, rasa_b], log_dir / "ab.log"):
            urls = {name: f"http://127.0.0.1:{env['PORT']}{WEBHOOK}" for name, env in (("A", env_a), ("B", env_b))}
            pids = {"A": rasa_a.process.pid, "B": rasa_b.process.pid}
            samples, cpu = asyncio.run(alternate(urls, pids, args.messages, run_id))
    report = markdown({"A": describe(without, extra["A"]), "B": describe([], extra["B"])}, samples, cpu)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    return 0 if not any(s.error for taken in samples.values() for s in taken) else 1


if __name__ == "__main__":
    sys.exit(main())
