"""The report as Markdown (insights.md): the same content as the HTML report, without the charts."""

from __future__ import annotations

import re

from bot.operator.content import Report, Section, Table

NOTHING = "Rien pendant la période."
_SPECIAL = re.compile(r"([\\`*|])")


def escape(text: str) -> str:
    """Plain text that Markdown shows as typed: people's messages may hold Markdown or HTML, and a
    table cell must not be split by « | » (a bracket stays readable, only « ]( » could make a link)."""
    text = " ".join(text.split())
    text = _SPECIAL.sub(r"\\\1", text).replace("](", "]\\(")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [f"_{NOTHING}_"]
    lines = ["| " + " | ".join(escape(header) for header in table.headers) + " |"]
    lines.append("|" + "|".join("---" for _ in table.headers) + "|")
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in table.rows]
    return lines


def _section(section: Section) -> list[str]:
    lines = [f"## {escape(section.title)}", ""]
    for paragraph in section.paragraphs:
        lines += [escape(paragraph), ""]
    if section.bullets:
        lines += [f"- {escape(bullet)}" for bullet in section.bullets] + [""]
    if section.table is not None:
        lines += _table(section.table) + [""]
    return lines


def render(report: Report) -> str:
    lines = [f"# {escape(report.title)}", "", escape(report.subtitle), ""]
    lines.append("_Les graphiques sont dans insights.html, à côté de ce fichier._")
    lines.append("")
    for section in report.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip() + "\n"
