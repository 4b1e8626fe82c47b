"""The rule for tests that need an external server: skipped with the reason locally, failed on CI."""

from __future__ import annotations

import pytest

from evaluation.assistant import free_port
from tests.services import postgres_problem, redis_problem, require


def outcome(problem: str | None) -> BaseException | None:
    """What require() does with `problem`: None (the test goes on), a skip or a failure."""
    try:
        require(problem)
    except BaseException as raised:  # pytest's skip and fail are BaseExceptions
        return raised
    return None


def test_an_available_service_lets_the_test_run(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert outcome(None) is None


@pytest.mark.parametrize("ci", [None, "", "false", "1"])
def test_a_missing_service_skips_with_the_reason_locally(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    raised = outcome("Redis unreachable at 127.0.0.1:1")
    assert isinstance(raised, pytest.skip.Exception) and "Redis unreachable at 127.0.0.1:1" in str(raised)


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_a_missing_service_fails_on_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    raised = outcome("Redis unreachable at 127.0.0.1:1")
    assert isinstance(raised, pytest.fail.Exception), f"not a failure: {raised!r}"
    assert "Redis unreachable at 127.0.0.1:1 (required when CI=true)" in str(raised)


def test_unreachable_servers_are_reported_with_their_address():
    port = free_port()
    assert f"127.0.0.1:{port}" in redis_problem("127.0.0.1", port)
    url = f"postgresql://postgres@127.0.0.1:{port}/test"
    assert url in postgres_problem(url)
