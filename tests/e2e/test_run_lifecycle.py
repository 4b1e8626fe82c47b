"""`make run`'s supervisor: prints where to talk, and stops every process within the README's
promise (« Ctrl-C (ou SIGTERM) les arrête tous en moins de 5 secondes »)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from evaluation.assistant import assistant_env

PROMISED_STOP_SECONDS = 5.0  # README, « Ce que fait `make run` »


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def ctrl_c(supervisor: subprocess.Popen) -> None:
    """What a terminal does on Ctrl-C: SIGINT to the whole foreground process group."""
    os.killpg(supervisor.pid, signal.SIGINT)


def sigterm(supervisor: subprocess.Popen) -> None:
    supervisor.send_signal(signal.SIGTERM)


@pytest.mark.parametrize("stop", [ctrl_c, sigterm], ids=["ctrl-c", "sigterm"])
def test_a_stop_request_stops_everything_within_the_promise(tmp_path, stop):
    env = assistant_env(tmp_path)
    log_path = tmp_path / "serve.log"
    log = log_path.open("w+")
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.serve"],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group, like `make run` in a terminal
    )
    urls = [f"http://127.0.0.1:{env[p]}/" for p in ("PORT", "WEB_PORT")]
    try:
        deadline = time.monotonic() + 300
        while "L'assistant est prêt" not in log_path.read_text() and time.monotonic() < deadline:
            assert supervisor.poll() is None, log_path.read_text()[-2000:]
            time.sleep(1)
        output = log_path.read_text()
        assert f"http://localhost:{env['WEB_PORT']}/" in output
        assert all(answers(url) for url in urls)
        started = time.monotonic()
        stop(supervisor)
        try:
            supervisor.wait(timeout=PROMISED_STOP_SECONDS + 30)
        except subprocess.TimeoutExpired:
            pass
        elapsed = time.monotonic() - started
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
    assert elapsed < PROMISED_STOP_SECONDS, f"stopped in {elapsed:.1f} s, the README promises less than 5 s"
    assert supervisor.returncode == 0
    assert not any(answers(url) for url in urls)
    assert "Assistant arrêté." in log_path.read_text()
