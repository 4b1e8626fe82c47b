"""Snapshots of official texts: small normalised copies of what the knowledge data cites, written
by `make update-sources` (bot/official) and read by the loader. No network, no Rasa import."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

SNAPSHOT_DIR = Path(__file__).parent / "data" / "official"


@dataclass(frozen=True)
class Section:
    """One citable part of a document: a fiche's chapter, a page's section, a code article."""

    id: str
    title: str
    text: str
    modified: str | None = None  # articles: the day the version in force began (YYYY-MM-DD)
    in_force: bool = True
    legi_id: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """A fiche (service-public.fr), a page (travail-emploi.gouv.fr) or a code (Légifrance)."""

    id: str
    kind: str  # fiche | page | code
    site: str
    title: str
    url: str | None
    modified: str | None  # YYYY-MM-DD, the publisher's date of last modification
    package: str  # the npm package and version it was extracted from
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


HEADER = "# Snapshot written by `make update-sources` from {package}; do not edit by hand.\n"


def dump(document: Document) -> str:
    """Deterministic YAML text of a document (same input, same bytes: the command is idempotent)."""
    data = asdict(document)
    data["sections"] = [
        {k: v for k, v in s.items() if v is not None and not (k == "in_force" and v)} for s in data["sections"]
    ]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return HEADER.format(package=document.package) + body


def parse(text: str) -> Document:
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
    sections = tuple(Section(**s) for s in data.pop("sections", []) or [])
    return Document(**data, sections=sections)


def path_for(document_id: str, directory: Path = SNAPSHOT_DIR) -> Path:
    return directory / f"{document_id}.yml"


def write(document: Document, directory: Path = SNAPSHOT_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = path_for(document.id, directory)
    path.write_text(dump(document), encoding="utf-8")
    return path


def load_all(directory: Path = SNAPSHOT_DIR) -> dict[str, Document]:
    """Every snapshot in `directory`, by document id."""
    documents = {}
    for path in sorted(directory.glob("*.yml")) if directory.exists() else ():
        document = parse(path.read_text(encoding="utf-8"))
        documents[document.id] = document
    return documents
