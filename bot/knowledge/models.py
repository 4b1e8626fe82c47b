"""Typed records of the knowledge base (no Rasa import anywhere in this package)."""

from __future__ import annotations

from dataclasses import dataclass, field

GUIDE_TITLE = "guide « Association & Coopération : jouez collectif ! » (France Active)"


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a section of the guide or an official text."""

    id: str
    kind: str  # "guide" or "law"
    section: str | None = None
    ref: str | None = None
    legi_id: str | None = None
    url: str | None = None

    def citation(self) -> str:
        """Human-readable French citation: the guide's section, or the official text."""
        if self.kind == "guide":
            return f"« {self.section} »"
        return self.ref or self.id


@dataclass(frozen=True)
class Update:
    """The current rule where the guide is outdated."""

    text: str
    source: Source


@dataclass(frozen=True)
class Fact:
    """One sentence the assistant may state, with its source."""

    text: str
    source: Source
    quote: bool = False
    update: Update | None = None


@dataclass(frozen=True)
class Aspect:
    """Something one can ask about a topic (definition, avantages, …)."""

    id: str
    label: str
    heading: str
    aliases: tuple[str, ...]
    fallback: tuple[str, ...] = ()
    default_topic: str | None = None  # answered when the aspect is asked with no topic at all


@dataclass
class Topic:
    """A structure, form of cooperation, concept, challenge, actor or body."""

    id: str
    kind: str
    name: str
    short: str | None
    aliases: tuple[str, ...]
    aspects: dict[str, list[Fact]] = field(default_factory=dict)
    category: str | None = None
    forms: tuple[str, ...] = ()
    structures: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    weak: bool = False  # named by common words (« salariés », « coopération »): yields to others
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Short name for buttons: the acronym when there is one."""
        return self.short or self.name


@dataclass(frozen=True)
class Situation:
    """A situation people describe (« on veut partager un salarié ») and the topic that answers it."""

    id: str
    cues: tuple[str, ...]
    topic: str
    aspect: str
    intro: Fact
