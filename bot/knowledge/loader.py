"""Load and validate the YAML knowledge files into typed records."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.knowledge import snapshots
from bot.knowledge.models import Aspect, Fact, Source, Topic, Unit, Update

DATA_DIR = Path(__file__).parent / "data"
UNIT_DIR_NAME = "units"
TOPIC_FILES = ("structures.yml", "forms.yml", "concepts.yml", "challenges.yml", "actors.yml", "bodies.yml")
TOPIC_KEYS = frozenset(
    {
        "id",
        "kind",
        "name",
        "short",
        "aliases",
        "aspects",
        "category",
        "forms",
        "structures",
        "contacts",
        "weak",
        "facets",
        "extra",
    }
)
UNIT_KEYS = frozenset(
    {
        "id",
        "topic",
        "aspect",
        "questions",
        "answer",
        "details",
        "cite",
        "then",
        "follow",
        "helpers",
        "title",
        "paragraph",
    }
)
UNIT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # derived units use « topic.aspect », never this form
MIN_QUESTIONS = 2
MAX_DETAILS = 4
OFFICIAL_CITATION = re.compile(r"^(?P<document>[\w-]+)#(?P<section>[\w/-]+)$")


class KnowledgeError(ValueError):
    """Raised when a data file breaks the schema (unknown source, missing field…)."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader (libyaml's when available: several times faster) that refuses a key written
    twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise KnowledgeError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path):
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        except KnowledgeError as error:
            raise KnowledgeError(f"{path.name}: {error}") from None
        except yaml.YAMLError as error:
            raise KnowledgeError(f"{path.name}: not valid YAML ({error})") from None


class Sources:
    """Every citable source: guide sections (sources.yml), official texts cited by reference
    (references.yml), and sections of the official snapshots, cited as « document#section »."""

    def __init__(self, data_dir: Path):
        self.documents = snapshots.load_all(data_dir / "official")
        self._named: dict[str, Source] = {}
        for sid, fields in (read_yaml(data_dir / "sources.yml") or {}).items():
            self._add(Source(id=sid, kind="guide", title=fields["section"]))
        for sid, fields in (read_yaml(data_dir / "references.yml") or {}).items():
            self._add(Source(id=sid, kind="reference", title=fields["ref"], url=fields.get("url")))
        self._official: dict[str, Source] = {}

    def _add(self, source: Source) -> None:
        if source.id in self._named:
            raise KnowledgeError(f"duplicate source id {source.id!r}")
        self._named[source.id] = source

    def get(self, citation: str, where: str) -> Source:
        """The source a data file cites, or KnowledgeError saying what is wrong."""
        if citation in self._named:
            return self._named[citation]
        match = OFFICIAL_CITATION.match(citation or "")
        if not match:
            raise KnowledgeError(f"{where}: unknown source {citation!r}")
        if citation not in self._official:
            self._official[citation] = self._resolve(match["document"], match["section"], where)
        return self._official[citation]

    def _resolve(self, document_id: str, section_id: str, where: str) -> Source:
        document = self.documents.get(document_id)
        section = document.section(section_id) if document else None
        if section is None:
            raise KnowledgeError(f"{where}: {document_id}#{section_id} is not in the official snapshots")
        if not section.in_force:
            raise KnowledgeError(f"{where}: {document_id}#{section_id} is not in force")
        is_code = document.kind == "code"
        return Source(
            id=f"{document_id}#{section_id}",
            kind="official",
            title=document.title,
            section=section.title,
            site=document.site,
            document=document_id,
            date=section.modified if is_code else document.modified,
            url=section.url if is_code else document.url,
            document_kind=document.kind,
        )

    def text(self, source: Source) -> str:
        """The official text a source cites (empty for the guide and references)."""
        if source.kind != "official":
            return ""
        return self.documents[source.document].section(source.id.split("#", 1)[1]).text

    def all(self) -> list[Source]:
        return [*self._named.values(), *self._official.values()]


def load_aspects(data_dir: Path) -> dict[str, Aspect]:
    raw = read_yaml(data_dir / "aspects.yml") or {}
    aspects = {
        aid: Aspect(
            id=aid,
            label=f["label"],
            aliases=tuple(f.get("aliases", ())),
            fallback=tuple(f.get("fallback", ())),
            overrides=tuple(f.get("overrides", ())),
        )
        for aid, f in raw.items()
    }
    for aspect in aspects.values():
        if set(aspect.fallback) - set(aspects):
            raise KnowledgeError(f"aspects.yml: {aspect.id} falls back to an unknown aspect")
        if set(aspect.overrides) - set(aspects):
            raise KnowledgeError(f"aspects.yml: {aspect.id} overrides an unknown aspect")
    return aspects


def _fact(raw: dict, sources: Sources, where: str) -> Fact:
    if not isinstance(raw, dict) or not raw.get("text"):
        raise KnowledgeError(f"{where}: a fact needs a non-empty 'text'")
    if not raw.get("source"):
        raise KnowledgeError(f"{where}: a fact needs a 'source'")
    update = None
    if raw.get("update"):
        update = Update(text=raw["update"]["text"].strip(), source=sources.get(raw["update"].get("source"), where))
    source = sources.get(raw["source"], where)
    return Fact(text=raw["text"].strip(), source=source, quote=bool(raw.get("quote")), update=update)


