"""Fidelity of the answer units: every citation resolves, every figure and every « quoted »
phrase is in a cited source, the answer opens with the answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge.respond import SITUATION_UNIT
from bot.knowledge.text import normalize

FIGURE = re.compile(r"\d+(?:[,.]\d+)*")
QUOTED = re.compile(r"«\s*([^»]+?)\s*»")
MIN_QUOTED_WORDS = 3


def written_units(kb):
    return [u for u in kb.units.values() if u.origin == "unit"]


def cited_texts(kb, unit, guide_text: str) -> list[str]:
    texts = []
    for source in (*unit.sources, *([unit.then.source] if unit.then else [])):
        if source.kind == "official":
            texts.append(kb.sources.text(source))
        elif source.kind == "guide":
            texts.append(guide_text)
    return [f" {normalize(t)} " for t in texts]


def unit_texts(unit) -> list[str]:
    return [unit.answer, *unit.details]


def test_there_are_written_units_for_the_law_and_the_guide(kb):
    units = written_units(kb)
    kinds = {s.kind for u in units for s in u.sources}
    assert len(units) >= 100 and {"official", "guide"} <= kinds


def test_every_figure_is_in_a_cited_source(kb, guide_text):
    problems = []
    for unit in written_units(kb):
        if any(s.kind == "reference" for s in unit.sources):
            continue  # texts no package ships: cited by reference, checked by hand (README)
        texts = cited_texts(kb, unit, guide_text)
        for text in unit_texts(unit):
            for figure in FIGURE.findall(text):
                needle = f" {normalize(figure)} "
                if not any(needle in t for t in texts):
                    problems.append(f"{unit.id}: {figure!r} is in none of its sources")
    assert not problems, "\n".join(problems)


def test_every_quoted_phrase_is_word_for_word_in_a_cited_source(kb, guide_text):
    problems = []
    for unit in written_units(kb):
        texts = cited_texts(kb, unit, guide_text)
        for text in unit_texts(unit):
            for phrase in QUOTED.findall(text):
                if len(phrase.split()) >= MIN_QUOTED_WORDS and not any(f" {normalize(phrase)} " in t for t in texts):
                    problems.append(f"{unit.id}: « {phrase} » is in none of its sources")
    assert not problems, "\n".join(problems)


def test_answers_start_with_the_answer_not_a_title(kb):
    for unit in written_units(kb):
        first = unit.answer.split(". ")[0]
        assert not first.endswith(":"), unit.id
        assert len(unit.answer) <= 320, f"{unit.id}: the first sentence must be short enough for a phone"


def test_official_answers_cite_an_official_text(kb):
    for unit in written_units(kb):
        assert unit.sources, unit.id


@pytest.mark.parametrize("kind", ["guide", "official"])
def test_sources_of_each_kind_are_cited(kb, kind):
    assert any(s.kind == kind for u in written_units(kb) for s in u.sources)


def test_the_situation_units_are_those_of_their_file(kb):
    # bot/knowledge/respond.py tells a described situation's unit by its id (SITUATION_UNIT).
    path = Path(__file__).resolve().parents[2] / "bot" / "knowledge" / "data" / "units" / "guide-situations.yml"
    in_file = {unit["id"] for unit in yaml.safe_load(path.read_text(encoding="utf-8"))}
    assert in_file and in_file == {uid for uid in kb.units if uid.startswith(SITUATION_UNIT)}
