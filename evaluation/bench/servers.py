"""Starting the bots under test: our assistant (action server + Rasa), the same on PostgreSQL + Redis
with several workers or replicas (scale-out), and Rasa's starter bot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.runtime import settings
from bot.runtime.supervisor import Service
from evaluation.assistant import assistant_env, by_name, free_port_block, started

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


@dataclass(frozen=True)
class Setup:
    """One way of running our assistant for the scale-out section (PostgreSQL + Redis)."""

    name: str
    workers: int  # SANIC_WORKERS of each Rasa server
    replicas: int  # REPLICAS: Rasa servers on PORT, PORT+1…

    @property
    def processes(self) -> int:
        return self.workers * self.replicas


SCALE_SETUPS = {
    "1-worker": Setup("pg_1_worker", 1, 1),
    "2-workers": Setup("pg_2_workers", 2, 1),
    "2-replicas": Setup("pg_2_replicas", 1, 2),
}
UP_AND_RUNNING = "Rasa server is up and running."  # logged by every Rasa worker once its model is loaded
WORKERS_TIMEOUT = 300.0


def wait_for_log(log_path: Path, text: str, count: int, timeout: float, services: list[Service]) -> None:
    """Wait until `text` appears `count` times in the log (every Sanic worker has loaded the model:
    the port answers as soon as the first one has)."""
    deadline = time.monotonic() + timeout
    while log_path.read_text(errors="replace").count(text) < count:
        if time.monotonic() > deadline or any(not s.alive() for s in services):
            raise RuntimeError(f"only some Rasa workers started; see {log_path}")
        time.sleep(0.5)


def scale_env(tmp: Path, setup: Setup, postgres_url: str, redis_host: str, prefix: str) -> dict[str, str]:
    """The environment of one scale-out setup: shared PostgreSQL and Redis, free consecutive ports."""
    env = assistant_env(
        tmp,
        MODEL=str(settings.MODEL_PATH),
        PORT=str(free_port_block(setup.replicas)),
        TRACKER_STORE_URL=postgres_url,
        LOCK_STORE_TYPE="redis",
        LOCK_STORE_HOST=redis_host,
        LOCK_STORE_PREFIX=prefix,
        SANIC_WORKERS=str(setup.workers),
        REPLICAS=str(setup.replicas),
    )
    settings.check_scale(env)
    return env


@contextmanager
def scaled_assistant(
    setup: Setup, tmp: Path, log_path: Path, postgres_url: str, redis_host: str, prefix: str
) -> Iterator[tuple[dict[str, str], dict[str, Service]]]:
    """Our action server and the setup's Rasa servers (as `make run` starts them with SANIC_WORKERS
    and REPLICAS), every worker loaded; always stopped."""
    env = scale_env(tmp, setup, postgres_url, redis_host, prefix)
    services = by_name(env)
    chosen = {name: service for name, service in services.items() if name != "web"}
    for name, service in chosen.items():
        if name.startswith("rasa"):
            service.command += ["--interface", HOST]
    with started(list(chosen.values()), log_path):
        wait_for_log(log_path, UP_AND_RUNNING, setup.processes, WORKERS_TIMEOUT, list(chosen.values()))
        yield env, chosen
