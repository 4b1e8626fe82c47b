"""Our own end-to-end cases (tests/cases/*.yaml) and the shared sample (format of
shared/eval/sample_cases.yaml), run
against the real assistant through the REST channel and judged as the held-out sets are.

Every file of cases we tuned on must pass entirely: one regression fails the test. The blind sets
(tests/cases/blind/) are never tuned on: their rate is reported by `make eval`, not gated here."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.cases import load_cases, report, run

CASES = Path(__file__).resolve().parents[1] / "cases"
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "sample_cases.yaml"
TUNED = sorted(CASES.glob("*.yaml")) + ([SAMPLE] if SAMPLE.exists() else [])
BLIND = sorted((CASES / "blind").glob("*.yaml"))


def test_case_files_are_well_formed():
    cases = load_cases([*TUNED, *BLIND])
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids))
    assert len([c for c in load_cases(sorted(CASES.glob("*.yaml"))) if len(c.turns) == 1]) >= 250


@pytest.mark.parametrize("path", TUNED, ids=[p.stem for p in TUNED])
def test_every_tuned_case_passes(assistant, path):
    results = run(f"http://127.0.0.1:{assistant['PORT']}", load_cases([path]))
    failed = [r for r in results if not r.passed]
    assert not failed, report(results)
