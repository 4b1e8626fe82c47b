"""The content of the report, independent of its format: titled sections of plain-text paragraphs,
tables and chart references, rendered by report_markdown and report_html."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.operator import labels
from bot.operator.analysis import ABSTAINED, ANSWERED, OUT_OF_SCOPE, Insights
from bot.operator.grouping import QuestionGroup
from bot.operator.period import REPORT_TIMEZONE, french_date

MAX_CHART_DAYS = 92
TITLE = "Ce que les gens demandent à l'assistant"
PRIVACY_NOTE = (
    "Les adresses électroniques et numéros de téléphone saisis par les personnes sont masqués ; "
    "aucun identifiant de conversation n'apparaît dans ce rapport."
)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: str | None = None  # key of the chart (see charts_needed)


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: list[Section]


def chart_days(insights: Insights) -> list[date]:
    """The days of the activity chart: the whole period, or from the first to the last active day
    when the period is long."""
    days = insights.period.days()
    active = sorted(insights.messages_per_day)
    if len(days) > MAX_CHART_DAYS and active:
        days = [day for day in days if active[0] <= day <= active[-1]]
    return days


def _summary(insights: Insights) -> Section:
    statuses = insights.answer_statuses
    replies = statuses[ANSWERED] + statuses[ABSTAINED] + statuses[OUT_OF_SCOPE]
    share = labels.percent(statuses[ABSTAINED], replies)
    abstained = f"{statuses[ABSTAINED]} {labels.ANSWER_STATUSES[ABSTAINED]} ({share})"
    judged = insights.useful + len(insights.not_useful)
    started = sum(stats.started for stats in insights.journeys.values())
    finished = sum(stats.finished for stats in insights.journeys.values())
    return Section(
        title="En bref",
        bullets=[
            f"{labels.plural(insights.conversations, 'conversation')} et "
            f"{labels.plural(insights.messages, 'message')} des personnes.",
            f"Questions de connaissance : {labels.plural(replies, 'réponse')} de l'assistant, dont "
            f"{statuses[ANSWERED]} {labels.ANSWER_STATUSES[ANSWERED]}, "
            f"{abstained} et {statuses[OUT_OF_SCOPE]} {labels.ANSWER_STATUSES[OUT_OF_SCOPE]}.",
            f"Avis sur les réponses : {labels.plural(judged, 'avis', 'avis')}, dont "
            f"{insights.useful} « Utile » et {len(insights.not_useful)} « Pas utile ».",
            f"Parcours guidés : {labels.plural(started, 'commencé')}, {labels.plural(finished, 'terminé')}.",
            f"Demandes à parler à une personne : {insights.hand_offs}.",
        ],
    )


def _activity(insights: Insights) -> Section:
    days = sorted(insights.messages_per_day)
    return Section(
        title="Activité par jour",
        paragraphs=["Une conversation compte pour chaque jour où la personne a écrit au moins un message."],
        table=Table(
            ["Jour", "Conversations", "Messages"],
            [
                [french_date(day), str(insights.conversations_per_day[day]), str(insights.messages_per_day[day])]
                for day in days
            ],
        ),
        chart="activity",
    )


def _intents(insights: Insights) -> Section:
    total = sum(insights.intents.values())
    return Section(
        title="Intentions les plus fréquentes",
        paragraphs=[
            f"Ce que l'assistant a compris de chaque message ({labels.TOP} premières intentions ; "
            "les clics « Utile » / « Pas utile » n'en font pas partie)."
        ],
        table=Table(
            ["Intention", "Messages", "Part"],
            [
                [intent, str(count), labels.percent(count, total)]
                for intent, count in insights.intents.most_common(labels.TOP)
            ],
        ),
        chart="intents" if insights.intents else None,
    )


def _topics(insights: Insights) -> Section:
    return Section(
        title="Sujets les plus demandés",
        paragraphs=["Le sujet de chaque réponse de connaissance (structure, forme de coopération, notion du guide)."],
        table=Table(
            ["Sujet", "Questions"], [[topic, str(count)] for topic, count in insights.topics.most_common(labels.TOP)]
        ),
        chart="topics" if insights.topics else None,
    )


def _unanswered(groups: list[QuestionGroup], asked: int) -> Section:
    return Section(
        title="Questions restées sans réponse",
        paragraphs=[
            f"{labels.plural(asked, 'question')} pour lesquelles l'assistant n'avait pas de réponse sûre, "
            f"en {labels.plural(len(groups), 'groupe')} : les formulations presque identiques sont réunies, "
            "avec la plus fréquente en exemple."
        ],
        table=Table(
            ["Fois", "Exemple", "Formulations"],
            [[str(group.count), labels.shorten(group.example), str(group.wordings)] for group in groups],
        ),
    )


def _feedback(insights: Insights) -> Section:
    return Section(
        title="Réponses jugées « Pas utile »",
        paragraphs=[
            f"{insights.useful} « Utile », {len(insights.not_useful)} « Pas utile ». Pour chaque « Pas utile » : "
            "la question posée, la réponse jugée et, si la personne l'a donné, ce qu'elle attendait."
        ],
        table=Table(
            ["Date", "Question", "Réponse jugée", "Fiche", "Ce qui était attendu"],
            [
                [
                    french_date(datetime.fromtimestamp(item.timestamp, REPORT_TIMEZONE).date()),
                    labels.shorten(item.question),
                    labels.shorten(item.answer, 200),
                    item.answer_unit or "—",
                    labels.shorten(item.comment),
                ]
                for item in sorted(insights.not_useful, key=lambda item: item.timestamp)
            ],
        ),
    )


def _journeys(insights: Insights) -> Section:
    rows = []
    for name in sorted(insights.journeys):
        stats = insights.journeys[name]
        exits = " ; ".join(f"{labels.exit_step(step)} : {count}" for step, count in sorted(stats.exits.items()))
        rows.append(
            [
                labels.journey(name),
                str(stats.started),
                str(stats.finished),
                str(stats.not_finished),
                str(stats.stopped),
                exits or "—",
            ]
        )
    return Section(
        title="Parcours guidés",
        paragraphs=[
            "Parcours commencés pendant la période. Pour ceux qui n'ont pas été terminés : la dernière étape "
            "atteinte, que la personne ait dit « stop » ou soit simplement partie."
        ],
        table=Table(
            ["Parcours", "Commencés", "Terminés", "Non terminés", "Dont « stop »", "Où les gens sont partis"], rows
        ),
        chart="journeys" if insights.journeys else None,
    )


def _hand_offs(insights: Insights) -> Section:
    return Section(
        title="Demandes à parler à une personne",
        paragraphs=[
            f"{labels.plural(insights.hand_offs, 'demande')} de mise en relation dans "
            f"{labels.plural(insights.hand_off_conversations, 'conversation')}."
        ],
    )


def build(insights: Insights, groups: list[QuestionGroup]) -> Report:
    generated = datetime.now(REPORT_TIMEZONE).strftime("%d/%m/%Y à %H:%M")
    return Report(
        title=TITLE,
        subtitle=f"Période {insights.period.describe()} — rapport produit le {generated}. {PRIVACY_NOTE}",
        sections=[
            _summary(insights),
            _activity(insights),
            _intents(insights),
            _topics(insights),
            _unanswered(groups, len(insights.unanswered)),
            _feedback(insights),
            _journeys(insights),
            _hand_offs(insights),
        ],
    )
