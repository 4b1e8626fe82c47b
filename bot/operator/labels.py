"""French wording shared by the Markdown and HTML reports."""

from __future__ import annotations

from bot.operator.analysis import ABSTAINED, ANSWERED, OUT_OF_SCOPE

JOURNEYS = {
    "challenges": "Les 4 challenges",
    "quiz": "Quiz « profil coopératif »",
    "orientation": "Orientation vers une forme de coopération",
    "routing": "Orientation vers un accompagnement",
}

ANSWER_STATUSES = {
    ANSWERED: "réponses données",
    ABSTAINED: "sans réponse sûre",
    OUT_OF_SCOPE: "hors du champ de l'assistant",
}

TOP = 15  # intents and topics listed


def journey(name: str) -> str:
    return JOURNEYS.get(name, name)


def exit_step(step: int) -> str:
    return "avant la 1re étape" if step == 0 else f"à l'étape {step}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count < 2 else plural_form or singular + 's'}"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def shorten(text: str | None, limit: int = 300) -> str:
    if not text:
        return "—"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
