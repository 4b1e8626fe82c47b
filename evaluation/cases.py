"""Run end-to-end cases (format of shared/eval/sample_cases.yaml) against a running assistant.

Usage: python -m evaluation.cases [--url http://localhost:5005] [--report results/cases.md] FILE...
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.text import strip_accents
from evaluation.assistant import post_message, reply_text


@dataclass
class Turn:
    say: str
    expect: dict


@dataclass
class Case:
    id: str
    topic: str
    turns: list[Turn]


@dataclass
class Result:
    case: Case
    passed: bool
    failures: list[str] = field(default_factory=list)


def load_cases(paths: list[Path]) -> list[Case]:
    """Single-turn and multi-turn cases from every file, in file order."""
    cases = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("single_turn") or []:
            cases.append(Case(raw["id"], raw.get("topic", ""), [Turn(raw["say"], raw.get("expect") or {})]))
        for raw in data.get("multi_turn") or []:
            turns = [Turn(t["say"], t.get("expect") or {}) for t in raw["turns"]]
            cases.append(Case(raw["id"], raw.get("topic", ""), turns))
    return cases


def judged_text(messages: list[dict]) -> str:
    """Texts of all bot messages and their button titles, joined, lowercased, without accents."""
    return strip_accents(reply_text(messages).lower())


def judge(expect: dict, messages: list[dict]) -> list[str]:
    """Reasons this reply fails `expect` (empty list: it passes)."""
    text = judged_text(messages)
    failures = []
    for group in expect.get("all_of") or []:
        if not any(alternative in text for alternative in group):
            failures.append(f"none of {group}")
    if expect.get("any_reply") and not text.strip():
        failures.append("no reply")
    for forbidden in expect.get("not_contains") or []:
        if forbidden in text:
            failures.append(f"contains {forbidden!r}")
    return failures


def run_case(url: str, case: Case) -> Result:
    """Each case is a new conversation (fresh sender id); each turn is judged alone."""
    sender = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
    failures = []
    for number, turn in enumerate(case.turns, start=1):
        try:
            messages = post_message(url, sender, turn.say)
        except OSError as error:
            failures.append(f"turn {number}: request failed: {error}")
            break
        failures.extend(f"turn {number}: {reason}" for reason in judge(turn.expect, messages))
    return Result(case, not failures, failures)


def run(url: str, cases: list[Case], workers: int = 4) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda case: run_case(url, case), cases))


def report(results: list[Result]) -> str:
    """A Markdown report: pass rate overall and per topic, then the failed cases."""
    by_topic: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_topic[result.case.topic].append(result)
    passed = sum(r.passed for r in results)
    lines = [
        f"**{passed}/{len(results)} cas réussis ({100 * passed / max(1, len(results)):.1f} %)**",
        "",
        "| Thème | Réussis | Total | Taux |",
        "|---|---|---|---|",
    ]
    for topic in sorted(by_topic):
        group = by_topic[topic]
        ok = sum(r.passed for r in group)
        lines.append(f"| {topic} | {ok} | {len(group)} | {100 * ok / len(group):.0f} % |")
    failed = [r for r in results if not r.passed]
    if failed:
        lines += ["", "Cas en échec :", ""]
        lines += [
            f"- `{r.case.id}` ({r.case.topic}) « {r.case.turns[0].say[:80]} » : {'; '.join(r.failures)}" for r in failed
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--report", type=Path)
    args = parser.parse_args(argv)
    results = run(args.url.rstrip("/"), load_cases(args.files))
    text = report(results)
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
