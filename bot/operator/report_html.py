"""The report as one self-contained HTML file (insights.html): inline CSS, charts embedded as
base64 PNG, no script, no external resource, so it opens offline and can be sent by e-mail."""

from __future__ import annotations

from html import escape

from bot.operator.content import Report, Section, Table

NOTHING = "Rien pendant la période."

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { color: #1d4e89; margin-bottom: .25rem; }
h2 { color: #1d4e89; border-bottom: 2px solid #e4e7eb; padding-bottom: .25rem; margin-top: 2.5rem; }
.subtitle { color: #52606d; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid #e4e7eb; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f5f7fa; }
td.number { text-align: right; white-space: nowrap; }
img { max-width: 100%; height: auto; display: block; margin: 1rem 0; }
.nothing { color: #7b8794; font-style: italic; }
"""


def _cell(text: str) -> str:
    css = ' class="number"' if text.replace(" ", "").replace("%", "").isdigit() else ""
    return f"<td{css}>{escape(text)}</td>"


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="nothing">{NOTHING}</p>'
    head = "".join(f"<th>{escape(header)}</th>" for header in table.headers)
    body = "\n".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _section(section: Section, charts: dict[str, str]) -> str:
    parts = [f"<section>\n<h2>{escape(section.title)}</h2>"]
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
    if section.bullets:
        parts.append("<ul>" + "".join(f"<li>{escape(bullet)}</li>" for bullet in section.bullets) + "</ul>")
    if section.chart and section.chart in charts:
        parts.append(
            f'<img src="data:image/png;base64,{charts[section.chart]}" alt="Graphique : {escape(section.title)}">'
        )
    if section.table is not None:
        parts.append(_table(section.table))
    return "\n".join(parts) + "\n</section>"


def render(report: Report, charts: dict[str, str]) -> str:
    """The HTML page; `charts` maps the sections' chart keys to base64 PNG data."""
    sections = "\n".join(_section(section, charts) for section in report.sections)
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(report.title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{escape(report.title)}</h1>
<p class="subtitle">{escape(report.subtitle)}</p>
{sections}
</body>
</html>
"""
