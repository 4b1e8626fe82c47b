"""Fidelity of the knowledge data: sources everywhere, quotes really in the guide."""

from __future__ import annotations

import re
import shutil

import pytest

from bot.knowledge import KnowledgeError
from bot.knowledge.base import load
from bot.knowledge.loader import DATA_DIR
from tests.conftest import GUIDE, SHARED_GUIDE


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_facts(kb):
    for topic in kb.topics.values():
        for aspect_id, facts in topic.aspects.items():
            for fact in facts:
                yield topic.id, aspect_id, fact


def test_guide_copy_matches_shared_guide():
    if not SHARED_GUIDE.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert GUIDE.read_bytes() == SHARED_GUIDE.read_bytes()


def test_every_fact_has_a_known_source(kb):
    facts = list(all_facts(kb))
    assert facts
    for topic_id, aspect_id, fact in facts:
        assert fact.source.id in kb.sources, (topic_id, aspect_id)
        if fact.source.kind == "guide":
            assert fact.source.section, (topic_id, aspect_id)
        else:
            assert fact.source.kind == "law" and fact.source.ref, (topic_id, aspect_id)


def test_quoted_facts_occur_verbatim_in_the_guide(kb, guide_text):
    guide = _squash(guide_text)
    quotes = [(t, a, f) for t, a, f in all_facts(kb) if f.quote]
    assert quotes, "the data should quote the guide somewhere"
    missing = [(t, a, f.text) for t, a, f in quotes if _squash(f.text) not in guide]
    assert not missing


def test_quotes_only_cite_the_guide(kb):
    for topic_id, aspect_id, fact in all_facts(kb):
        if fact.quote:
            assert fact.source.kind == "guide", (topic_id, aspect_id)


def test_updates_cite_an_official_text(kb):
    for _topic, _aspect, fact in all_facts(kb):
        if fact.update:
            assert fact.update.source.kind == "law"


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edited(data_dir, name: str, old: str, new: str):
    """`data_dir` with the first `old` of data file `name` replaced by `new` (which must be there)."""
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data_dir


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [
        ("structures.yml", "        source: guide_glossary\n", "", "source"),  # a fact without source
        ("structures.yml", "forms: [faire_avec]", "forms: [faire_nimporte_quoi]", "unknown topic"),
        ("forms.yml", "    covers:\n", "    definition:\n", "duplicate key 'definition'"),
        ("situations.yml", "- id: merge\n", "- id: share_staff\n", "'share_staff' is used twice"),
    ],
)
def test_broken_data_is_rejected(data_copy, name, old, new, error):
    with pytest.raises(KnowledgeError, match=error):
        load(edited(data_copy, name, old, new))
