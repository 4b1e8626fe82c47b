"""Grouping of questions worded almost the same way, so the report lists each need once."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# rapidfuzz token_set_ratio (0-100) from which two normalised questions count as the same one.
SIMILARITY_THRESHOLD = 85

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lowercase, without accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare).strip()


@dataclass(frozen=True)
class QuestionGroup:
    """Near-duplicate questions: how many times they were asked and the most frequent wording."""

    example: str
    count: int
    wordings: int


def group_questions(questions: Iterable[str]) -> list[QuestionGroup]:
    """Groups `questions` whose normalised forms score >= SIMILARITY_THRESHOLD (token_set_ratio)
    with a group's first (most asked) form; most asked groups first."""
    asked = Counter(question.strip() for question in questions if question.strip())
    by_form: dict[str, Counter[str]] = {}
    for question, count in asked.items():
        by_form.setdefault(normalise(question), Counter())[question] += count
    forms = sorted(by_form, key=lambda form: (-sum(by_form[form].values()), form))

    leaders: list[str] = []
    members: dict[str, list[str]] = {}
    for form in forms:
        match = process.extractOne(
            form, leaders, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=SIMILARITY_THRESHOLD
        )
        if match is None:
            leaders.append(form)
            members[form] = [form]
        else:
            members[match[0]].append(form)

    groups = []
    for leader in leaders:
        wordings: Counter[str] = Counter()
        for form in members[leader]:
            wordings.update(by_form[form])
        example = min(wordings, key=lambda wording: (-wordings[wording], wording))
        groups.append(QuestionGroup(example=example, count=sum(wordings.values()), wordings=len(wordings)))
    return sorted(groups, key=lambda group: (-group.count, normalise(group.example)))
