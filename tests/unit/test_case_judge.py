"""The judge of end-to-end cases follows the rules written in shared/eval/sample_cases.yaml."""

from __future__ import annotations

import pytest

from evaluation.cases import Case, Result, Turn, judge, load_cases
from tests.conftest import ROOT

REPLY = [
    {"text": "Le « faire avec » : la coopération de moyens", "buttons": [{"title": "Inconvénients"}]},
    {"text": "Source : guide"},
]


def test_groups_need_one_alternative_each_accents_and_case_ignored():
    assert judge({"all_of": [["cooperation de moyens"], ["xyz", "inconvenients"]]}, REPLY) == []


def test_a_group_without_any_alternative_fails():
    assert judge({"all_of": [["faire corps", "strategique"]]}, REPLY) == ["none of ['faire corps', 'strategique']"]


def test_any_reply_and_not_contains():
    assert judge({"any_reply": True}, []) == ["no reply"]
    assert judge({"any_reply": True, "not_contains": ["inconvenients"]}, REPLY) == ["contains 'inconvenients'"]


def test_citation_lines_are_not_judged():
    reply = [{"text": "Oui, c'est obligatoire.\nSource : Code du travail, art. L1253-8\nFiche officielle F153 : x"}]
    assert judge({"all_of": [["obligatoire"]]}, reply) == []
    assert judge({"all_of": [["l1253"]]}, reply) == ["none of ['l1253']"]
    assert judge({"all_of": [["f153"]]}, reply) == ["none of ['f153']"]


def test_the_shared_sample_loads_with_both_kinds_of_cases():
    sample = ROOT.parent / "shared" / "eval" / "sample_cases.yaml"
    if not sample.exists():
        pytest.skip("no shared/ folder beside this checkout")
    cases = load_cases([sample])
    assert {len(case.turns) > 1 for case in cases} == {False, True}


def test_a_failed_case_answered_on_a_notion_of_its_challenge_is_not_on_another_topic():
    case = Case("c", "challenge_4", [Turn("qui doit animer notre collectif ?", {})])
    assert not Result(case, False, answered=[("answered", "animation_coordination")]).wrong_topic
    assert Result(case, False, answered=[("answered", "ge")]).wrong_topic
    assert not Result(case, True, answered=[("answered", "ge")]).wrong_topic
