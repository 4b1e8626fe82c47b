"""The knowledge base: topics, aspects, sources and answer units, and the recognition of the
topics and aspects a message names (aliases, typos tolerated)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge import lexicon, loader, territory
from bot.knowledge.derive import derive_units
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.models import Aspect, Topic, Unit
from bot.knowledge.ranker import Ranker
from bot.knowledge.territory import Territories
from bot.knowledge.text import Match, PhraseIndex, token_spans, tokens

if TYPE_CHECKING:
    from bot.knowledge.journeys import Journeys

STATUTES_SOURCE = "guide_statutes"  # the guide's orientation table, source of the derived link units


class KnowledgeBase:
    """All topics, aspects, sources and units, with tolerant text recognition."""

    def __init__(
        self,
        topics: dict[str, Topic],
        aspects: dict[str, Aspect],
        sources: loader.Sources,
        units: list[Unit],
        words: Lexicon,
        data_dir: Path = loader.DATA_DIR,
    ):
        self.data_dir = data_dir
        self.topics = topics
        self.aspects = aspects
        self.sources = sources
        self.lexicon = words
        self.units: dict[str, Unit] = {}
        for unit in (*derive_units(topics, aspects, sources.get(STATUTES_SOURCE, "base")), *units):
            self.units[unit.id] = unit
        for unit in self.units.values():
            missing = [f for f in unit.follow if f not in self.units]
            if missing:
                raise loader.KnowledgeError(f"unit {unit.id} follows unknown units {missing}")
        never = words.not_typos
        self._topic_aliases = PhraseIndex(
            self._alias_index((t.id, (t.short or "", *t.aliases)) for t in topics.values()), never
        )
        self._aspect_aliases = PhraseIndex(self._alias_index((a.id, a.aliases) for a in aspects.values()), never)

    @cached_property
    def ranker(self) -> Ranker:
        """The ranker over every unit, built on first use (the action server builds it at start)."""
        return Ranker(self)

    @cached_property
    def territories(self) -> Territories:
        return territory.load(self.data_dir / "territories.yml")

    @cached_property
    def journeys(self) -> Journeys:
        from bot.knowledge.journeys import load_journeys  # journeys compose answers, which read the base

        return load_journeys(self.data_dir / "journeys", self, self.territories)

    @staticmethod
    def _alias_index(entries) -> list[tuple[str, list[str]]]:
        return [(item_id, tokens(alias.replace("_", " "))) for item_id, aliases in entries for alias in aliases]

    def units_of(self, topic_id: str) -> list[Unit]:
        return [u for u in self.units.values() if u.topic == topic_id]

    @lru_cache(maxsize=512)  # noqa: B019 - one knowledge base per process; the same text is read several times
    def _matches(self, text: str) -> tuple[list[Match], list[Match]]:
        """Topics named in `text`, and aspects named in it regardless of topics."""
        words = tokens(text)
        return self._topic_aliases.find(words), self._aspect_aliases.find(words)

    def topics_written(self, text: str) -> set[str]:
        """Topics a well-written text names (exact aliases only: cheap on long texts)."""
        return {m.id for m in self._topic_aliases.find(tokens(text), fuzzy=False)}

    def find_topics(self, text: str) -> list[str]:
        """Topic ids mentioned in `text` without duplicates: in reading order, except that topics
        named by common words (weak) come after the others."""
        found = [m.id for m in self._matches(text)[0]]
        return sorted(found, key=lambda topic_id: self.topics[topic_id].weak)

    def find_aspect(self, text: str) -> str | None:
        """The first aspect asked in `text` (« avantages », « qui contacter »…), if any."""
        match = self._aspect_match(text)
        return match.id if match else None

    def _aspect_match(self, text: str) -> Match | None:
        """Where the aspect asked is named: the definition only when nothing more precise is asked.
        Words naming a topic are not read as an aspect, unless a longer aspect phrase contains them
        (« formes de coopération »)."""
        topic_matches, free_aspects = self._matches(text)
        taken: set[int] = set()
        for match in topic_matches:
            span = set(range(match.position, match.position + match.length))
            if not any(
                a.length > match.length and span <= set(range(a.position, a.position + a.length)) for a in free_aspects
            ):
                taken |= span
        found = self._aspect_aliases.find(tokens(text), taken)
        precise = [m for m in found if m.id != "definition"]
        overridden = {o for m in precise for o in self.aspects[m.id].overrides}
        return ([m for m in precise if m.id not in overridden] or found or [None])[0]

    def mentions(self, text: str) -> list[Mention]:
        """The topics (reading order, weak ones last) and the aspect a message names, with where:
        what the NLU pipeline passes on as entities, so that the action server need not look again."""
        spans = token_spans(text)
        found = [
            Mention("topic", m.id, spans[m.position][1], spans[m.position + m.length - 1][2])
            for m in self._matches(text)[0]
        ]
        found.sort(key=lambda m: self.topics[m.value].weak)
        aspect = self._aspect_match(text)
        if aspect is not None:
            found.append(
                Mention("aspect", aspect.id, spans[aspect.position][1], spans[aspect.position + aspect.length - 1][2])
            )
        return found


@dataclass(frozen=True)
class Mention:
    """A topic or an aspect named in a message, as an NLU entity: its value and character span."""

    entity: str
    value: str
    start: int
    end: int


@lru_cache(maxsize=4)
def load(data_dir: Path = loader.DATA_DIR) -> KnowledgeBase:
    """Load (once) and return the knowledge base from `data_dir`."""
    sources = loader.Sources(data_dir)
    aspects = loader.load_aspects(data_dir)
    topics = loader.load_topics(data_dir, sources, aspects)
    units = loader.load_units(data_dir, sources, topics, aspects)
    kb = KnowledgeBase(topics, aspects, sources, units, lexicon.load(data_dir / "lexicon.yml"), data_dir)
    kb.journeys  # noqa: B018 - validate the journeys with the rest of the data
    return kb
