"""Shared fixtures: the knowledge base, trackers and a dispatcher (financial-demo style)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide" / "association-et-cooperation.txt"
SHARED_GUIDE = ROOT.parent / "shared" / "guide" / "association-et-cooperation.txt"


@pytest.fixture(scope="session")
def kb():
    from bot.knowledge import load

    return load()


@pytest.fixture(scope="session")
def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")
