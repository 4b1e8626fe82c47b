"""Fail when the NLU scores on the held-out split fall below the agreed floor.

Usage: python -m evaluation.nlu_gate results/nlu
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluation.report import nlu_scores

MIN_INTENT_MACRO_F1 = 0.80
MIN_TOPIC_F1 = 0.80  # the topic picks the answer; aspects only weigh it (see nlu_scores)


def main(argv: list[str]) -> int:
    scores = nlu_scores(Path(argv[0]))
    intent, topic = scores["intent_macro_f1"], scores["topic_f1"]
    print(f"NLU (test réservé) : F1 macro intentions {intent}, F1 sujets {topic}, F1 aspects {scores['aspect_f1']}")
    failures = []
    if intent is None or intent < MIN_INTENT_MACRO_F1:
        failures.append(f"intent macro-F1 {intent} < {MIN_INTENT_MACRO_F1}")
    if topic is None or topic < MIN_TOPIC_F1:
        failures.append(f"topic F1 {topic} < {MIN_TOPIC_F1}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
