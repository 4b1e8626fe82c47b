"""The offline audit against a local PyPA advisory database: OSV range semantics and constraints."""

from __future__ import annotations

from pathlib import Path

import yaml

from evaluation import advisories

RANGED = {
    "id": "PYSEC-1",
    "aliases": ["CVE-1"],
    "modified": "2024-05-01T00:00:00Z",
    "affected": [
        {
            "package": {"name": "Some_Pkg", "ecosystem": "PyPI"},
            "ranges": [
                {"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "abc123"}]},
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "0"}, {"fixed": "1.2"}, {"introduced": "2.0"}, {"fixed": "2.1.3"}],
                },
            ],
        }
    ],
}
LAST_AFFECTED = {
    "id": "GHSA-2",
    "modified": "2024-09-30T10:00:00Z",
    "affected": [
        {
            "package": {"name": "some-pkg"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.0"}, {"last_affected": "3.4"}]}],
        }
    ],
}
LISTED = {"id": "PYSEC-3", "affected": [{"package": {"name": "other"}, "versions": ["0.9b1"]}]}


def write_database(root: Path, records: dict[str, list[dict]]) -> Path:
    for package, items in records.items():
        folder = root / "vulns" / package
        folder.mkdir(parents=True)
        for record in items:
            (folder / f"{record['id']}.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    return root


def test_ecosystem_ranges_with_several_introductions():
    for version, expected in [
        ("1.0", True),
        ("1.2", False),
        ("1.9", False),
        ("2.0", True),
        ("2.1.2", True),
        ("2.1.3", False),
    ]:
        assert advisories.affects(RANGED, "some-pkg", version) is expected, version


def test_events_are_read_in_version_order():
    shuffled = [{"fixed": "2.1.3"}, {"introduced": "2.0"}, {"fixed": "1.2"}, {"introduced": "0"}]
    assert advisories.in_ranges(advisories.Version("1.1"), shuffled)
    assert not advisories.in_ranges(advisories.Version("1.5"), shuffled)
    assert advisories.in_ranges(advisories.Version("2.1"), shuffled)


def test_last_affected_is_inclusive():
    assert advisories.affects(LAST_AFFECTED, "some-pkg", "3.4")
    assert not advisories.affects(LAST_AFFECTED, "some-pkg", "3.4.1")
    assert not advisories.affects(LAST_AFFECTED, "some-pkg", "2.9")


def test_explicit_versions_other_packages_and_withdrawn_records():
    assert advisories.affects(LISTED, "other", "0.9b1")
    assert not advisories.affects(LISTED, "other", "0.9")
    assert not advisories.affects(RANGED, "other", "1.0")
    assert not advisories.affects({**RANGED, "withdrawn": "2024-01-01"}, "some-pkg", "1.0")


def test_parse_freeze_normalizes_names_and_skips_other_lines():
    frozen = "Some_Pkg==1.0\n-e git+https://x#egg=y\nzope.interface==6.0\n# comment\n"
    assert advisories.parse_freeze(frozen) == {"some-pkg": "1.0", "zope-interface": "6.0"}


def test_audit_reads_only_installed_packages_and_reports_fixes(tmp_path):
    database = write_database(tmp_path, {"some-pkg": [RANGED, LAST_AFFECTED], "other": [LISTED]})
    findings = advisories.audit({"some-pkg": "2.0.1", "absent": "1.0"}, database)
    assert [(f.package, f.advisory, f.aliases, f.fixed) for f in findings] == [
        ("some-pkg", "PYSEC-1", ("CVE-1",), ("1.2", "2.1.3"))
    ]
    assert advisories.database_date(database) == "2024-09-30"


def test_a_fix_is_compatible_only_if_every_constraint_allows_it():
    finding = advisories.Finding("some-pkg", "2.0.1", "PYSEC-1", (), ("1.2", "2.1.3"))
    pinned = advisories.constraints(["some_pkg (<2.1)", "some-pkg>=2", "unrelated>=1", 'some-pkg<2 ; extra == "dev"'])
    assert not advisories.fixable(finding, pinned)
    assert advisories.fixable(finding, advisories.constraints(["some-pkg>=2"]))  # 2.1.3
    assert advisories.fixable(finding, advisories.constraints(["some-pkg<2"]))  # 1.2: a downgrade fixes too
    assert advisories.fixable(finding, {})
