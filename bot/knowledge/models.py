"""Typed records of the knowledge base (no Rasa import anywhere in this package)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Short, for a source line read on a phone (the full title is in sources.yml and the README).
GUIDE_NAME = "guide « Association & Coopération » (France Active)"
# The guide's latest reference is the loi ESS of 31 July 2014: it predates the 2016-2019 labour reforms.
GUIDE_AGE = "écrit vers 2015"


def french_date(iso: str | None) -> str | None:
    """« 2018-10-23 » -> « 23/10/2018 »."""
    if not iso or len(iso) < 10:
        return iso
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


@dataclass(frozen=True)
class Source:
    """Where a statement comes from.

    kind « guide »: a section of the guide; « official »: a section of an official snapshot (a
    service-public.fr fiche, a travail-emploi.gouv.fr page, a code article), machine-checked by
    `make update-sources`; « reference »: an official text that no package ships, cited by
    reference and not machine-checked."""

    id: str
    kind: str
    title: str
    section: str | None = None  # official: the section's title (« Article L1253-8 », a fiche chapter)
    site: str | None = None
    document: str | None = None  # official: the snapshot's document id (F153, code-du-travail…)
    date: str | None = None  # official: last modification (fiche, page) or start of the version in force
    url: str | None = None
    document_kind: str | None = None  # official: fiche | page | code

    @property
    def checked(self) -> bool:
        return self.kind != "reference"

    def citation(self) -> str:
        """Short French citation, with its date and link when there is one."""
        if self.kind == "guide":
            return f"« {self.title} »"
        date = french_date(self.date)
        if self.kind == "reference":
            text = f"{self.title} (cité par référence, non vérifié automatiquement)"
        elif self.document_kind == "code":
            text = f"{self.title}, art. {self.section.removeprefix('Article ')}" + (
                f" (en vigueur depuis le {date})" if date else ""
            )
        elif self.document_kind == "convention":
            text = f"{self.title}, {self.section}"
        elif self.document_kind == "fiche":
            # The fiche's number and link say which page it is in fewer words than its title.
            text = f"{self.site}, fiche {self.document}" + (f", mise à jour du {date}" if date else "")
        else:
            text = f"{self.site}, « {self.title} »" + (f", mise à jour du {date}" if date else "")
        return f"{text} : {self.url}" if self.url else text


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
    label: str  # shown on follow-up buttons
    aliases: tuple[str, ...]
    fallback: tuple[str, ...] = ()  # aspects that answer it when a topic has none of its own
    overrides: tuple[str, ...] = ()  # aspects it is asked instead of, when a message names both


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
    # Parts of a broad topic, each named by its own words (the mutuelle, the prévoyance and the
    # retraite complémentaire of the protection sociale): part -> the phrases that name it.
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Short name for buttons: the acronym when there is one."""
        return self.short or self.name


@dataclass(frozen=True)
class Unit:
    """The answer to one question: a first sentence that answers, a few lines of detail, the
    sources, and the questions it answers (several phrasings, as people type them).

    Units come from two places: written in data/units/*.yml (`origin` « unit »), or derived from
    one aspect of a topic of the guide (`origin` « topic »: the facts are the answer)."""

    id: str
    topic: str | None
    aspect: str | None
    answer: str
    details: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    questions: tuple[str, ...] = ()
    title: str | None = None  # short label for a button; default: the first question
    then: Fact | None = None  # what the guide said where today's rule differs
    follow: tuple[str, ...] = ()  # unit ids offered next
    helpers: tuple[str, ...] = ()  # topic ids of the bodies that can help
    origin: str = "unit"
    facts: tuple[Fact, ...] = ()  # origin « topic »: the facts, in the guide's order
    paragraph: bool = False  # details read as one paragraph rather than bullets

    @property
    def label(self) -> str:
        return self.title or (self.questions[0] if self.questions else self.answer)

    @property
    def passages(self) -> tuple[str, ...]:
        """The texts that say the answer (searched for the words of a question)."""
        return (self.answer, *self.details)

    @property
    def from_guide(self) -> bool:
        """Said by the guide alone (a written unit may cite the guide too, not only official texts)."""
        return all(source.kind == "guide" for source in self.sources or [fact.source for fact in self.facts])
