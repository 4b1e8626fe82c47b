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
    known = {s.id for s in kb.sources.all()}
    for topic_id, aspect_id, fact in facts:
        assert fact.source.id in known and fact.source.kind in ("guide", "official", "reference"), (topic_id, aspect_id)
        assert fact.source.title, (topic_id, aspect_id)
        if fact.source.kind == "official":
            assert fact.source.date and fact.source.url, (topic_id, aspect_id)


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
    updates = [fact.update for _topic, _aspect, fact in all_facts(kb) if fact.update]
    assert len(updates) >= 10
    assert all(update.source.kind == "official" for update in updates)


def test_the_guides_outdated_wordings_carry_todays_rule(kb):
    """Fidelity review: « statut cadre » (1947 agreement), OPCA « organisme de formation », the CSE's
    50-employee threshold, the CRGE « en Poitou-Charentes »."""
    for _topic, _aspect, fact in all_facts(kb):
        if "statut cadre" in fact.text:
            assert fact.update and "17 novembre 2017" in fact.update.text, fact.text
        if "OPCA" in fact.text:
            assert fact.update and "n'était pas un organisme de formation" in fact.update.text, fact.text
        if fact.update and "L2312-8" in fact.update.text:
            assert "au moins 50 salariés" in fact.update.text
        if "Poitou-Charentes" in fact.text:
            assert fact.update and "CRGE Nouvelle Aquitaine" in fact.update.text


def test_gcsms_has_its_legal_name(kb):
    assert kb.topics["gcsms"].name == "Le groupement de coopération sociale ou médico-sociale (GCSMS)"


def test_the_orientation_table_is_only_claimed_for_the_structures_it_places(kb):
    for topic_id in ("cae", "ges", "ptce"):
        assert kb.topics[topic_id].category is None, topic_id
        # The CAE's form comes from its own section (« une forme novatrice de faire avec »), never
        # from the table, which does not place it.
        forms = kb.units.get(f"{topic_id}.forms")
        assert forms is None or all(
            "table" not in fact.text and fact.source.id != "guide_statutes" for fact in forms.facts
        ), topic_id
    assert "forme novatrice" in kb.units["cae.forms"].answer


def test_ptce_is_not_said_to_be_without_a_legal_person(kb):
    texts = " ".join(unit.answer + " ".join(unit.details) for unit in kb.units_of("ptce"))
    assert "sans nouvelle personne morale" not in texts
    assert "ne requiert pas la création d'une structure nouvelle" in texts


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
        ("units/ge.yml", "code-du-travail#L1253-8", "code-du-travail#L9999-9", "not in the official snapshots"),
        ("units/ge.yml", "  questions:", "  question:", "unknown keys"),
        ("references.yml", "law_gie:", "law_scic:", "duplicate key"),
        ("aspects.yml", "overrides: [steps]", "overrides: [stepz]", "overrides an unknown aspect"),
    ],
)
def test_broken_data_is_rejected(data_copy, name, old, new, error):
    with pytest.raises(KnowledgeError, match=error):
        load(edited(data_copy, name, old, new))
