"""Our own end-to-end cases (tests/cases/*.yaml, format of shared/eval/sample_cases.yaml),
run against the real assistant through the REST channel."""

from __future__ import annotations

from pathlib import Path

from evaluation.cases import load_cases, report, run

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))
MIN_PASS_RATE = 0.90


def test_case_files_are_well_formed():
    cases = load_cases(CASES)
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids))
    assert len([c for c in cases if len(c.turns) == 1]) >= 100


def test_end_to_end_cases_pass(assistant):
    results = run(f"http://127.0.0.1:{assistant['PORT']}", load_cases(CASES))
    print(report(results))
    rate = sum(r.passed for r in results) / len(results)
    assert rate >= MIN_PASS_RATE, report(results)
