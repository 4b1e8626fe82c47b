"""Cold start of `make run`: from launch to the first answered message.

Usage: python -m evaluation.bench.start [--runs 3] [--phases] [--question TEXT] [--root DIR]

Each run launches `python -m bot.runtime.serve` (what `make run` runs once the model is trained: the
same quiet processes) on free ports with its own SQLite file, and polls every 0.1 s the action server
(/health), the Rasa server (/) and the REST webhook with a real question (a new sender at each try,
until a real answer comes back). It records when each first answered, counted from the launch, then
stops everything like Ctrl-C does and records how long that took. Medians over the runs.

`--phases`: where the Rasa process spends its start (imports, model unpacking, spaCy, DIET, the other
components, the first parse), measured in a separate process that loads the model as `rasa run`
does, with the speedups of bot/runtime/rasa_server.py and without them (A/B, same model, same run).
`--root DIR`: start another copy of the project instead (e.g. `git archive` of an older commit with
its trained model in DIR/models/ess.tar.gz), to compare cold starts on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.runtime import settings
from evaluation.assistant import assistant_env, post_message
from evaluation.bench.results import classify_reply

QUESTION = "c'est quoi une SCIC ?"
POLL_S = 0.1
START_TIMEOUT = 300.0
STOP_TIMEOUT = 30.0
PHASES = {
    "imports": "Imports (Rasa, TensorFlow, Sanic…)",
    "unpack": "Décompression du modèle",
    "spacy": "spaCy (fr_core_news_sm)",
    "diet": "DIETClassifier (TensorFlow : poids + échauffement)",
    "components": "Autres composants (connaissances, politiques…)",
    "agent": "Reste du chargement (graphe, domaine)",
    "first_parse": "Première analyse NLU",
    "total": "Total (processus lancé → modèle prêt et première analyse)",
}


@dataclass
class StartRun:
    """One cold start: seconds from the launch until each part first answered, and the stop."""

    actions_s: float | None = None
    rasa_s: float | None = None
    answer_s: float | None = None
    stop_s: float | None = None
    error: str | None = None


@dataclass
class StartSummary:
    """Every run, and the phases of the Rasa process with and without the speedups (if measured)."""

    runs: list[StartRun] = field(default_factory=list)
    phases: dict[str, dict[str, float]] = field(default_factory=dict)  # "with" / "without" -> phase -> s

    def median(self, attribute: str) -> float | None:
        values = [getattr(run, attribute) for run in self.runs if getattr(run, attribute) is not None]
        return statistics.median(values) if values else None


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def answered(url: str, sender: str, question: str) -> bool:
    """Whether the assistant gives a real answer to `question` (not an error, not « indisponible »)."""
    try:
        reply = post_message(url, sender, question, timeout=30)
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return classify_reply(200, reply) is None and any(m.get("text") for m in reply)


def measure_once(question: str = QUESTION, timeout: float = START_TIMEOUT, root: Path = settings.ROOT) -> StartRun:
    """Launch the assistant like `make run`, time its parts until the first answer, stop it. `root`:
    another copy of the project (e.g. an older commit, with its own models/ess.tar.gz), for an A/B."""
    run = StartRun()
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        env = assistant_env(Path(tmp), MODEL=str(root / settings.MODEL_PATH.relative_to(settings.ROOT)))
        rasa = f"http://127.0.0.1:{env['PORT']}"
        log_path = Path(tmp) / "serve.log"
        with log_path.open("wb") as log:
            start = time.monotonic()
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.runtime.serve"],
                cwd=root,  # `python -m` imports the project from its working directory first
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, like `make run` in a terminal
            )
            try:
                attempt = 0
                while run.answer_s is None:
                    elapsed = time.monotonic() - start
                    if process.poll() is not None or elapsed > timeout:
                        run.error = "arrêté" if process.poll() is not None else f"pas de réponse en {timeout:.0f} s"
                        run.error += " : " + " ".join(log_path.read_text(errors="replace").split()[-40:])
                        break
                    if run.actions_s is None and answers(f"http://127.0.0.1:{env['ACTIONS_PORT']}/health"):
                        run.actions_s = time.monotonic() - start
                    if run.rasa_s is None and answers(f"{rasa}/"):
                        run.rasa_s = time.monotonic() - start
                    if run.rasa_s is not None:
                        attempt += 1
                        if answered(rasa, f"start-{attempt}", question):
                            run.answer_s = time.monotonic() - start
                            break
                    time.sleep(POLL_S)
            finally:
                stopping = time.monotonic()
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
                try:
                    process.wait(STOP_TIMEOUT)
                    run.stop_s = time.monotonic() - stopping
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
    return run


def phases_child(model: str, speedups: bool) -> dict[str, float]:
    """In this process: load `model` as `rasa run` does and time each phase (see PHASES)."""
    begin = time.perf_counter()
    import rasa.__main__  # noqa: F401  (what `python -m rasa` imports first)
    import rasa.core.run  # noqa: F401
    from rasa.core.agent import load_agent
    from rasa.engine import graph
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    if speedups:
        from bot.runtime import rasa_server

        rasa_server.install()
    times = {"imports": time.perf_counter() - begin, "unpack": 0.0, "spacy": 0.0, "diet": 0.0, "components": 0.0}
    unpack = LocalModelStorage.from_model_archive.__func__
    load_component = graph.GraphNode._load_component

    def timed_unpack(cls, *args, **kwargs):
        started = time.perf_counter()
        try:
            return unpack(cls, *args, **kwargs)
        finally:
            times["unpack"] += time.perf_counter() - started

    def timed_component(self, **kwargs):
        started = time.perf_counter()
        try:
            return load_component(self, **kwargs)
        finally:
            name = self._node_name
            kind = "spacy" if "SpacyNLP" in name else "diet" if "DIETClassifier" in name else "components"
            times[kind] += time.perf_counter() - started

    LocalModelStorage.from_model_archive = classmethod(timed_unpack)
    graph.GraphNode._load_component = timed_component
    loading = time.perf_counter()
    agent = asyncio.run(load_agent(model_path=model))
    loaded = time.perf_counter()
    times["agent"] = loaded - loading - times["unpack"] - times["spacy"] - times["diet"] - times["components"]
    asyncio.run(agent.parse_message(QUESTION))
    times["first_parse"] = time.perf_counter() - loaded
    times["total"] = time.perf_counter() - begin
    times["rss_mb"] = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return times


def measure_phases(model: Path = settings.MODEL_PATH, speedups: bool = True) -> dict[str, float]:
    """Run `phases_child` in a fresh process (nothing imported yet, like a real start)."""
    command = [sys.executable, "-m", "evaluation.bench.start", "--phases-child", str(model)]
    command += [] if speedups else ["--no-speedups"]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=START_TIMEOUT, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"phases: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def measure(
    runs: int, phases: bool, question: str = QUESTION, progress=print, root: Path = settings.ROOT
) -> StartSummary:
    summary = StartSummary()
    for number in range(1, runs + 1):
        run = measure_once(question, root=root)
        summary.runs.append(run)
        progress(f"  démarrage {number}/{runs} : {describe(run)}")
    if phases:
        for key, speedups in (("with", True), ("without", False)):
            summary.phases[key] = measure_phases(speedups=speedups)
            progress(f"  phases ({'avec' if speedups else 'sans'} accélérations) : {summary.phases[key]}")
    return summary


def describe(run: StartRun) -> str:
    if run.error:
        return f"échec ({run.error})"
    parts = [("actions", run.actions_s), ("Rasa", run.rasa_s), ("1re réponse", run.answer_s), ("arrêt", run.stop_s)]
    return ", ".join(f"{name} {value:.1f} s" for name, value in parts if value is not None)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold starts to measure (medians)")
    parser.add_argument("--phases", action="store_true", help="also time the phases of the Rasa process")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--json", type=Path, help="write the measures to this file")
    parser.add_argument(
        "--root", type=Path, default=settings.ROOT, help="another copy of the project to start (A/B), with its model"
    )
    parser.add_argument("--phases-child", metavar="MODEL", help=argparse.SUPPRESS)
    parser.add_argument("--no-speedups", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phases_child:
        print(json.dumps(phases_child(args.phases_child, speedups=not args.no_speedups)), flush=True)
        return 0
    summary = measure(args.runs, args.phases, args.question, root=args.root.resolve())
    from evaluation.bench.report import start_section

    print("\n".join(start_section(summary)))
    if args.json:
        args.json.write_text(json.dumps(asdict(summary), indent=2), encoding="utf-8")
    return 0 if all(run.error is None for run in summary.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
