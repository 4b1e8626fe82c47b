"""What `make run` prints: known third-party warnings hidden, every other warning and error kept,
one French line per started process, and a clear line when the human contact file is unreadable."""

from __future__ import annotations

import subprocess
import sys
import warnings

from bot.runtime import quiet, serve, settings
from bot.runtime.supervisor import Service

KNOWN_FILE = "/venv/lib/python3.10/site-packages/sanic_cors/extension.py"


def warn(message: str, category: type[Warning], filename: str) -> None:
    warnings.warn_explicit(message, category, filename, 39, module=filename)


def test_known_warnings_are_hidden_and_others_shown():
    with warnings.catch_warnings(record=True) as printed:  # what would be printed; restored afterwards
        warnings.simplefilter("always")
        quiet.install()
        warn("distutils Version classes are deprecated", DeprecationWarning, KNOWN_FILE)
        warn("pkg_resources is deprecated", DeprecationWarning, "/venv/site-packages/pkg_resources/__init__.py")
        warn("same module, another category", RuntimeWarning, KNOWN_FILE)
        warn("an unknown module", DeprecationWarning, "/venv/site-packages/other/extension.py")
        warn(
            "a module whose name only ends the same",
            DeprecationWarning,
            "/venv/site-packages/my_sanic_cors/extension.py",
        )
    assert [str(w.message) for w in printed] == [
        "same module, another category",
        "an unknown module",
        "a module whose name only ends the same",
    ]


def test_quiet_runs_the_module_with_its_arguments_and_keeps_errors(tmp_path):
    data = tmp_path / "data.json"
    data.write_text('{"a": 1}')
    run = subprocess.run(
        [sys.executable, "-m", "bot.runtime.quiet", "json.tool", str(data)], capture_output=True, text=True
    )
    assert run.returncode == 0 and '"a": 1' in run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "bot.runtime.quiet", "no_such_module"], capture_output=True, text=True
    )
    assert missing.returncode != 0 and "No module named no_such_module" in missing.stderr


def test_make_run_starts_quiet_processes_and_tests_keep_full_logs():
    env = settings.resolve({"PORT": "6001", "ACTIONS_PORT": "6002", "WEB_PORT": "6003"})
    for service in serve.services(env, quiet=True):
        assert service.command[1:3] == ["-m", "bot.runtime.quiet"], service.command
    quiet_rasa = {s.name: s for s in serve.services(env, quiet=True)}["rasa"]
    assert quiet_rasa.command[3:6] == [serve.RASA_MODULE, "run", "--quiet"]
    for service in serve.services(env):
        assert "bot.runtime.quiet" not in service.command and "--quiet" not in service.command


def test_make_run_prints_a_line_per_process_and_the_contact_file_problem(tmp_path, monkeypatch, capsys):
    contact = tmp_path / "handoff.yml"
    contact.write_text("contact:\n  name: a\n   email: b\n")
    monkeypatch.setenv("HANDOFF_FILE", str(contact))
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("WEB_PORT", "6003")
    monkeypatch.setattr(serve.signal, "signal", lambda *_args: None)  # keep pytest's own handlers
    web = Service("web", ["true"], "http://127.0.0.1:9/")  # exits at once: the start fails
    monkeypatch.setattr(serve, "services", lambda env, quiet: [web])
    assert serve.main() == 1
    out, err = capsys.readouterr()
    assert f"  page web avec le widget : http://localhost:6003/ (pid {web.process.pid})" in out.splitlines()
    (contact_line,) = [line for line in err.splitlines() if "handoff.yml" in line]
    assert "illisible (ligne 3)" in contact_line
