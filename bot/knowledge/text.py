"""Text normalisation and tolerant phrase matching for French as people type it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel

# Typographic apostrophes, and the ligatures NFKD does not decompose (« main-d'œuvre »).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
FUZZY_THRESHOLD = 0.86  # Indel similarity: one typo in a 7-letter word is 0.86


_COMBINING = re.compile(r"[\u0300-\u036f]")  # the combining diacritics NFKD separates from letters


def strip_accents(text: str) -> str:
    """Remove diacritics: « coopération » -> « cooperation »; other characters (€, œ…) stay. A regular
    expression instead of a Python loop over characters: ~20× faster (measured on our messages)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalize(text: str) -> str:
    """Lowercase, strip accents, keep only letters and digits separated by single spaces."""
    text = strip_accents(text.translate(_APOSTROPHES).lower())
    return _NON_WORD.sub(" ", text).strip()


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of `tokens(text)`, each with its start and end in `text` (to report where a topic
    is named, as NLU entities do)."""
    spans, current, start = [], [], 0
    for index, char in enumerate(text):
        piece = char.lower() if char.isascii() and char.isalnum() else normalize(char)
        if piece and piece.replace(" ", ""):
            if not current:
                start = index
            current.append(piece.replace(" ", ""))
        elif current:
            spans.append((stem("".join(current)), start, index))
            current = []
    if current:
        spans.append((stem("".join(current)), start, len(text)))
    return spans


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
    phrase: list[str], words: list[str], skip: set[int] = frozenset(), never: frozenset[str] = frozenset()
) -> int | None:
    """Index of the window of `words` most similar to `phrase` (typos, missing letters), or None.

    Only for phrases of 6 characters or more and without digits (« challenge 1 » must never
    match « challenge 4 »). A typo is assumed not to hit the first letter, which keeps this
    cheap on long messages. Words in `never` are real words, not typos of a one-word phrase.
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
        if n == 1 and words[i] in never:
            continue
        window = " ".join(words[i : i + n])
        if abs(len(window) - len(joined)) > slack:
            continue
        score = Indel.normalized_similarity(window, joined, score_cutoff=FUZZY_THRESHOLD)
        if score > best:
            best, best_i = score, i
    return best_i if best >= FUZZY_THRESHOLD else None


WORD_ALIKE = 0.75  # in a typo-tolerant phrase match, each word must itself look like a typo


def _words_alike(window: list[str], phrase: list[str]) -> bool:
    """« preter du personnel » is not « partager du personnel »: the whole phrase looks alike, but
    one word is another word, not a typo of it. As for one word, a typo moves a word's length by one
    letter at most (« les jours » is not « les joueurs »)."""
    return len(window) == len(phrase) and all(
        w == p or (len(p) > 3 and abs(len(w) - len(p)) <= 1 and Indel.normalized_similarity(w, p) >= WORD_ALIKE)
        for w, p in zip(window, phrase, strict=True)
    )


@dataclass(frozen=True)
class Match:
    """A phrase of a PhraseIndex found in a message, at a word position."""

    id: str
    position: int
    length: int


class PhraseIndex:
    """Many phrases (topic or aspect aliases) matched at once in a message, with the same rules as
    find_exact and find_fuzzy: each item found once, longest phrases first, exact matches before
    typo-tolerant ones, no overlap. The typo-tolerant pass compares every phrase with every window
    of the message in one rapidfuzz call per phrase length (measured: 36 ms -> ~2 ms on a
    60-word message against ~550 aliases)."""

    def __init__(self, entries: list[tuple[str, list[str]]], never: frozenset[str] = frozenset()):
        # Longest phrases first so « groupement d'employeurs » wins over « groupement ».
        self.entries = sorted(((i, w) for i, w in entries if w), key=lambda e: -len(" ".join(e[1])))
        self.never = never
        self.joined = [" ".join(words) for _, words in self.entries]
        self.fuzzy_ok = [len(j) >= 6 and not any(c.isdigit() for c in j) for j in self.joined]
        self._by_length: dict[int, list[int]] = {}
        for k, (_, words) in enumerate(self.entries):
            if self.fuzzy_ok[k]:
                self._by_length.setdefault(len(words), []).append(k)

    def find(self, words: list[str], taken: set[int] = frozenset(), fuzzy: bool = True) -> list[Match]:
        """The phrases found in `words` (typos tolerated unless `fuzzy` is false)."""
        taken = set(taken)
        matches: dict[str, Match] = {}
        windows = {n: {} for n in {len(w) for _, w in self.entries}}
        for n, index in windows.items():
            for i in range(len(words) - n + 1):
                index.setdefault(" ".join(words[i : i + n]), []).append(i)
        for k, (item_id, phrase) in enumerate(self.entries):
            if item_id in matches:
                continue
            for i in windows[len(phrase)].get(self.joined[k], ()):
                if not any(j in taken for j in range(i, i + len(phrase))):
                    taken |= set(range(i, i + len(phrase)))
                    matches[item_id] = Match(item_id, i, len(phrase))
                    break
        for k, i in self._fuzzy_candidates(words) if fuzzy else ():
            item_id, phrase = self.entries[k]
            span = range(i, i + len(phrase))
            if item_id in matches or any(j in taken for j in span):
                continue
            taken |= set(span)
            matches[item_id] = Match(item_id, i, len(phrase))
        return sorted(matches.values(), key=lambda m: m.position)

    def _fuzzy_candidates(self, words: list[str]) -> list[tuple[int, int]]:
        """(phrase, window start) pairs similar enough, in phrase order then best window first."""
        found: list[tuple[int, float, int]] = []
        for n, phrase_ids in self._by_length.items():
            starts = list(range(len(words) - n + 1))
            if not starts:
                continue
            windows = [" ".join(words[i : i + n]) for i in starts]
            scores = process.cdist(
                [self.joined[k] for k in phrase_ids], windows, scorer=Indel.normalized_similarity,
                score_cutoff=FUZZY_THRESHOLD, workers=1,
            )  # fmt: skip
            for row, col in zip(*scores.nonzero(), strict=True):
                k, i = phrase_ids[row], starts[col]
                joined, window = self.joined[k], windows[col]
                slack = max(2, len(joined) // 5) if n > 1 else 1
                if window[0] != joined[0] or abs(len(window) - len(joined)) > slack:
                    continue
                said, alias = window.split(), joined.split()
                if n > 1 and not _words_alike(said, alias):
                    continue
                if any(w in self.never and w != a for w, a in zip(said, alias, strict=True)):
                    continue  # « c'est qui » is no typo of « c'est quoi »
                found.append((k, -float(scores[row, col]), i))
        found.sort()
        return [(k, i) for k, _, i in found]
