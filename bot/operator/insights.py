"""`insights`: the usage report of a period, written as insights.md and insights.html."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.operator import charts, content, report_html, report_markdown
from bot.operator.analysis import Insights, analyse
from bot.operator.errors import OperatorError
from bot.operator.grouping import group_questions
from bot.operator.period import Period
from bot.operator.store import is_empty, read_events


@dataclass(frozen=True)
class Written:
    insights: Insights
    markdown: Path
    html: Path


def collect(engine: Engine, period: Period) -> Insights:
    """The insights of `period`; an OperatorError when the store or the period holds no message."""
    if is_empty(engine):
        raise OperatorError("Erreur : la base de conversations est vide : aucune conversation n'y est enregistrée.")
    insights = analyse(read_events(engine, period.start, period.end), period)
    if insights.messages == 0:
        raise OperatorError(f"Erreur : aucun message de personne {period.describe()} : pas de rapport à produire.")
    return insights


def draw(insights: Insights) -> dict[str, str]:
    """The charts of the report, base64 PNG by chart key (only those with something to show)."""
    drawn = {"activity": charts.activity(insights, content.chart_days(insights))}
    if insights.intents:
        drawn["intents"] = charts.ranking(insights.intents, "Intentions les plus fréquentes")
    if insights.topics:
        drawn["topics"] = charts.ranking(insights.topics, "Sujets les plus demandés")
    if insights.journeys:
        drawn["journeys"] = charts.journeys(insights.journeys)
    return drawn


def write(engine: Engine, period: Period, out: Path) -> Written:
    insights = collect(engine, period)
    report = content.build(insights, group_questions(question.text for question in insights.unanswered))
    markdown, html = out / "insights.md", out / "insights.html"
    try:
        out.mkdir(parents=True, exist_ok=True)
        markdown.write_text(report_markdown.render(report), encoding="utf-8")
        html.write_text(report_html.render(report, draw(insights)), encoding="utf-8")
    except OSError as error:
        raise OperatorError(f"Erreur : impossible d'écrire le rapport dans {out} ({error.strerror}).") from None
    return Written(insights, markdown, html)
