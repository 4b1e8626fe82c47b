"""`make run`: start the action server, the Rasa server(s) and the demo page, print where to talk,
stop them all on Ctrl-C.

Usage: python -m bot.runtime.serve
With REPLICAS=N, N Rasa servers on PORT, PORT+1…; with SANIC_WORKERS=N, N worker processes in each
(both need the Redis lock store and the PostgreSQL tracker store: settings.check_scale).
"""

from __future__ import annotations

import os
import signal
import sys
import time

from bot.runtime import settings
from bot.runtime.handoff_file import startup_warning
from bot.runtime.supervisor import Service, stop_all, wait_ready

READY_TIMEOUT = 300.0
LABELS = {"actions": "serveur d'actions", "rasa": "serveur Rasa", "web": "page web avec le widget"}
ADDRESSES = {"actions": "ACTIONS_PORT", "rasa": "PORT", "web": "WEB_PORT"}
# The Rasa server, started with the model-loading speedups of bot/runtime/rasa_server.py.
RASA_MODULE = "bot.runtime.rasa_server"


def python_module(module: str, quiet: bool) -> list[str]:
    """`python -m module`; with `quiet`, without the known third-party warnings (bot/runtime/quiet.py)."""
    return [sys.executable, "-m", "bot.runtime.quiet", module] if quiet else [sys.executable, "-m", module]


def replica_name(index: int) -> str:
    """`rasa` for the first Rasa server (the only one by default), `rasa-2`, `rasa-3`… for the others."""
    return "rasa" if index == 0 else f"rasa-{index + 1}"


def label(service: Service, env: dict[str, str]) -> str:
    """What a process is, in French: the Rasa servers say which replica and how many workers."""
    if not service.name.startswith("rasa"):
        return LABELS[service.name]
    replicas, workers = settings.count(env, "REPLICAS"), settings.count(env, "SANIC_WORKERS")
    index = 1 if service.name == "rasa" else int(service.name.split("-")[1])
    details = [f"réplique {index}/{replicas}"] if replicas > 1 else []
    details += [f"{workers} processus de travail"] if workers > 1 else []
    return LABELS["rasa"] + (f" ({', '.join(details)})" if details else "")


def started_line(service: Service, env: dict[str, str]) -> str:
    """One line per started process: what it is, where it answers, its pid."""
    kind = service.name.split("-")[0]
    own = service.env if kind == "rasa" and service.env else env  # each Rasa replica has its own PORT
    address = f"http://localhost:{own[ADDRESSES[kind]]}/"
    return f"  {label(service, env)} : {address} (pid {service.process.pid})"


def api_arguments(env: dict[str, str]) -> list[str]:
    """Rasa's HTTP API stays off unless RASA_API_TOKEN is set; then it requires that token."""
    token = env.get("RASA_API_TOKEN", "").strip()
    return ["--enable-api", "--auth-token", token] if token else []


def services(env: dict[str, str], quiet: bool = False) -> list[Service]:
    """The processes of one assistant, configured from `env` (see settings.resolve): the action server,
    one Rasa server per replica (PORT, PORT+1…), the demo page. `quiet` (for `make run`): no known
    third-party warnings, and Rasa's logs from the WARNING level only."""
    root = settings.ROOT
    log_level = ["--quiet"] if quiet else []
    actions = Service(
        name="actions",
        command=[
            *python_module("rasa_sdk", quiet),
            *log_level,
            "--actions",
            "bot.actions",
            "--port",
            env["ACTIONS_PORT"],
        ],
        ready_url=f"http://127.0.0.1:{env['ACTIONS_PORT']}/health",
        env=env,
    )
    rasa = [
        Service(
            name=replica_name(index),
            command=[
                *python_module(RASA_MODULE, quiet),
                "run",
                *log_level,
                "--model",
                str(env.get("MODEL", settings.MODEL_PATH)),
                "--port",
                port,
                "--endpoints",
                str(root / "endpoints.yml"),
                "--credentials",
                str(root / "credentials.yml"),
                *api_arguments(env),
                "--cors",
                *env["CORS_ORIGINS"].split(),
            ],
            ready_url=f"http://127.0.0.1:{port}/",
            env={**env, "PORT": port},
        )
        for index, port in enumerate(settings.replica_ports(env))
    ]
    web = Service(
        name="web",
        command=python_module("bot.runtime.web", quiet),
        ready_url=f"http://127.0.0.1:{env['WEB_PORT']}/config.js",
        env=env,
    )
    return [actions, *rasa, web]


def ready_text(env: dict[str, str]) -> str:
    """What `make run` prints once everything answers."""
    rest = [f"http://localhost:{port}/webhooks/rest/webhook" for port in settings.replica_ports(env)]
    lines = [
        "",
        "L'assistant est prêt.",
        f"  Page de démonstration avec le widget : http://localhost:{env['WEB_PORT']}/",
        f"  API REST : POST {rest[0]} " + '{"sender": "moi", "message": "bonjour"}',
    ]
    if len(rest) > 1:
        lines.append(f"  Autres répliques (même API, mêmes conversations) : {', '.join(rest[1:])}")
    lines += [f"  Serveur d'actions : http://localhost:{env['ACTIONS_PORT']}", "Ctrl-C pour arrêter.", ""]
    return "\n".join(lines)


def startup_problem(env: dict[str, str]) -> str | None:
    """Why the assistant cannot start with `env` (a French sentence), or None: checked before any
    process starts, so that a wrong setting is said plainly and never as a traceback."""
    try:
        settings.check_scale(env)
    except settings.SettingsError as error:
        return f"Configuration refusée : {error}"
    problem = settings.unreachable(env)
    return f"Démarrage impossible : {problem}" if problem else None


def main() -> int:
    env = settings.resolve()
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    problem = startup_problem(env)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    running = services(env, quiet=True)
    warning = startup_warning()
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print("Démarrage de l'assistant (chargement du modèle, environ 20 s)…", flush=True)
    for service in running:
        service.start()
        print(started_line(service, env), flush=True)
    parent = os.getppid()
    try:
        if not wait_ready(running, READY_TIMEOUT) and not stopping:
            print("Échec du démarrage : voir les messages ci-dessus.", file=sys.stderr)
            return 1
        if not stopping:
            print(ready_text(env), flush=True)
        while not stopping:
            if any(not s.alive() for s in running):
                print("Un des services s'est arrêté : arrêt de l'assistant.", file=sys.stderr)
                return 1
            if os.getppid() != parent:  # make was killed: do not outlive it
                break
            time.sleep(0.3)
        return 0
    finally:
        stop_all(running)
        print("Assistant arrêté.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
