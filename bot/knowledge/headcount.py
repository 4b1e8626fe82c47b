"""Headcounts: the number of employees a message gives (« on a 25 salariés »), and the bands of
employees an answer applies to (« moins de 11 salariés », « de 25 à 49 salariés », « au moins 50
salariés »). « on a 25 salariés, on doit avoir un CSE ? » got « Non : une structure de moins de 11
salariés n'est pas obligée… »: the rule of another band, stated with a source."""

from __future__ import annotations

import re

from bot.knowledge.text import normalize

INFINITY = 10**9
_PEOPLE = r"(?:salaries?|salariees?|employes?|personnes|etp|permanents)"
ASKED = re.compile(rf"\b(\d{{1,5}})\s+{_PEOPLE}\b")
# Bands an answer states, most precise first; each match is blanked before the next pattern reads.
_BANDS = (
    (re.compile(rf"\bde (\d+) a (\d+) {_PEOPLE}"), lambda a, b: (int(a), int(b))),
    (re.compile(rf"\b(?:au moins|a partir de|des|plus de) (\d+) {_PEOPLE}"), lambda a: (int(a), INFINITY)),
    (re.compile(rf"\b(\d+) {_PEOPLE} (?:ou plus|et plus)"), lambda a: (int(a), INFINITY)),
    (re.compile(rf"\bmoins de (\d+) {_PEOPLE}"), lambda a: (0, int(a) - 1)),
)


def asked(text: str) -> int | None:
    """The number of employees `text` gives (« on a 25 salariés »), if it gives one."""
    found = ASKED.search(normalize(text))
    return int(found.group(1)) if found else None


def bands(text: str) -> list[tuple[int, int]]:
    """The bands of employees `text` states, as (first, last) headcounts."""
    rest, found = normalize(text), []
    for pattern, band in _BANDS:
        for match in pattern.finditer(rest):
            found.append(band(*match.groups()))
        rest = pattern.sub(" ", rest)
    return found


def stated_for(answer: str, headcount: int) -> bool | None:
    """Whether an answer is stated for a structure of `headcount` employees (None: it states no
    band). A Oui/Non answer is read in its first clause (« Non : une structure de moins de 11
    salariés n'est pas obligée… ; il ne devient obligatoire qu'au moins 11… »), any other in its
    first sentence (« De 11 à 24 salariés : … ; de 25 à 49 salariés : … »)."""
    sentence = re.split(r"(?<=[.!?])\s", answer, maxsplit=1)[0]
    scope = sentence.split(";")[0] if normalize(sentence).startswith(("oui ", "non ")) else sentence
    stated = bands(scope)
    return any(first <= headcount <= last for first, last in stated) if stated else None
