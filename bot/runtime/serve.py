"""`make run`: start the action server and the Rasa server, print where to talk, stop on Ctrl-C.

Usage: python -m bot.runtime.serve
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


def python_module(module: str, quiet: bool) -> list[str]:
    """`python -m module`; with `quiet`, without the known third-party warnings (bot/runtime/quiet.py)."""
    return [sys.executable, "-m", "bot.runtime.quiet", module] if quiet else [sys.executable, "-m", module]


def started_line(service: Service, env: dict[str, str]) -> str:
    """One line per started process: what it is, where it answers, its pid."""
    address = f"http://localhost:{env[ADDRESSES[service.name]]}/"
    return f"  {LABELS[service.name]} : {address} (pid {service.process.pid})"


def api_arguments(env: dict[str, str]) -> list[str]:
    """Rasa's HTTP API stays off unless RASA_API_TOKEN is set; then it requires that token."""
    token = env.get("RASA_API_TOKEN", "").strip()
    return ["--enable-api", "--auth-token", token] if token else []


def services(env: dict[str, str], quiet: bool = False) -> list[Service]:
    """The processes of one assistant, configured from `env` (see settings.resolve). `quiet` (for
    `make run`): no known third-party warnings, and Rasa's logs from the WARNING level only."""
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
    rasa = Service(
        name="rasa",
        command=[
            *python_module("rasa", quiet),
            "run",
            *log_level,
            "--model",
            str(env.get("MODEL", settings.MODEL_PATH)),
            "--port",
            env["PORT"],
            "--endpoints",
            str(root / "endpoints.yml"),
            "--credentials",
            str(root / "credentials.yml"),
            *api_arguments(env),
            "--cors",
            *env["CORS_ORIGINS"].split(),
        ],
        ready_url=f"http://127.0.0.1:{env['PORT']}/",
        env=env,
    )
    web = Service(
        name="web",
        command=python_module("bot.runtime.web", quiet),
        ready_url=f"http://127.0.0.1:{env['WEB_PORT']}/config.js",
        env=env,
    )
    return [actions, rasa, web]


def main() -> int:
    env = settings.resolve()
    running = services(env, quiet=True)
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    warning = startup_warning()
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print("Démarrage de l'assistant (chargement du modèle, environ 30 s)…", flush=True)
    for service in running:
        service.start()
        print(started_line(service, env), flush=True)
    parent = os.getppid()
    try:
        if not wait_ready(running, READY_TIMEOUT) and not stopping:
            print("Échec du démarrage : voir les messages ci-dessus.", file=sys.stderr)
            return 1
        if not stopping:
            print(
                f"\nL'assistant est prêt.\n"
                f"  Page de démonstration avec le widget : http://localhost:{env['WEB_PORT']}/\n"
                f"  API REST : POST http://localhost:{env['PORT']}/webhooks/rest/webhook "
                '{"sender": "moi", "message": "bonjour"}\n'
                f"  Serveur d'actions : http://localhost:{env['ACTIONS_PORT']}\n"
                "Ctrl-C pour arrêter.\n",
                flush=True,
            )
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
