"""Environment defaults of `make run`: ports, per-port SQLite file, API off unless a token is set."""

from __future__ import annotations

from bot.runtime import settings
from bot.runtime.serve import api_arguments, services


def test_defaults_follow_the_ports():
    env = settings.resolve({"PORT": "6001", "WEB_PORT": "9001"})
    assert env["ACTIONS_PORT"] == "5055"
    assert env["TRACKER_STORE_URL"].endswith("/var/tracker-6001.db")
    assert env["CORS_ORIGINS"] == "http://localhost:9001 http://127.0.0.1:9001"
    assert env["LOCK_STORE_TYPE"] == "in_memory"


def test_two_copies_on_different_ports_use_different_files():
    first, second = settings.resolve({"PORT": "7001"}), settings.resolve({"PORT": "7002"})
    assert first["TRACKER_STORE_URL"] != second["TRACKER_STORE_URL"]


def test_explicit_values_win():
    env = settings.resolve({"TRACKER_STORE_URL": "postgresql://u@h/db", "LOCK_STORE_TYPE": "redis"})
    assert env["TRACKER_STORE_URL"] == "postgresql://u@h/db" and env["LOCK_STORE_TYPE"] == "redis"


def test_http_api_is_off_without_a_token_and_protected_with_one():
    assert api_arguments({}) == [] and api_arguments({"RASA_API_TOKEN": "  "}) == []
    assert api_arguments({"RASA_API_TOKEN": "s3cret"}) == ["--enable-api", "--auth-token", "s3cret"]


def test_rasa_command_uses_the_configured_ports_and_origins():
    env = settings.resolve({"PORT": "6001", "ACTIONS_PORT": "6002", "WEB_PORT": "6003"})
    rasa = next(s for s in services(env) if s.name == "rasa")
    assert rasa.command[rasa.command.index("--port") + 1] == "6001"
    assert "--enable-api" not in rasa.command
    assert rasa.command[rasa.command.index("--cors") + 1 :] == ["http://localhost:6003", "http://127.0.0.1:6003"]
    actions = next(s for s in services(env) if s.name == "actions")
    assert actions.command[-1] == "6002"


def test_rasa_command_enables_the_api_only_with_the_token():
    env = settings.resolve({"RASA_API_TOKEN": "s3cret"})
    rasa = next(s for s in services(env) if s.name == "rasa")
    start = rasa.command.index("--enable-api")
    assert rasa.command[start : start + 3] == ["--enable-api", "--auth-token", "s3cret"]


def test_the_web_server_takes_its_default_ports_from_settings(monkeypatch):
    from bot.runtime import web

    class Server:  # records where web.main() would serve, instead of serving
        def __init__(self, address, _handler) -> None:
            self.address = address
            started.append(self)

        def serve_forever(self) -> None:
            pass

    started = []
    monkeypatch.setattr(web, "ThreadingHTTPServer", Server)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("WEB_PORT", raising=False)
    monkeypatch.setattr(web.WebHandler, "rasa_port", web.WebHandler.rasa_port)  # restored afterwards
    monkeypatch.setattr(settings, "DEFAULT_PORT", "7001")  # one place to change a default
    monkeypatch.setattr(settings, "DEFAULT_WEB_PORT", "7002")
    web.main()
    assert started[0].address == ("0.0.0.0", 7002) and web.WebHandler.rasa_port == "7001"
    monkeypatch.setenv("PORT", "6001")
    monkeypatch.setenv("WEB_PORT", "9001")
    web.main()
    assert started[1].address == ("0.0.0.0", 9001) and web.WebHandler.rasa_port == "6001"
