"""official.yml (written by `make check-legal` from the government's legal data packages) agrees
with what the knowledge data cites."""

from __future__ import annotations

import yaml

from bot.knowledge import answer
from bot.knowledge.loader import DATA_DIR

OFFICIAL = yaml.safe_load((DATA_DIR / "official.yml").read_text(encoding="utf-8"))
REFS = yaml.safe_load((DATA_DIR / "legal_refs.yml").read_text(encoding="utf-8"))


def test_every_checked_article_is_in_force_unless_known_abrogated():
    for ref in REFS["articles"]:
        entries = {e["number"]: e for e in OFFICIAL["articles"][ref["source"]]}
        for number in ref["numbers"]:
            assert entries[number]["status"] in (ref.get("expect", "in_force"), "not_in_package"), number


def test_code_articles_found_in_the_package_carry_their_official_id():
    found = [e for entries in OFFICIAL["articles"].values() for e in entries if e["status"] == "in_force"]
    assert found and all(e["id"].startswith("LEGIARTI") for e in found)


def test_the_guides_outdated_article_is_abrogated_and_answered_with_the_current_rule(kb):
    [outdated] = OFFICIAL["articles"]["guide_pillars"]
    assert (outdated["number"], outdated["status"]) == ("L2323-6", "abrogated")
    text = answer(kb, "irp", "role").text
    assert "L 2323-6" in text and "L2312-8" in text


def test_every_law_source_citing_a_code_article_is_checked(kb):
    checked = {ref["source"] for ref in REFS["articles"]}
    for source in kb.sources.values():
        if source.kind == "law" and source.ref.startswith("Code "):
            assert source.id in checked, source.id


def test_official_fiches_are_shown_with_their_topic(kb):
    assert OFFICIAL["fiches"]["ge"][0]["id"] == "F153"
    text = answer(kb, "ge", "definition").text
    assert (
        "Fiche officielle service-public.fr F153 : « Adhésion d'une association à un groupement d'employeurs »" in text
    )
