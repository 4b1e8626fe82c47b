"""Starting the two bots under test: our assistant (action server + Rasa) and Rasa's starter bot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.runtime import settings
from bot.runtime.supervisor import Service
from evaluation.assistant import assistant_env, by_name, started

BENCH_DIR = settings.ROOT / "var" / "bench"
REFERENCE_DIR = BENCH_DIR / "reference"
HOST = "127.0.0.1"
INIT_TIMEOUT = 3600.0  # `rasa init` trains the stock bot: minutes, far less than an hour


def quiet_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a Rasa process: no telemetry, quiet TensorFlow."""
    env = dict(os.environ if base is None else base)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return env


def service_pid(service: Service | None) -> int | None:
    return service.process.pid if service is not None and service.process is not None else None


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


def sqlite_endpoints(path: Path, database: Path) -> Path:
    """An endpoints file giving the starter bot the same SQLite tracker store as our assistant."""
    path.write_text(f"tracker_store:\n  type: SQL\n  url: sqlite:///{database}\n", encoding="utf-8")
    return path


def reference_service(port: int, directory: Path = REFERENCE_DIR, endpoints: Path | None = None) -> Service:
    """`rasa run` of the starter bot with its credentials and its own endpoints (in-memory tracker
    store), or `endpoints` when given."""
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
        str(endpoints or directory / "endpoints.yml"),
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
