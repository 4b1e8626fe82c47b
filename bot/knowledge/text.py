"""Text normalisation and tolerant phrase matching for French as people type it."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Ordinary French words one letter away from an alias: never read as a typo of it
# (« les différentes formes » does not ask for the « différence »).
NOT_TYPOS = frozenset({"different", "differente"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Remove diacritics: « coopération » -> « cooperation »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lowercase, strip accents, keep only letters and digits separated by single spaces."""
    text = strip_accents(text.translate(_APOSTROPHES).lower())
    return _NON_WORD.sub(" ", text).strip()


def stem(token: str) -> str:
    """A crude French plural folding: « groupements » -> « groupement », « fédéraux » left alone."""
    if len(token) > 3 and token[-1] in "sx":
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Normalised, plural-folded tokens of a text."""
    return [stem(t) for t in normalize(text).split()]


def _free_starts(n: int, words: list[str], skip: set[int], first: str = "") -> list[int]:
    """Start positions of the n-word windows of `words` that begin with `first` and avoid `skip`."""
    return [
        i
        for i in range(len(words) - n + 1)
        if words[i].startswith(first) and not (skip and any(j in skip for j in range(i, i + n)))
    ]


def find_exact(phrase: list[str], words: list[str], skip: set[int] = frozenset()) -> int | None:
    """Index in `words` where the token list `phrase` occurs, avoiding positions in `skip`."""
    n = len(phrase)
    for i in _free_starts(n, words, skip, phrase[0]) if n else ():
        if words[i : i + n] == phrase:
            return i
    return None


def find_fuzzy(
    phrase: list[str], words: list[str], skip: set[int] = frozenset(), threshold: float = 0.86
) -> int | None:
    """Index of the window of `words` most similar to `phrase` (typos, missing letters), or None.

    Only for phrases of 6 characters or more and without digits (« challenge 1 » must never
    match « challenge 4 »). A typo is assumed not to hit the first letter, which keeps this
    cheap on long messages.
    """
    n = len(phrase)
    joined = " ".join(phrase)
    if n == 0 or len(joined) < 6 or any(c.isdigit() for c in joined):
        return None
    best, best_i = 0.0, None
    # One word: a typo adds, drops or swaps a letter, so the length moves by one at most
    # (« entraînent » is not a typo of « entraînement »).
    slack = max(2, len(joined) // 5) if n > 1 else 1
    for i in _free_starts(n, words, skip, phrase[0][0]):
        if n == 1 and words[i] in NOT_TYPOS:
            continue
        window = " ".join(words[i : i + n])
        if abs(len(window) - len(joined)) > slack:
            continue
        matcher = SequenceMatcher(None, window, joined)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = matcher.ratio()
        if score > best:
            best, best_i = score, i
    return best_i if best >= threshold else None
