"""Stopping child processes: SIGTERM first, SIGKILL for those that ignore it, none left behind."""

from __future__ import annotations

import os
import time

from bot.runtime.supervisor import Service, stop_all, wait_ready


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_children_and_grandchildren_are_stopped():
    service = Service("sleeper", ["sh", "-c", "sleep 60 & sleep 60"], "http://127.0.0.1:9/")
    service.start()
    time.sleep(0.2)
    stop_all([service], timeout=2)
    assert service.process.poll() is not None
    assert not alive(service.process.pid)


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
