"""Offline dependency audit against a local copy of the PyPA advisory database (OSV records in YAML,
`vulns/<package>/<id>.yaml`), for machines where pip-audit cannot reach PyPI's or osv.dev's API.

Only the OSV fields pip-audit itself relies on are read: ECOSYSTEM ranges (introduced / fixed /
last_affected), the explicit `versions` list, `aliases` and `withdrawn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Finding:
    """One advisory that affects one installed package."""

    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...]
    fixed: tuple[str, ...]


def normalize(name: str) -> str:
    """PEP 503 name: lower case, runs of `-`, `_`, `.` as one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_freeze(text: str) -> dict[str, str]:
    """`pip freeze` lines `name==version` -> {normalized name: version}; other lines are ignored."""
    installed = {}
    for line in text.splitlines():
        name, sep, version = line.strip().partition("==")
        if sep and name and version:
            installed[normalize(name)] = version
    return installed


def in_ranges(version: Version, events: list[dict]) -> bool:
    """Whether `version` falls in an OSV ECOSYSTEM range: the last event at or below it, in version
    order, is an `introduced` one (a `last_affected` event still covers its own version)."""

    def bound(event: dict) -> Version:
        value = str(next(iter(event.values())))
        return Version("0") if value == "0" else Version(value)

    affected = False
    for event in sorted(events, key=bound):
        if "introduced" in event and version >= bound(event):
            affected = True
        elif "fixed" in event and version >= bound(event):
            affected = False
        elif "last_affected" in event and version > bound(event):
            affected = False
    return affected


def affects(record: dict, package: str, version: str) -> bool:
    """Whether an OSV record (not withdrawn) affects `package` at `version`."""
    if record.get("withdrawn"):
        return False
    try:
        parsed = Version(version)
    except InvalidVersion:
        parsed = None
    for entry in record.get("affected") or []:
        if normalize((entry.get("package") or {}).get("name", "")) != package:
            continue
        if version in {str(v) for v in entry.get("versions") or []}:
            return True
        for ranges in entry.get("ranges") or []:
            if ranges.get("type") == "ECOSYSTEM" and parsed is not None and in_ranges(parsed, ranges["events"]):
                return True
    return False


def fixed_versions(record: dict, package: str) -> tuple[str, ...]:
    """Every `fixed` version the record gives for `package`, in version order."""
    fixed = {
        str(event["fixed"])
        for entry in record.get("affected") or []
        if normalize((entry.get("package") or {}).get("name", "")) == package
        for ranges in entry.get("ranges") or []
        if ranges.get("type") == "ECOSYSTEM"
        for event in ranges["events"]
        if "fixed" in event
    }
    return tuple(sorted(fixed, key=Version))


def audit(installed: dict[str, str], database: Path) -> list[Finding]:
    """Every advisory of `database/vulns/` that affects an installed package, sorted by package."""
    vulns = database / "vulns"
    directories = {normalize(d.name): d for d in vulns.iterdir() if d.is_dir()} if vulns.is_dir() else {}
    findings = []
    for package, version in sorted(installed.items()):
        directory = directories.get(package)
        if directory is None:
            continue
        for path in sorted(directory.glob("*.yaml")):
            record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            if affects(record, package, version):
                aliases = tuple(record.get("aliases") or ())
                findings.append(Finding(package, version, record["id"], aliases, fixed_versions(record, package)))
    return findings


def database_date(database: Path) -> str | None:
    """The newest `modified:` date of the records (YYYY-MM-DD): how recent the copy is."""
    newest = None
    for path in (database / "vulns").glob("*/*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("modified:"):
                stamp = line.split(":", 1)[1].strip().strip("'\"")[:10]
                newest = max(newest or stamp, stamp)
                break
    return newest


def constraints(requirements: list[str], environment: dict[str, str] | None = None) -> dict[str, SpecifierSet]:
    """The version constraints that the installed distributions put on each package: `Requires-Dist`
    strings (with markers evaluated in `environment`, extras ignored) -> {package: combined specifiers}."""
    combined: dict[str, SpecifierSet] = {}
    for text in requirements:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate(environment or {"extra": ""}):
            continue
        name = normalize(requirement.name)
        combined[name] = combined.get(name, SpecifierSet()) & requirement.specifier
    return combined


def fixable(finding: Finding, allowed: dict[str, SpecifierSet]) -> bool:
    """Whether one of the finding's fixed versions satisfies every constraint on its package."""
    specifiers = allowed.get(finding.package, SpecifierSet())
    return any(specifiers.contains(version, prereleases=True) for version in finding.fixed)