def _topic(raw: dict, sources: Sources, aspects: dict[str, Aspect], where: str) -> Topic:
    unknown = set(raw) - TOPIC_KEYS
    if unknown:
        raise KnowledgeError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "kind", "name"):
        if not raw.get(key):
            raise KnowledgeError(f"{where}: missing {key!r}")
    facts: dict[str, list[Fact]] = {}
    for aid, items in (raw.get("aspects") or {}).items():
        if aid not in aspects:
            raise KnowledgeError(f"{where}: unknown aspect {aid!r}")
        facts[aid] = [_fact(item, sources, f"{where}.{aid}") for item in items]
    return Topic(
        id=raw["id"],
        kind=raw["kind"],
        name=raw["name"],
        short=raw.get("short"),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        aspects=facts,
        category=raw.get("category"),
        forms=tuple(raw.get("forms") or ()),
        structures=tuple(raw.get("structures") or ()),
        contacts=tuple(raw.get("contacts") or ()),
        weak=bool(raw.get("weak")),
        facets={name: tuple(str(p) for p in phrases) for name, phrases in (raw.get("facets") or {}).items()},
        extra=raw.get("extra") or {},
    )


def load_topics(data_dir: Path, sources: Sources, aspects: dict[str, Aspect]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for name in TOPIC_FILES:
        path = data_dir / name
        if not path.exists():
            continue
        for index, raw in enumerate(read_yaml(path) or []):
            topic = _topic(raw, sources, aspects, f"{name}[{index}]")
            if topic.id in topics:
                raise KnowledgeError(f"{name}: duplicate topic id {topic.id!r}")
            topics[topic.id] = topic
    for topic in topics.values():
        for ref in (*topic.forms, *topic.structures, *topic.contacts):
            if ref not in topics:
                raise KnowledgeError(f"topic {topic.id!r} refers to unknown topic {ref!r}")
    return topics


def _strings(raw, where: str, key: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: {key!r} must be a list of non-empty quoted strings")
    return tuple(v.strip() for v in value)


def _unit(raw: dict, sources: Sources, topics: dict[str, Topic], aspects: dict[str, Aspect], where: str) -> Unit:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: a unit must be a mapping")
    unknown = set(raw) - UNIT_KEYS
    if unknown:
        raise KnowledgeError(f"{where}: unknown keys {sorted(unknown)}")
    unit_id = raw.get("id") or ""
    if not UNIT_ID.match(unit_id):
        raise KnowledgeError(f"{where}: id {unit_id!r} must be lowercase words joined by hyphens")
    where = f"{where} ({unit_id})"
    if raw.get("topic") not in topics:
        raise KnowledgeError(f"{where}: unknown topic {raw.get('topic')!r}")
    if raw.get("aspect") is not None and raw["aspect"] not in aspects:
        raise KnowledgeError(f"{where}: unknown aspect {raw['aspect']!r}")
    questions = _strings(raw, where, "questions")
    if len(questions) < MIN_QUESTIONS:
        raise KnowledgeError(f"{where}: needs at least {MIN_QUESTIONS} questions (phrasings as people type them)")
    if not isinstance(raw.get("answer"), str) or not raw["answer"].strip():
        raise KnowledgeError(f"{where}: needs an 'answer' (the first sentence, which answers)")
    details = _strings(raw, where, "details")
    if len(details) > MAX_DETAILS:
        raise KnowledgeError(f"{where}: at most {MAX_DETAILS} details (read on a phone)")
    cites = _strings(raw, where, "cite")
    if not cites:
        raise KnowledgeError(f"{where}: needs at least one source in 'cite'")
    then = None
    if raw.get("then"):
        then = Fact(raw["then"]["text"].strip(), sources.get(raw["then"].get("cite"), where))
    helpers = _strings(raw, where, "helpers")
    for helper in helpers:
        if helper not in topics:
            raise KnowledgeError(f"{where}: unknown helper {helper!r}")
    return Unit(
        id=unit_id,
        topic=raw["topic"],
        aspect=raw.get("aspect"),
        answer=raw["answer"].strip(),
        details=details,
        sources=tuple(sources.get(c, where) for c in cites),
        questions=questions,
        title=raw.get("title"),
        then=then,
        follow=_strings(raw, where, "follow"),
        helpers=helpers,
        paragraph=bool(raw.get("paragraph")),
    )


def load_units(data_dir: Path, sources: Sources, topics: dict[str, Topic], aspects: dict[str, Aspect]) -> list[Unit]:
    """Written answer units (data/units/*.yml), checked for unique ids and known follow-ups."""
    units: list[Unit] = []
    for path in sorted((data_dir / UNIT_DIR_NAME).glob("*.yml")):
        for index, raw in enumerate(read_yaml(path) or []):
            units.append(_unit(raw, sources, topics, aspects, f"units/{path.name}[{index}]"))
    ids = [u.id for u in units]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"units: ids used twice: {duplicates}")
    known = set(ids)
    for unit in units:
        missing = [f for f in unit.follow if f not in known and "." not in f]
        if missing:
            raise KnowledgeError(f"units: {unit.id} follows unknown units {missing}")
    return units


def cited_sections(data_dir: Path = DATA_DIR) -> set[tuple[str, str]]:
    """(document id, section id) pairs that the knowledge data cites in the official snapshots,
    read from the raw files (the pipeline uses it even when the data no longer loads)."""
    pattern = re.compile(r"[\"'\s\[,]([\w-]+)#([\w/-]+)")
    cited = set()
    paths = [*(data_dir / name for name in TOPIC_FILES), *sorted((data_dir / UNIT_DIR_NAME).glob("*.yml"))]
    for path in paths:
        if path.exists():
            cited.update(pattern.findall(" " + path.read_text(encoding="utf-8")))
    return cited
