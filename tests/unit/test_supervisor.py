"""Stopping child processes: SIGTERM first, SIGKILL for those that ignore it, none left behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from bot.runtime.supervisor import Service, stop_all, wait_ready


def alive(pid: int) -> bool:
    """Whether `pid` runs; a zombie (dead, waiting for a parent to reap it) does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def read_pid(path: Path, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = path.read_text().strip() if path.exists() else ""
        if text:
            return int(text)
        time.sleep(0.05)
    raise AssertionError(f"no pid in {path} after {seconds} s")


def test_children_and_grandchildren_are_stopped(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    # The child shell starts a grandchild (its own process), writes its pid, and waits for it.
    script = f"sleep 60 & echo $! > {pid_file}; wait"
    service = Service("sleeper", ["sh", "-c", script], "http://127.0.0.1:9/")
    service.start()
    grandchild = read_pid(pid_file, seconds=5)
    assert alive(grandchild)
    try:
        stop_all([service], timeout=2)
        assert service.process.poll() is not None
        assert not alive(service.process.pid)
        assert gone_within(grandchild, 2), f"grandchild {grandchild} still running after stop_all"
    finally:
        if alive(grandchild):
            os.kill(grandchild, signal.SIGKILL)


def test_a_child_ignoring_sigterm_is_killed_after_the_timeout():
    service = Service("stubborn", ["sh", "-c", "trap '' TERM; sleep 60"], "http://127.0.0.1:9/")
    service.start()
    time.sleep(0.2)
    stop_all([service], timeout=0.5)
    assert service.process.poll() is not None


def test_wait_ready_gives_up_when_a_service_exits():
    service = Service("quitter", ["true"], "http://127.0.0.1:9/")
    service.start()
    assert wait_ready([service], timeout=5) is False
