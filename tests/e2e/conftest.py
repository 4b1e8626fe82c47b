"""One running assistant (action server + Rasa server) shared by the end-to-end tests."""

from __future__ import annotations

import pytest

from evaluation.assistant import assistant_env, by_name, started


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The environment of a running assistant on free ports with its own SQLite file."""
    tmp_path = tmp_path_factory.mktemp("assistant")
    env = assistant_env(tmp_path)
    services = by_name(env)
    with started([services["actions"], services["rasa"]], tmp_path / "assistant.log"):
        yield env
