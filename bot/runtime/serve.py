"""`make run`: start the action server and the Rasa server, print where to talk, stop on Ctrl-C.

Usage: python -m bot.runtime.serve
"""

from __future__ import annotations

import os
import signal
import sys
import time

from bot.runtime import settings
from bot.runtime.supervisor import Service, stop_all, wait_ready

READY_TIMEOUT = 300.0


def api_arguments(env: dict[str, str]) -> list[str]:
    """Rasa's HTTP API stays off unless RASA_API_TOKEN is set; then it requires that token."""
    token = env.get("RASA_API_TOKEN", "").strip()
    return ["--enable-api", "--auth-token", token] if token else []


def services(env: dict[str, str]) -> list[Service]:
    """The processes of one assistant, configured from `env` (see settings.resolve)."""
    root = settings.ROOT
    python = sys.executable
    actions = Service(
        name="actions",
        command=[python, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", env["ACTIONS_PORT"]],
        ready_url=f"http://127.0.0.1:{env['ACTIONS_PORT']}/health",
        env=env,
    )
    rasa = Service(
        name="rasa",
        command=[
            python,
            "-m",
            "rasa",
            "run",
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
        command=[python, "-m", "bot.runtime.web"],
        ready_url=f"http://127.0.0.1:{env['WEB_PORT']}/config.js",
        env=env,
    )
    return [actions, rasa, web]


def main() -> int:
    env = settings.resolve()
    running = services(env)
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    for service in running:
        service.start()
    print("Démarrage de l'assistant (chargement du modèle, environ 30 s)…", flush=True)
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
