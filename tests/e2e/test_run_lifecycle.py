"""`make run`'s supervisor: prints where to talk, stops every process on Ctrl-C (SIGINT)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

from bot.runtime.supervisor import STOP_TIMEOUT
from evaluation.assistant import assistant_env


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def test_ctrl_c_stops_everything(tmp_path):
    env = assistant_env(tmp_path)
    log = (tmp_path / "serve.log").open("w+")
    supervisor = subprocess.Popen([sys.executable, "-m", "bot.runtime.serve"], env=env, stdout=log, stderr=log)
    urls = [f"http://127.0.0.1:{env[p]}/" for p in ("PORT", "WEB_PORT")]
    try:
        deadline = time.monotonic() + 300
        while "L'assistant est prêt" not in (tmp_path / "serve.log").read_text() and time.monotonic() < deadline:
            assert supervisor.poll() is None, (tmp_path / "serve.log").read_text()[-2000:]
            time.sleep(1)
        output = (tmp_path / "serve.log").read_text()
        assert f"http://localhost:{env['WEB_PORT']}/" in output
        assert all(answers(url) for url in urls)
        started = time.monotonic()
        supervisor.send_signal(signal.SIGINT)
        supervisor.wait(timeout=STOP_TIMEOUT + 10)
        print(f"stopped in {time.monotonic() - started:.1f} s")
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    assert supervisor.returncode == 0
    assert not any(answers(url) for url in urls)
    assert "Assistant arrêté." in (tmp_path / "serve.log").read_text()
