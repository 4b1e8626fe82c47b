"""External servers some tests need (PostgreSQL, Redis…). The rule, in one place: when one is
missing, the test is skipped with the reason on a developer's machine, and fails on CI (CI=true),
where a skipped test would pass for nothing."""

from __future__ import annotations

import os

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(problem: str | None) -> None:
    """Go on when `problem` is None; otherwise skip with it, or fail with it when CI=true."""
    if problem is None:
        return
    if on_ci():
        pytest.fail(f"{problem} (required when CI=true)", pytrace=False)
    pytest.skip(problem)


def postgres_problem(url: str) -> str | None:
    """Why the PostgreSQL database at `url` cannot be used, or None."""
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=3).close()
    except psycopg2.Error as error:
        return f"PostgreSQL unreachable at {url}: {' '.join(str(error).split())}"
    return None


def redis_problem(host: str, port: int = 6379) -> str | None:
    """Why the Redis server at host:port cannot be used, or None."""
    import redis

    try:
        redis.Redis(host=host, port=port, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis unreachable at {host}:{port}: {error}"
    return None
