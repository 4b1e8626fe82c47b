"""Keyword search over the facts of the knowledge base, for questions that name a topic but
no known aspect (« qui peut être associé dans une SCIC ? ») or that name nothing we know."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.knowledge.models import Fact, Topic
from bot.knowledge.text import normalize, tokens

# French function words and chat filler: they say nothing about what is asked.
STOPWORDS = frozenset(
    """a au aux avec ce ces cet cette c ca celle celui chez comme comment d dans de des du elle
    elles en est et etre eu faire faut il ils j je l la le les leur leurs lui m ma mais me meme
    mes moi mon n ne ni nos notre nous on ou par pas peut peuvent plus pour pourquoi qu quand
    que quel quelle quelles quels qui quoi s sa sans se ses si son sont sur t ta te tes toi ton
    tu un une vos votre vous y svp stp bonjour merci alors donc bien tres trop deja aussi ete
    avoir ai as avez avons ont fait font sera serait doit doivent dois devons doit on veut veux
    voudrait voudrions aimerait cest quest ya quoi combien autre autres tout tous toute toutes""".split()
)
PREFIX = 5  # crude French stemming: « cotiser » and « cotisations » share « cotis »
MIN_SCORE = 2.5
# A phrase the person quotes, between French or English quotation marks.
QUOTED = re.compile(r"[«“\"]\s*([^»”\"]+?)\s*[»”\"]")
MIN_QUOTE = 8  # characters, once normalised: shorter quotes are too common to point at one fact


def keys(text: str) -> set[str]:
    """Content-word keys of a text: no stopwords, no short words, cut to a common prefix."""
    return {t[:PREFIX] for t in tokens(text) if len(t) > 3 and t not in STOPWORDS}


@dataclass(frozen=True)
class Hit:
    """The aspect of a topic whose facts best match a question, best facts first."""

    topic: str
    aspect: str
    facts: tuple[Fact, ...]
    score: float


class FactIndex:
    """An inverted index of facts by content-word keys, weighted by rarity (idf)."""

    def __init__(self, topics: dict[str, Topic]):
        self._entries: list[tuple[str, str, Fact, set[str]]] = []
        for topic in topics.values():
            for aspect_id, facts in topic.aspects.items():
                for fact in facts:
                    self._entries.append((topic.id, aspect_id, fact, keys(fact.text)))
        frequency = Counter(k for *_, fact_keys in self._entries for k in fact_keys)
        total = max(1, len(self._entries))
        self._idf = {k: math.log(total / n) for k, n in frequency.items()}

    def quoted(self, text: str, within: str | None = None) -> Hit | None:
        """The aspect whose facts contain a phrase the message quotes (« entreprendre pour soi »), in
        topic `within` if given; the facts that contain the phrase come first, then the others."""
        for phrase in QUOTED.findall(text):
            needle = normalize(phrase)
            if len(needle) < MIN_QUOTE:
                continue
            found = [
                (topic_id, aspect_id, fact)
                for topic_id, aspect_id, fact, _ in self._entries
                if (within is None or topic_id == within) and needle in normalize(fact.text)
            ]
            if found:
                topic_id, aspect_id, _ = found[0]
                first = [fact for t, a, fact in found if (t, a) == (topic_id, aspect_id)]
                rest = [f for t, a, f, _ in self._entries if (t, a) == (topic_id, aspect_id) and f not in first]
                return Hit(topic_id, aspect_id, tuple(first + rest), math.inf)
        return None

    def search(
        self, text: str, within: str | None = None, ignore: set[str] = frozenset(), about: set[str] = frozenset()
    ) -> Hit | None:
        """Best-matching aspect for `text` (in topic `within` if given), or None if too weak.
        `ignore` holds keys not to count (the words naming the topic or the aspect); when `about` is
        given, only facts with one of those keys count (facts that speak of what the person named)."""
        query = keys(text) - ignore
        if not query:
            return None
        scored: dict[tuple[str, str], list[tuple[float, Fact]]] = {}
        for topic_id, aspect_id, fact, fact_keys in self._entries:
            if (within and topic_id != within) or (about and not about & fact_keys):
                continue
            score = sum(self._idf[k] for k in query & fact_keys)
            if score > 0:
                scored.setdefault((topic_id, aspect_id), []).append((score, fact))
        if not scored:
            return None
        (topic_id, aspect_id), matches = max(scored.items(), key=lambda item: max(s for s, _ in item[1]))
        matches.sort(key=lambda pair: -pair[0])
        best = matches[0][0]
        if best < MIN_SCORE:
            return None
        return Hit(topic_id, aspect_id, tuple(f for _, f in matches), best)
