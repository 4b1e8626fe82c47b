"""Where one Rasa server spends its time per message, under sequential load (py-spy).

Usage: python -m evaluation.bench.profile [--messages 60] [--rate 200] [--out results/profile.md]

Starts our assistant (action server + one Rasa server, as `make run` does, on free ports), warms it
up, then samples the Rasa process with `py-spy record` (pip install py-spy) while `--messages`
messages are sent one after the other (conversations of 10, the benchmark's mix). Each sampled stack
is charged to the innermost part of the pipeline it is in (BUCKETS); the report gives milliseconds
of CPU per message for each part and the functions with the most time of their own. The action
server, a separate process, is sampled the same way. The raw stacks stay in var/bench/profile-*.txt
(py-spy's collapsed format: flamegraph tools read it). On a busy machine a thread waiting for a core
is still sampled: the milliseconds grow, the shares stay meaningful.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.runtime import settings

# (part, path fragments): a stack goes to the first part, from its innermost frame outwards.
BUCKETS: list[tuple[str, tuple[str, ...]]] = [
    ("Validation des réponses d'actions (jsonschema)", ("/jsonschema/",)),
    ("spaCy (tokens, lemmes)", ("/spacy/", "/thinc/", "spacy_nlp.py", "spacy_tokenizer.py")),
    ("DIET (TensorFlow)", ("/tensorflow/", "/keras/", "diet_classifier.py", "/rasa/utils/tensorflow/")),
    ("Featurizers creux (CountVectors, lexical, regex)", ("/featurizers/", "/sklearn/", "/scipy/")),
    ("Entités des connaissances, garde des commandes", ("/bot/nlu/", "/bot/knowledge/")),
    ("Politiques (règles, mémoïsation)", ("/rasa/core/policies/",)),
    ("Tracker store (SQL)", ("tracker_store.py", "/sqlalchemy/", "sqlite3")),
    ("Lock store", ("lock_store.py", "/redis/")),
    ("Appel du serveur d'actions (HTTP)", ("/rasa/core/actions/", "/aiohttp/")),
    ("Tracker, événements, domaine (Rasa)", ("/rasa/shared/core/", "/rasa/core/processor.py", "/rasa/engine/")),
    ("HTTP (Sanic), canaux", ("/sanic/", "/bot/channels/", "/rasa/core/channels/", "/httptools/")),
]
OTHER = "Autre (boucle asyncio, journalisation…)"
# Innermost frames of a thread waiting for work (the event loop in epoll, a pool thread on its queue):
# py-spy cannot always tell they are idle (uvloop is C code), so these stacks are not counted.
IDLE_LEAVES = (
    "serve (sanic/server/runners.py",
    "run_forever (asyncio/base_events.py",
    "select (selectors.py",
    "wait (threading.py",
    "_worker (concurrent/futures/thread.py",
)


@dataclass
class Profile:
    """Samples of one process: per part and per function (own time), and how they were taken."""

    process: str
    samples: int
    rate: int
    messages: int
    parts: Counter
    own: Counter

    def ms_per_message(self, count: int) -> float:
        return count / self.rate * 1000 / self.messages


def frame_path(frame: str) -> str:
    """`function (path/to/file.py:12)` -> `path/to/file.py` (py-spy's raw format)."""
    inside = frame.rsplit("(", 1)[-1].rstrip(")")
    return "/" + inside.rsplit(":", 1)[0].lstrip("/")


def bucket(frames: list[str]) -> str:
    """The part of the pipeline a stack is in: the first BUCKETS rule matched, innermost frame first."""
    for frame in reversed(frames):
        path = frame_path(frame)
        for part, fragments in BUCKETS:
            if any(fragment in path for fragment in fragments):
                return part
    return OTHER


def parse_collapsed(text: str) -> tuple[Counter, Counter, int]:
    """py-spy's raw (collapsed) output -> (samples per part, own samples per function, total)."""
    parts: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        number = int(count)
        total += number
        parts[bucket(frames)] += number
        own[frames[-1]] += number
    return parts, own, total


def markdown(profiles: list[Profile], wall_s: float, top: int = 15) -> str:
    first = profiles[0]
    lines = [
        "# Profil par message (py-spy)",
        "",
        f"{first.messages} messages séquentiels en {wall_s:.1f} s ({wall_s / first.messages * 1000:.0f} ms par "
        f"message vus du client), échantillonnage à {first.rate} Hz ; temps CPU des threads actifs, en ms par "
        "message.",
        "",
    ]
    for profile in profiles:
        lines += [
            f"## {profile.process} : {profile.ms_per_message(profile.samples):.1f} ms par message",
            "",
            "| Partie | ms / message | Part |",
            "|---|---:|---:|",
        ]
        for part, count in profile.parts.most_common():
            share = count / profile.samples * 100 if profile.samples else 0
            lines.append(f"| {part} | {profile.ms_per_message(count):.1f} | {share:.0f} % |")
        lines += ["", "Fonctions au temps propre le plus élevé :", "", "| Fonction | ms / message |", "|---|---:|"]
        for function, count in profile.own.most_common(top):
            lines.append(f"| `{function}` | {profile.ms_per_message(count):.2f} |")
        lines.append("")
    return "\n".join(lines)


def record(pid: int, rate: int, output: Path) -> subprocess.Popen:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    command = [py_spy, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw", "--output", str(output)]
    return subprocess.Popen(command + ["--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main(argv: list[str] | None = None) -> int:
    from evaluation.bench.__main__ import OUR_MESSAGES
    from evaluation.bench.load import WEBHOOK, sequential
    from evaluation.bench.servers import BENCH_DIR, HOST, our_assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--out", type=Path, default=settings.ROOT / "results" / "profile.md")
    args = parser.parse_args(argv)
    if not (shutil.which("py-spy") or Path(sys.executable).with_name("py-spy").exists()):
        print("py-spy est introuvable : .venv/bin/python -m pip install py-spy", file=sys.stderr)
        return 2
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        with our_assistant(Path(tmp), BENCH_DIR / "profile.log") as (env, services):
            url = f"http://{HOST}:{env['PORT']}{WEBHOOK}"
            asyncio.run(sequential(url, 10, 10, OUR_MESSAGES, f"{run_id}-warmup"))
            outputs = {name: BENCH_DIR / f"profile-{name}.txt" for name in ("rasa", "actions")}
            for output in outputs.values():
                output.unlink(missing_ok=True)
            recorders = {name: record(services[name].process.pid, args.rate, outputs[name]) for name in outputs}
            time.sleep(1.0)  # py-spy attaches
            start = time.perf_counter()
            samples = asyncio.run(sequential(url, args.messages, 10, OUR_MESSAGES, run_id))
            wall = time.perf_counter() - start
            for recorder in recorders.values():
                recorder.send_signal(signal.SIGINT)
            for name, recorder in recorders.items():
                _, err = recorder.communicate(timeout=60)
                if not outputs[name].exists():
                    print(f"py-spy ({name}) : {err.decode(errors='replace')[-500:]}", file=sys.stderr)
                    return 1
        profiles = []
        for name, title in (("rasa", "Serveur Rasa"), ("actions", "Serveur d'actions")):
            parts, own, total = parse_collapsed(outputs[name].read_text())
            profiles.append(Profile(title, total, args.rate, args.messages, parts, own))
    errors = sum(1 for s in samples if s.error)
    report = markdown(profiles, wall) + (f"\nErreurs pendant la mesure : {errors}\n" if errors else "")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    print(f"Profil écrit dans {args.out}")
    return 0 if not errors else 1


if __name__ == "__main__":
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    sys.exit(main())
