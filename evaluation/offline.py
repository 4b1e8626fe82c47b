"""Run the knowledge questions of end-to-end case files straight through the knowledge package,
without Rasa: seconds instead of minutes, to see quickly what a change of data or ranking does.
Judged exactly as evaluation/cases.py judges the running assistant. Cases about small talk, bad
input and the guided journeys need the dialogue model: they are left out here.

Usage: python -m evaluation.offline FILE... [--failures] [--threshold 0.6]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import Answer, KnowledgeBase, ask, load, respond
from evaluation.cases import Case, judge, load_cases

# Case topics answered by the dialogue model (rules, forms, small talk), not by the knowledge package.
DIALOGUE_TOPICS = frozenset({"smalltalk", "bad_input", "out_of_scope", "handoff", "challenges", "journeys", "quiz"})


@dataclass
class Outcome:
    case: Case
    passed: bool
    failures: list[str]
    replies: list[Answer]


def as_messages(answer: Answer) -> list[dict]:
    return [{"text": answer.text, "buttons": [{"title": b.title} for b in answer.buttons]}]


def run_case(kb: KnowledgeBase, case: Case) -> Outcome:
    """Each turn in one conversation: the topic and the unit of the previous answer carry on."""
    topic = last_unit = None
    failures, replies = [], []
    for number, turn in enumerate(case.turns, start=1):
        question = ask(kb, turn.say, current_topic=topic, last_unit=last_unit)
        answer = respond(kb, question)
        replies.append(answer)
        failures.extend(f"turn {number}: {reason}" for reason in judge(turn.expect, as_messages(answer)))
        topic, last_unit = answer.topic or topic, answer.unit or last_unit
    return Outcome(case, not failures, failures, replies)


def knowledge_cases(paths: list[Path]) -> list[Case]:
    return [c for c in load_cases(paths) if c.topic not in DIALOGUE_TOPICS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--failures", action="store_true", help="print each failed case with its reply")
    args = parser.parse_args(argv)
    kb = load()
    outcomes = [run_case(kb, case) for case in knowledge_cases(args.files)]
    passed = sum(o.passed for o in outcomes)
    print(f"{passed}/{len(outcomes)} cas réussis ({100 * passed / max(1, len(outcomes)):.1f} %)")
    for outcome in outcomes:
        if not outcome.passed and args.failures:
            print(f"\n✗ {outcome.case.id} ({outcome.case.topic}): {'; '.join(outcome.failures)}")
            for turn, reply in zip(outcome.case.turns, outcome.replies, strict=False):
                print(f"  » {turn.say}\n  [{reply.status} {reply.unit}] {reply.text.splitlines()[0][:160]}")
    return 0 if passed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
