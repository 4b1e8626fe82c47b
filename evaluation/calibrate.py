"""Choose the ranker's weights and the abstention threshold on our tuned cases, and measure the
threshold on a held-out split of them.

The cases are split once by a hash of their id: 70 % to choose (dev), 30 % held out (test). For
each turn of a knowledge case we know the best unit's score, whether answering with it passes the
case, and whether saying « je ne sais pas » passes it. Weights are chosen by coordinate search on
the dev split (pass rate with the best threshold for them); then the threshold; then precision
(answered turns that pass) and recall (passing answers that are given) are measured on both splits.

Usage: python -m evaluation.calibrate FILE... [--search]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.knowledge import load, respond
from bot.knowledge.ranker import WEIGHTS, Weights
from bot.knowledge.respond import ABSTAIN_BELOW, analyse, ask
from evaluation.cases import Case, judge
from evaluation.offline import as_messages, knowledge_cases

HELD_OUT = 0.3
THRESHOLDS = np.round(np.arange(0.30, 1.21, 0.02), 2)
SEARCH_STEPS = (-0.10, -0.05, 0.05, 0.10)


@dataclass
class Turn:
    case: str
    score: float  # the best unit's evidence (what the abstention threshold compares)
    answered_passes: bool  # answering (whatever the threshold) passes the turn
    abstained_passes: bool  # saying « je ne sais pas » passes it
    decided: bool  # the reply did not depend on the threshold (a comparison, a local directory)


def held_out(case: Case) -> bool:
    return int(hashlib.sha256(case.id.encode()).hexdigest(), 16) % 100 < HELD_OUT * 100


def turns_of(kb, cases: list[Case]) -> list[Turn]:
    """Every turn of every case, each asked in its conversation (the previous answers' context)."""
    found = []
    for case in cases:
        topic = last_unit = None
        for turn in case.turns:
            question = ask(kb, turn.say, current_topic=topic, last_unit=last_unit)
            answered = respond(kb, question, threshold=-math.inf)
            abstained = respond(kb, question, threshold=math.inf)
            score = kb.ranker.rank(analyse(kb, question), 1)[0].evidence
            found.append(
                Turn(
                    case.id,
                    score,
                    not judge(turn.expect, as_messages(answered)),
                    not judge(turn.expect, as_messages(abstained)),
                    abstained.status != "abstained",
                )
            )
            topic, last_unit = answered.topic or topic, answered.unit or last_unit
    return found


def pass_rate(turns: list[Turn], threshold: float) -> float:
    ok = [t.answered_passes if (t.decided or t.score >= threshold) else t.abstained_passes for t in turns]
    return sum(ok) / max(1, len(ok))


def best_threshold(turns: list[Turn]) -> tuple[float, float]:
    rates = [(pass_rate(turns, th), -abs(th - ABSTAIN_BELOW), th) for th in THRESHOLDS]
    rate, _, threshold = max(rates)
    return float(threshold), rate


def precision_recall(turns: list[Turn], threshold: float) -> tuple[float, float]:
    gated = [t for t in turns if not t.decided]
    answered = [t for t in gated if t.score >= threshold]
    answerable = [t for t in gated if t.answered_passes]
    precision = sum(t.answered_passes for t in answered) / max(1, len(answered))
    recall = sum(t.score >= threshold for t in answerable) / max(1, len(answerable))
    return precision, recall


def search(kb, dev: list[Case]) -> Weights:
    """Coordinate search: move one weight at a time while the dev pass rate improves."""
    current = WEIGHTS
    kb.ranker.weights = current
    best = best_threshold(turns_of(kb, dev))[1]
    improved = True
    while improved:
        improved = False
        for field in dataclasses.fields(Weights):
            for step in SEARCH_STEPS:
                trial = dataclasses.replace(current, **{field.name: round(getattr(current, field.name) + step, 3)})
                kb.ranker.weights = trial
                rate = best_threshold(turns_of(kb, dev))[1]
                if rate > best + 1e-9:
                    current, best, improved = trial, rate, True
                    print(f"  {field.name} = {getattr(trial, field.name)} : {100 * rate:.1f} %", flush=True)
    kb.ranker.weights = current
    return current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--search", action="store_true", help="also search the weights (minutes)")
    args = parser.parse_args(argv)
    kb = load()
    cases = knowledge_cases(args.files)
    dev = [c for c in cases if not held_out(c)]
    test = [c for c in cases if held_out(c)]
    print(f"{len(dev)} cas pour choisir, {len(test)} cas réservés")
    if args.search:
        weights = search(kb, dev)
        print(f"Poids choisis : {weights}")
    dev_turns, test_turns = turns_of(kb, dev), turns_of(kb, test)
    threshold, rate = best_threshold(dev_turns)
    print(f"Seuil d'abstention choisi : {threshold} (réussite {100 * rate:.1f} % sur les cas pour choisir)")
    for name, turns in (("choix", dev_turns), ("réservés", test_turns)):
        precision, recall = precision_recall(turns, threshold)
        print(
            f"  {name} : réussite {100 * pass_rate(turns, threshold):.1f} % ; réponses données justes (précision) "
            f"{100 * precision:.1f} % ; bonnes réponses données (rappel) {100 * recall:.1f} % ({len(turns)} tours)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
