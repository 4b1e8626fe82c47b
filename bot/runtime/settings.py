"""Environment variables of the assistant and their defaults (documented in README)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "models" / "ess.tar.gz"
DEFAULT_PORT = "5005"  # Rasa server
DEFAULT_ACTIONS_PORT = "5055"
DEFAULT_WEB_PORT = "8080"  # demo page and widget files (bot/runtime/web.py)
MAX_PROCESSES = 16  # SANIC_WORKERS and REPLICAS: more is a typing mistake on one machine
CHECK_TIMEOUT = 3  # seconds to reach Redis or PostgreSQL before `make run` starts anything


class SettingsError(ValueError):
    """A setting `make run` cannot start with; the message is in French, for the person who set it."""


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
        # Worker processes of each Rasa server (read by Rasa itself) and number of Rasa servers.
        "SANIC_WORKERS": "1",
        "REPLICAS": "1",
        # The widget's privacy notice on the demo page (bot/runtime/web.py): empty, the default text
        # (which gives RETENTION_DAYS) and no link.
        "PRIVACY_NOTICE": "",
        "PRIVACY_URL": "",
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


def count(env: dict[str, str], name: str) -> int:
    """SANIC_WORKERS or REPLICAS as a number from 1 to MAX_PROCESSES; SettingsError otherwise."""
    text = env.get(name, "1").strip() or "1"
    if not text.isdigit() or not 1 <= int(text) <= MAX_PROCESSES:
        raise SettingsError(f"{name}={text!r} : un nombre entier de 1 à {MAX_PROCESSES} est attendu.")
    return int(text)


def replica_ports(env: dict[str, str]) -> list[str]:
    """The ports of the Rasa servers: PORT, PORT+1, … (REPLICAS of them)."""
    first = env["PORT"].strip()
    if not first.isdigit():
        raise SettingsError(f"PORT={first!r} : un numéro de port est attendu.")
    return [str(int(first) + i) for i in range(count(env, "REPLICAS"))]


def is_postgresql(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0].lower() in {"postgresql", "postgres"}


def check_scale(env: dict[str, str]) -> None:
    """Refuse, in French, what cannot work with several Rasa processes: they must share the
    conversations (PostgreSQL tracker store) and the per-conversation lock (Redis lock store), and
    the Rasa servers' ports must be free of the other services' ports. A Redis key prefix must be
    alphanumeric (Rasa silently falls back to its default prefix otherwise)."""
    workers, replicas = count(env, "SANIC_WORKERS"), count(env, "REPLICAS")
    ports = replica_ports(env)
    if int(ports[-1]) > 65535:
        raise SettingsError(f"PORT={env['PORT']} avec REPLICAS={replicas} dépasse le port 65535.")
    for other in ("ACTIONS_PORT", "WEB_PORT"):
        if env[other] in ports:
            raise SettingsError(
                f"Les serveurs Rasa utilisent les ports {', '.join(ports)} (PORT, PORT+1…) : {other}={env[other]} "
                f"est l'un d'eux. Choisissez un autre {other} ou un autre PORT."
            )
    prefix = env["LOCK_STORE_PREFIX"]
    if env["LOCK_STORE_TYPE"].strip().lower() == "redis" and not prefix.isalnum():
        raise SettingsError(
            f"LOCK_STORE_PREFIX={prefix!r} : lettres et chiffres seulement (Rasa ignorerait ce préfixe et "
            "partagerait les verrous de Redis avec toute autre installation sur le préfixe par défaut)."
        )
    if workers == 1 and replicas == 1:
        return
    asked = " et ".join(
        text
        for text, used in ((f"SANIC_WORKERS={workers}", workers > 1), (f"REPLICAS={replicas}", replicas > 1))
        if used
    )
    if env["LOCK_STORE_TYPE"].strip().lower() != "redis":
        raise SettingsError(
            f"{asked} demande un lock store Redis, partagé par tous les processus Rasa (un seul traite à la "
            "fois les messages d'une conversation) : ajoutez LOCK_STORE_TYPE=redis (et LOCK_STORE_HOST, "
            "LOCK_STORE_PORT si Redis n'est pas sur 127.0.0.1:6379)."
        )
    if not is_postgresql(env["TRACKER_STORE_URL"]):
        raise SettingsError(
            f"{asked} demande un tracker store PostgreSQL, partagé par tous les processus Rasa : ajoutez par "
            "exemple TRACKER_STORE_URL=postgresql://postgres@127.0.0.1:5432/test (un fichier SQLite ne "
            "supporte pas plusieurs serveurs qui écrivent en même temps)."
        )


def unreachable(env: dict[str, str], timeout: float | None = None) -> str | None:
    """Why the configured Redis lock store or PostgreSQL tracker store cannot be reached (in French),
    or None: `make run` says so before starting, instead of Rasa's traceback."""
    timeout = CHECK_TIMEOUT if timeout is None else timeout
    if env["LOCK_STORE_TYPE"].strip().lower() == "redis":
        import redis

        host, port = env["LOCK_STORE_HOST"], env["LOCK_STORE_PORT"]
        try:
            db = int(env["LOCK_STORE_DB"])
            redis.Redis(host, int(port), db, socket_timeout=timeout, socket_connect_timeout=timeout).ping()
        except (redis.RedisError, ValueError) as error:
            reason = str(error).rstrip(".")
            return (
                f"Redis (lock store) est injoignable à {host}:{port} : {reason}. Démarrez Redis, corrigez "
                "LOCK_STORE_HOST / LOCK_STORE_PORT, ou revenez à un seul serveur (LOCK_STORE_TYPE=in_memory)."
            )
    url = env["TRACKER_STORE_URL"]
    if is_postgresql(url):
        import sqlalchemy

        try:
            engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": int(timeout)})
            with engine.connect():
                pass
            engine.dispose()
        except (sqlalchemy.exc.SQLAlchemyError, ValueError, ImportError) as error:
            reason = " ".join(str(getattr(error, "orig", None) or error).split()).rstrip(".")
            return (
                f"PostgreSQL (tracker store) est injoignable avec TRACKER_STORE_URL={safe_url(url)} : {reason}. "
                "Démarrez PostgreSQL ou corrigez l'URL (la base doit exister)."
            )
    return None


def safe_url(url: str) -> str:
    """A database URL without its password, to print it."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
