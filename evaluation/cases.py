"""Run end-to-end cases (format of shared/eval/sample_cases.yaml) against a running assistant,
judged as the held-out sets are: the reply's text and button titles, without citation lines.

With the assistant's HTTP API on (RASA_API_TOKEN), the runner also reads, after each turn, what the
reply answered (slots `topic`, `answer_status`): a failed case is then « honest » (it said it did not
know) or « wrong topic » (it answered about a topic the case is not about).

Usage: python -m evaluation.cases [--url http://localhost:5005] [--token T] [--report results/cases.md] FILE...
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.text import strip_accents
from evaluation.assistant import post_message, reply_text, tracker_slots


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
    answered: list[tuple[str | None, str | None]] = field(default_factory=list)  # (status, topic) per turn

    @property
    def wrong_topic(self) -> bool:
        """Failed, and some turn answered (did not abstain) about a topic the case is not about."""
        allowed = case_topics(self.case.topic)
        return not self.passed and any(
            status == "answered" and topic is not None and allowed and topic not in allowed
            for status, topic in self.answered
        )


# Case topic labels -> the knowledge topics a faithful answer may be about (a label that is itself a
# topic id allows that topic). Labels of dialogue cases (small talk, journeys) have no topic check.
LABEL_TOPICS = {
    "ge": {"ge", "geiq", "crge", "protection_sociale", "faire_avec", "pret_main_oeuvre"},
    "ge_droit": {"ge", "geiq", "pret_main_oeuvre", "transfert_contrats", "convention_collective", "crge"},
    "pret_main_oeuvre": {"pret_main_oeuvre", "ge"},
    "protection_sociale": {"protection_sociale", "psc_organisms", "ge", "gcsms", "fusion"},
    "retraite": {"protection_sociale"},
    "cse": {"irp"},
    "irp": {"irp"},
    "piliers": {"piliers", "irp", "president", "direction", "salaries", "benevoles", "usagers", "accompagnateur",
                "partenaires_publics", "banquier", "expert_comptable", "reseau_federation", "dla", "opco"},
    "formation": {"opco", "salaries"},
    "convention_collective": {"convention_collective", "ge"},
    "cae_droit": {"cae"},
    "scop": {"scop", "scic"},
    "transfert": {"transfert_contrats", "fusion"},
    "accompagnement": {"dla", "crge", "coorace", "france_active", "avise", "reseau_federation", "banquier",
                       "expert_comptable", "opco", "psc_organisms", "partenaires_publics", "accompagnateur",
                       "cooperation"},
    "formes_cooperation": {"cooperation", "faire_avec", "faire_ensemble", "faire_corps", "mutualisation_mutualite"},
    "gie_gcs": {"gie", "gcs"},
    "conventions": {"convention_mutualisation", "convention_coproduction", "reseau_informel", "adhesion_reseau"},
    "reseau": {"reseau_informel", "reseau_federation", "adhesion_reseau"},
    "marches_publics": {"marches_publics"},
    "alliance": {"alliance_partenariat"},
    # The notions each of the guide's four challenges is made of (its pages 16 to 22): an answer on the
    # charte is on the 3rd challenge, one on the animation-coordination function on the 4th.
    "challenge_1": {"challenge_1", "reseau_informel"},
    "challenge_2": {"challenge_2", "cercles", "gouvernance"},
    "challenge_3": {"challenge_3", "charte", "confidentialite"},
    "challenge_4": {"challenge_4", "animation_coordination"},
}  # fmt: skip


def case_topics(label: str) -> set[str]:
    from bot.knowledge import load

    topics = load().topics
    allowed = set(LABEL_TOPICS.get(label, ()))
    if label in topics:
        allowed.add(label)
    return allowed


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


CITATION_LINES = ("Source", "Fiche officielle")


def judged_text(messages: list[dict]) -> str:
    """Texts of all bot messages and their button titles, joined, lowercased, without accents,
    without the citation lines (lines that start with « Source » or « Fiche officielle »)."""
    lines = [line for line in reply_text(messages).splitlines() if not line.lstrip().startswith(CITATION_LINES)]
    return strip_accents("\n".join(lines).lower())


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


def run_case(url: str, case: Case, token: str | None = None) -> Result:
    """Each case is a new conversation (fresh sender id); each turn is judged alone."""
    sender = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
    failures, answered = [], []
    for number, turn in enumerate(case.turns, start=1):
        try:
            messages = post_message(url, sender, turn.say)
        except OSError as error:
            failures.append(f"turn {number}: request failed: {error}")
            break
        failures.extend(f"turn {number}: {reason}" for reason in judge(turn.expect, messages))
        if token:
            slots = tracker_slots(url, sender, token)
            answered.append((slots.get("answer_status"), slots.get("topic")))
    return Result(case, not failures, failures, answered)


def run(url: str, cases: list[Case], workers: int = 4, token: str | None = None) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda case: run_case(url, case, token), cases))


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
    if any(r.answered for r in results):
        wrong = sum(r.wrong_topic for r in failed)
        honest = sum(all(status != "answered" for status, _ in r.answered) for r in failed)
        lines += [
            "",
            f"Échecs : {len(failed)}, dont {wrong} sur un autre sujet que celui demandé, {honest} « je ne sais pas ».",
        ]
    if failed:
        lines += ["", "Cas en échec :", ""]
        lines += [
            f"- `{r.case.id}` ({r.case.topic}){' [autre sujet]' if r.wrong_topic else ''} "
            f"« {r.case.turns[0].say[:80]} » : {'; '.join(r.failures)}"
            for r in failed
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--token", default=os.environ.get("RASA_API_TOKEN") or None, help="Rasa HTTP API token")
    args = parser.parse_args(argv)
    results = run(args.url.rstrip("/"), load_cases(args.files), token=args.token)
    text = report(results)
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
