"""Several Rasa processes with `make run`: SANIC_WORKERS and REPLICAS, their ports, the French refusal
when the shared stores are missing or unreachable (never a traceback), and what `make run` prints."""

from __future__ import annotations

import socket

import pytest

from bot.runtime import serve, settings
from bot.runtime.supervisor import Service

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def env(**values: str) -> dict[str, str]:
    return settings.resolve({"PORT": "6001", "ACTIONS_PORT": "6101", "WEB_PORT": "6201", **values})


def closed_port() -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_one_process_by_default():
    defaults = env()
    assert settings.count(defaults, "SANIC_WORKERS") == 1 and settings.count(defaults, "REPLICAS") == 1
    assert settings.replica_ports(defaults) == ["6001"]
    settings.check_scale(defaults)  # SQLite and the in-memory lock store are fine for one process


def test_replicas_listen_on_consecutive_ports():
    assert settings.replica_ports(env(REPLICAS="3")) == ["6001", "6002", "6003"]


@pytest.mark.parametrize("value", ["0", "-1", "deux", "1.5", "17"])
def test_counts_must_be_small_positive_integers(value):
    with pytest.raises(settings.SettingsError, match="nombre entier de 1 à 16"):
        settings.count(env(SANIC_WORKERS=value), "SANIC_WORKERS")


@pytest.mark.parametrize("scale", [{"SANIC_WORKERS": "2"}, {"REPLICAS": "2"}])
def test_several_processes_need_redis_then_postgresql(scale):
    with pytest.raises(settings.SettingsError, match="LOCK_STORE_TYPE=redis"):
        settings.check_scale(env(**scale))
    with pytest.raises(settings.SettingsError, match="tracker store PostgreSQL"):
        settings.check_scale(env(**scale, LOCK_STORE_TYPE="redis"))
    settings.check_scale(env(**scale, LOCK_STORE_TYPE="redis", TRACKER_STORE_URL=POSTGRES))


def test_the_refusal_names_what_was_asked():
    with pytest.raises(settings.SettingsError) as refused:
        settings.check_scale(env(SANIC_WORKERS="2", REPLICAS="3"))
    assert str(refused.value).startswith("SANIC_WORKERS=2 et REPLICAS=3 demande un lock store Redis")


def test_replica_ports_must_not_take_the_other_services_ports():
    with pytest.raises(settings.SettingsError, match="ACTIONS_PORT=6002"):
        settings.check_scale(env(REPLICAS="2", ACTIONS_PORT="6002"))
    with pytest.raises(settings.SettingsError, match="65535"):
        settings.check_scale(env(PORT="65535", REPLICAS="2"))


def test_postgresql_urls_and_passwords():
    assert settings.is_postgresql(POSTGRES) and settings.is_postgresql("postgresql+psycopg2://u@h/db")
    assert not settings.is_postgresql("sqlite:////tmp/x.db")
    assert settings.safe_url("postgresql://ess:s3cret@db:5432/ess") == "postgresql://ess:***@db:5432/ess"
    assert settings.safe_url(POSTGRES) == POSTGRES


def test_unreachable_stores_are_said_in_french():
    assert settings.unreachable(env()) is None  # SQLite and in-memory: nothing to reach
    port = str(closed_port())
    redis_down = settings.unreachable(env(LOCK_STORE_TYPE="redis", LOCK_STORE_PORT=port), timeout=1)
    assert redis_down.startswith(f"Redis (lock store) est injoignable à 127.0.0.1:{port}")
    postgres_down = settings.unreachable(
        env(TRACKER_STORE_URL=f"postgresql://ess:s3cret@127.0.0.1:{port}/ess"), timeout=1
    )
    assert postgres_down.startswith("PostgreSQL (tracker store) est injoignable avec TRACKER_STORE_URL=")
    assert "s3cret" not in postgres_down and "ess:***@" in postgres_down


def test_replicas_are_rasa_servers_on_their_own_ports_with_one_action_server_and_one_page():
    scaled = env(REPLICAS="2", SANIC_WORKERS="2", LOCK_STORE_TYPE="redis", TRACKER_STORE_URL=POSTGRES)
    services = serve.services(scaled)
    assert [s.name for s in services] == ["actions", "rasa", "rasa-2", "web"]
    first, second = services[1], services[2]
    assert first.command[first.command.index("--port") + 1] == "6001" and first.ready_url == "http://127.0.0.1:6001/"
    assert second.command[second.command.index("--port") + 1] == "6002" and second.env["PORT"] == "6002"
    assert second.env["SANIC_WORKERS"] == "2" and second.env["TRACKER_STORE_URL"] == POSTGRES
    assert first.command[2] == serve.RASA_MODULE


def test_started_lines_say_which_replica_and_how_many_workers():
    scaled = env(REPLICAS="2", SANIC_WORKERS="3")
    lines = []
    for service in serve.services(scaled):
        service.process = type("Process", (), {"pid": 42})()
        lines.append(serve.started_line(service, scaled))
    assert lines == [
        "  serveur d'actions : http://localhost:6101/ (pid 42)",
        "  serveur Rasa (réplique 1/2, 3 processus de travail) : http://localhost:6001/ (pid 42)",
        "  serveur Rasa (réplique 2/2, 3 processus de travail) : http://localhost:6002/ (pid 42)",
        "  page web avec le widget : http://localhost:6201/ (pid 42)",
    ]
    assert "Autres répliques (même API, mêmes conversations) : http://localhost:6002/" in serve.ready_text(scaled)
    assert "Autres répliques" not in serve.ready_text(env())


def test_make_run_refuses_workers_without_redis_before_starting_anything(monkeypatch, capsys):
    for name, value in env(SANIC_WORKERS="2").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(serve.signal, "signal", lambda *_args: None)  # keep pytest's own handlers
    started = []
    monkeypatch.setattr(Service, "start", lambda self, log=None: started.append(self))
    assert serve.main() == 2
    out, err = capsys.readouterr()
    assert err.startswith("Configuration refusée : SANIC_WORKERS=2 demande un lock store Redis")
    assert "Traceback" not in out + err and not started


def test_make_run_says_when_redis_is_down(monkeypatch, capsys):
    scaled = env(REPLICAS="2", LOCK_STORE_TYPE="redis", LOCK_STORE_PORT=str(closed_port()), TRACKER_STORE_URL=POSTGRES)
    monkeypatch.setattr(settings, "CHECK_TIMEOUT", 1)
    problem = serve.startup_problem(scaled)
    assert problem.startswith("Démarrage impossible : Redis (lock store) est injoignable")


def test_a_redis_key_prefix_rasa_would_ignore_is_refused():
    with pytest.raises(settings.SettingsError, match="LOCK_STORE_PREFIX='ess-prod'"):
        settings.check_scale(env(LOCK_STORE_TYPE="redis", LOCK_STORE_PREFIX="ess-prod"))
    settings.check_scale(env(LOCK_STORE_PREFIX="ess-prod"))  # in memory: no prefix used
    settings.check_scale(env(LOCK_STORE_TYPE="redis", LOCK_STORE_PREFIX="essprod2"))
