"""Run a set of child processes; stop them all, cleanly, when one dies or on a signal."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

STOP_TIMEOUT = 1.5  # seconds between SIGTERM and SIGKILL: Rasa takes ~3 s to exit on its own; a stop stays under 5 s
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the supervisor dies, so no process is ever left behind."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


@dataclass
class Service:
    """One child process and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def start(self, log=None) -> None:
        self.process = subprocess.Popen(
            self.command,
            env=self.env or None,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            start_new_session=True,  # Ctrl-C reaches the supervisor only; it stops children in order
            preexec_fn=_die_with_parent,
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=1) as response:
                return response.status < 500
        except (urllib.error.URLError, OSError):
            return False

    def signal(self, sig: int) -> None:
        if self.alive():
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass


def wait_ready(services: list[Service], timeout: float) -> bool:
    """Wait until every service answers; False on timeout or if one exits."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending and time.monotonic() < deadline:
        if any(not s.alive() for s in services):
            return False
        pending = [s for s in pending if not s.is_ready()]
        if pending:
            time.sleep(0.5)
    return not pending


def stop_all(services: list[Service], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM every process group, then SIGKILL what is still there after `timeout`."""
    for service in reversed(services):
        service.signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for service in services:
        if service.process is None:
            continue
        try:
            service.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            service.signal(signal.SIGKILL)
            service.process.wait()
