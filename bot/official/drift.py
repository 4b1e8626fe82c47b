"""Compare freshly extracted documents with the snapshots in the repository: what a maintainer must
review before refreshing (a cited section changed, was abrogated or disappeared)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.snapshots import Document

CHANGED, ABROGATED, DISAPPEARED, ADDED = "modifié", "abrogé", "disparu", "nouveau"


@dataclass(frozen=True)
class Drift:
    """One difference between the snapshot and the new extraction."""

    document: str
    section: str | None  # None: the document itself (title, date, whole document gone)
    kind: str
    detail: str = ""
    cited: bool = False  # a fact of the knowledge data cites it: review that fact

    def line(self) -> str:
        where = f"{self.document} § {self.section}" if self.section else self.document
        flag = " — CITÉ : revoir les faits qui le citent" if self.cited else ""
        return f"- [{self.kind}] {where}{': ' + self.detail if self.detail else ''}{flag}"


def compare(old: dict[str, Document], new: dict[str, Document], cited: set[tuple[str, str]]) -> list[Drift]:
    """Differences from `old` to `new`; `cited` holds (document id, section id) pairs that the
    knowledge data cites. Cited sections that are not in force are reported even when unchanged."""
    drifts: list[Drift] = []
    for doc_id in sorted(set(old) | set(new)):
        before, after = old.get(doc_id), new.get(doc_id)
        if after is None:
            drifts.append(Drift(doc_id, None, DISAPPEARED, "document retiré du manifeste ou du paquet",
                                cited=any(d == doc_id for d, _ in cited)))  # fmt: skip
            continue
        if before is not None and before.modified != after.modified:
            drifts.append(Drift(doc_id, None, CHANGED, f"date de mise à jour {before.modified} → {after.modified}"))
        before_sections = {s.id: s for s in before.sections} if before else {}
        for section in after.sections:
            is_cited = (doc_id, section.id) in cited
            previous = before_sections.get(section.id)
            if not section.in_force and (is_cited or (previous is not None and previous.in_force)):
                drifts.append(Drift(doc_id, section.id, ABROGATED, "plus en vigueur", cited=is_cited))
            elif previous is None:
                if before is not None:
                    drifts.append(Drift(doc_id, section.id, ADDED, section.title))
            elif previous.text != section.text:
                drifts.append(Drift(doc_id, section.id, CHANGED, _changed_words(previous.text, section.text), is_cited))
        for section_id in sorted(set(before_sections) - {s.id for s in after.sections}):
            drifts.append(
                Drift(doc_id, section_id, DISAPPEARED, "section absente", cited=(doc_id, section_id) in cited)
            )
    return drifts


def _changed_words(before: str, after: str) -> str:
    """A short hint of what changed: the first words that differ."""
    a, b = before.split(), after.split()
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"« …{' '.join(a[start : start + 8])}… » → « …{' '.join(b[start : start + 8])}… »"


def report(drifts: list[Drift], versions: dict[str, str]) -> str:
    """A Markdown report: cited changes first (to review), then the rest."""
    cited = [d for d in drifts if d.cited]
    rest = [d for d in drifts if not d.cited]
    lines = ["# Sources officielles : écarts avec les instantanés", ""]
    lines += [f"Paquets : {', '.join(versions.values())}", ""]
    if not drifts:
        return "\n".join([*lines, "Aucun écart : les instantanés sont à jour."])
    lines += [f"## Sections citées à revoir ({len(cited)})", "", *([d.line() for d in cited] or ["(aucune)"]), ""]
    lines += [f"## Autres écarts ({len(rest)})", "", *([d.line() for d in rest] or ["(aucun)"])]
    return "\n".join(lines)
