"""Environment variables of the assistant and their defaults (documented in README)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "models" / "ess.tar.gz"
DEFAULT_PORT = "5005"  # Rasa server
DEFAULT_ACTIONS_PORT = "5055"
DEFAULT_WEB_PORT = "8080"  # demo page and widget files (bot/runtime/web.py)


def defaults(env: dict[str, str]) -> dict[str, str]:
    """Defaults that depend on other variables (the SQLite file follows PORT)."""
    port = env.get("PORT", DEFAULT_PORT)
    web_port = env.get("WEB_PORT", DEFAULT_WEB_PORT)
    return {
        "PORT": port,
        "ACTIONS_PORT": DEFAULT_ACTIONS_PORT,
        "WEB_PORT": web_port,
        "CORS_ORIGINS": f"http://localhost:{web_port} http://127.0.0.1:{web_port}",
        # One SQLite file per Rasa port: two copies on different ports never share a file.
        "TRACKER_STORE_URL": f"sqlite:///{ROOT / 'var' / f'tracker-{port}.db'}",
        "LOCK_STORE_TYPE": "in_memory",
        "LOCK_STORE_HOST": "127.0.0.1",
        "LOCK_STORE_PORT": "6379",
        "LOCK_STORE_DB": "0",
        "LOCK_STORE_PREFIX": "ess",
        # Rasa would otherwise try to send telemetry and error reports over the network.
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def resolve(env: dict[str, str] | None = None) -> dict[str, str]:
    """The full process environment: `env` (default: os.environ) completed with defaults."""
    env = dict(os.environ if env is None else env)
    for key, value in defaults(env).items():
        env.setdefault(key, value)
    if env["TRACKER_STORE_URL"].startswith("sqlite:///"):
        Path(env["TRACKER_STORE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return env
