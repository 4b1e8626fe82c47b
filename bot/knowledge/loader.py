"""Load and validate the YAML knowledge files into typed records."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge.models import Aspect, Fact, Situation, Source, Topic, Update

DATA_DIR = Path(__file__).parent / "data"
TOPIC_FILES = ("structures.yml", "forms.yml", "concepts.yml", "challenges.yml", "actors.yml", "bodies.yml")
TOPIC_KEYS = {
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
    "extra",
}


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


def _read(path: Path):
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        except KnowledgeError as error:
            raise KnowledgeError(f"{path.name}: {error}") from None


def load_sources(data_dir: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(data_dir.glob("sources*.yml")):
        for sid, fields in (_read(path) or {}).items():
            if sid in sources:
                raise KnowledgeError(f"{path.name}: duplicate source id {sid!r}")
            sources[sid] = Source(id=sid, **fields)
    return sources


def load_aspects(data_dir: Path) -> dict[str, Aspect]:
    raw = _read(data_dir / "aspects.yml") or {}
    return {
        aid: Aspect(
            id=aid,
            label=f["label"],
            heading=f["heading"],
            aliases=tuple(f.get("aliases", ())),
            fallback=tuple(f.get("fallback", ())),
            default_topic=f.get("default_topic"),
        )
        for aid, f in raw.items()
    }


def _fact(raw: dict, sources: dict[str, Source], where: str) -> Fact:
    if not isinstance(raw, dict) or not raw.get("text"):
        raise KnowledgeError(f"{where}: a fact needs a non-empty 'text'")
    sid = raw.get("source")
    if sid not in sources:
        raise KnowledgeError(f"{where}: unknown or missing source {sid!r}")
    update = None
    if raw.get("update"):
        usid = raw["update"].get("source")
        if usid not in sources:
            raise KnowledgeError(f"{where}: update has unknown or missing source {usid!r}")
        update = Update(text=raw["update"]["text"], source=sources[usid])
    return Fact(text=raw["text"].strip(), source=sources[sid], quote=bool(raw.get("quote")), update=update)


def _topic(raw: dict, sources: dict[str, Source], aspects: dict[str, Aspect], where: str) -> Topic:
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
        extra=raw.get("extra") or {},
    )


def load_topics(data_dir: Path, sources: dict[str, Source], aspects: dict[str, Aspect]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for name in TOPIC_FILES:
        path = data_dir / name
        if not path.exists():
            continue
        for index, raw in enumerate(_read(path) or []):
            topic = _topic(raw, sources, aspects, f"{name}[{index}]")
            if topic.id in topics:
                raise KnowledgeError(f"{name}: duplicate topic id {topic.id!r}")
            topics[topic.id] = topic
    check_references(topics, aspects)
    return topics


def check_references(topics: dict[str, Topic], aspects: dict[str, Aspect]) -> None:
    """Every link between topics, and every aspect's default topic, must exist."""
    for topic in topics.values():
        for ref in (*topic.forms, *topic.structures, *topic.contacts):
            if ref not in topics:
                raise KnowledgeError(f"topic {topic.id!r} refers to unknown topic {ref!r}")
    for aspect in aspects.values():
        if aspect.default_topic and aspect.default_topic not in topics:
            raise KnowledgeError(f"aspect {aspect.id!r} has unknown default topic {aspect.default_topic!r}")


def load_situations(
    data_dir: Path, sources: dict[str, Source], aspects: dict[str, Aspect], topics: dict[str, Topic]
) -> list[Situation]:
    """Described situations, each pointing to an existing topic and aspect."""
    situations = []
    for index, raw in enumerate(_read(data_dir / "situations.yml") or []):
        where = f"situations.yml[{index}]"
        target = raw.get("answer") or {}
        if target.get("topic") not in topics or target.get("aspect") not in aspects:
            raise KnowledgeError(f"{where}: answer must name a known topic and aspect, got {target}")
        if not raw.get("cues"):
            raise KnowledgeError(f"{where}: needs cues")
        if any(s.id == raw.get("id") for s in situations):
            raise KnowledgeError(f"{where}: situation id {raw.get('id')!r} is used twice")
        intro = _fact({"text": raw.get("intro"), "source": raw.get("source")}, sources, where)
        situations.append(Situation(raw["id"], tuple(raw["cues"]), target["topic"], target["aspect"], intro))
    return situations


def load_fiches(data_dir: Path, topics: dict[str, Topic]) -> dict[str, list[dict]]:
    """Official fiches per topic, as extracted by `make check-legal` (official.yml), if present."""
    path = data_dir / "official.yml"
    fiches = (_read(path) or {}).get("fiches") or {} if path.exists() else {}
    unknown = set(fiches) - set(topics)
    if unknown:
        raise KnowledgeError(f"official.yml: fiches for unknown topics {sorted(unknown)}")
    return fiches
