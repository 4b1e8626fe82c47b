"""The knowledge base: look-up by id and recognition of topics and aspects in free text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.knowledge import loader
from bot.knowledge.models import Aspect, Situation, Source, Topic
from bot.knowledge.search import FactIndex, keys
from bot.knowledge.text import find_exact, find_fuzzy, tokens


@dataclass(frozen=True)
class Match:
    """A topic or aspect found in a message, at a word position."""

    id: str
    position: int
    length: int


class KnowledgeBase:
    """All topics, aspects and sources, with tolerant text recognition."""

    def __init__(
        self,
        topics: dict[str, Topic],
        aspects: dict[str, Aspect],
        sources: dict[str, Source],
        situations: list[Situation] = (),
        fiches: dict[str, list[dict]] | None = None,
    ):
        self.topics = topics
        self.fiches = fiches or {}  # official service-public.fr fiches per topic (official.yml)
        self.aspects = aspects
        self.sources = sources
        self.situations = list(situations)
        self._situation_cues = {s.id: self._alias_index((s.id, (cue,)) for cue in s.cues) for s in self.situations}
        self._topic_aliases = self._alias_index((t.id, (t.short or "", *t.aliases)) for t in topics.values())
        self._aspect_aliases = self._alias_index((a.id, a.aliases) for a in aspects.values())
        self.facts = FactIndex(topics)

    @staticmethod
    def _alias_index(entries) -> list[tuple[str, list[str]]]:
        index = []
        for item_id, aliases in entries:
            for alias in aliases:
                words = tokens(alias.replace("_", " "))
                if words:
                    index.append((item_id, words))
        # Longest aliases first so « groupement d'employeurs » wins over « groupement ».
        index.sort(key=lambda entry: -len(" ".join(entry[1])))
        return index

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)

    def aspect(self, aspect_id: str) -> Aspect | None:
        return self.aspects.get(aspect_id)

    def find_topics(self, text: str) -> list[str]:
        """Topic ids mentioned in `text` without duplicates: in reading order, except that topics
        named by common words (weak) come after the others."""
        found = [m.id for m in self._find(self._topic_aliases, tokens(text), set())]
        return sorted(found, key=lambda topic_id: self.topics[topic_id].weak)

    def naming_keys(self, text: str) -> set[str]:
        """Search keys of the words of `text` that name a topic or an aspect."""
        words = tokens(text)
        named: set[int] = set()
        for match in self._find(self._topic_aliases, words, set()):
            named |= set(range(match.position, match.position + match.length))
        for match in self._find(self._aspect_aliases, words, named):
            named |= set(range(match.position, match.position + match.length))
        return keys(" ".join(words[i] for i in sorted(named)))

    def find_aspect(self, text: str) -> str | None:
        """The first aspect asked in `text` (« avantages », « qui contacter »…), if any; the
        definition only when nothing more precise is asked (« qu'est-ce qu'on fait pour les
        mutuelles » asks about obligations). Words naming a topic are not read as an aspect."""
        words = tokens(text)
        free_aspects = self._find(self._aspect_aliases, words, set())
        taken: set[int] = set()
        for match in self._find(self._topic_aliases, words, set()):
            span = set(range(match.position, match.position + match.length))
            # A longer aspect phrase around the topic's words keeps them (« formes de coopération »).
            if not any(
                a.length > match.length and span <= set(range(a.position, a.position + a.length)) for a in free_aspects
            ):
                taken |= span
        found = [m.id for m in self._find(self._aspect_aliases, words, taken)]
        precise = [aspect_id for aspect_id in found if aspect_id != "definition"]
        return (precise or found or [None])[0]

    def match_situation(self, text: str) -> Situation | None:
        """The described situation with most cues in `text` (first in file order on a tie)."""
        words = tokens(text)
        best, best_score = None, 0
        for situation in self.situations:
            score = len(self._find_all(self._situation_cues[situation.id], words))
            if score > best_score:
                best, best_score = situation, score
        return best

    @staticmethod
    def _find_all(index: list[tuple[str, list[str]]], words: list[str]) -> list[list[str]]:
        """Every phrase of `index` found in `words` (exact or typo-tolerant), overlaps allowed."""
        return [
            phrase
            for _id, phrase in index
            if find_exact(phrase, words) is not None or find_fuzzy(phrase, words) is not None
        ]

    @staticmethod
    def _find(index: list[tuple[str, list[str]]], words: list[str], taken: set[int]) -> list[Match]:
        """Non-overlapping matches of `index` phrases in `words`: every exact match first
        (longest first), then typo-tolerant matches for what is left."""
        taken = set(taken)
        matches: dict[str, Match] = {}
        for finder in (find_exact, find_fuzzy):
            for item_id, phrase in index:
                if item_id in matches:
                    continue
                position = finder(phrase, words, taken)
                if position is not None:
                    taken |= set(range(position, position + len(phrase)))
                    matches[item_id] = Match(item_id, position, len(phrase))
        return sorted(matches.values(), key=lambda m: m.position)


@lru_cache(maxsize=4)
def load(data_dir: Path = loader.DATA_DIR) -> KnowledgeBase:
    """Load (once) and return the knowledge base from `data_dir`."""
    sources = loader.load_sources(data_dir)
    aspects = loader.load_aspects(data_dir)
    topics = loader.load_topics(data_dir, sources, aspects)
    situations = loader.load_situations(data_dir, sources, aspects, topics)
    return KnowledgeBase(topics, aspects, sources, situations, loader.load_fiches(data_dir, topics))
