"""The usage report, from conversations stored by Rasa's own SQLTrackerStore (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import re
from datetime import date

import pytest

from bot.operator.cli import main
from bot.operator.insights import collect
from bot.operator.period import Period
from bot.operator.store import connect
from tests.unit.operator.conversations import ask, at, feedback, hand_off, journey, session_start

PERIOD = ["--since", "2025-03-10", "--until", "2025-03-12"]
COMMENT = "Les aides de la région, écrivez-moi à marie.dupont@example.org"


@pytest.fixture
def filled(store):
    """Four conversations from 10 to 12 March 2025, and two outside that period."""
    store.save(
        "alice",
        session_start(at(10, 9))
        + ask("C'est quoi une SCIC ?", at(10, 9, 1), topic="scic", unit="scic.definition")
        + ask("Comment financer un tiers-lieu ?", at(10, 9, 5), status="abstained", intent="ask_question",
              answer="Je n'ai pas de réponse sûre à cette question.")
        + feedback("pas_utile", at(10, 9, 6), comment=COMMENT),
    )  # fmt: skip
    store.save(
        "bruno",
        session_start(at(10, 14))
        + ask("Comment FINANCER un tiers-lieu", at(10, 14, 1), status="abstained", intent="ask_question")
        + journey("quiz", at(10, 14, 10), steps=2, end=None),
    )
    store.save(
        "chloe",
        session_start(at(11, 10))
        + journey("challenges", at(11, 10, 1), steps=4, end="finished")
        + ask("Quelles obligations pour un GE ?", at(11, 10, 30), topic="ge", unit="ge.obligations")
        + feedback("utile", at(11, 10, 31))
        + ask("pouvez-vous me rappeler au 06 12 34 56 78 ?", at(11, 10, 40), status="abstained", intent="ask_question")
        + hand_off(at(11, 10, 45))
        # A new session: Rasa copies the slots of the previous one; they must not count twice.
        + session_start(
            at(11, 18),
            carried={"answer_status": "abstained", "topic": "ge", "answer_unit": "ge.obligations",
                     "journey_progress": "challenges:finished"},
        )
        + ask("Et une SCIC ?", at(11, 18, 1), topic="scic", unit="scic.definition"),
    )  # fmt: skip
    store.save(
        "david",
        session_start(at(12, 8))
        + ask("Quel temps fait-il à Lyon ?", at(12, 8, 1), status="out_of_scope", intent="out_of_scope")
        + journey("orientation", at(12, 8, 5), steps=1, end="stopped")
        + hand_off(at(12, 8, 20))
        + ask("Quel est le salaire minimum en Belgique ?", at(12, 8, 30), status="abstained", intent="ask_question")
        + ask("Comment financer un tiers-lieu ?", at(12, 8, 40), status="abstained", intent="ask_question"),
    )
    store.save(
        "eve-before",
        session_start(at(9, 10)) + ask("Une question d'avant la période", at(9, 10, 1), status="abstained"),
    )
    store.save("franck-after", session_start(at(13, 9)) + ask("C'est quoi une SCIC ?", at(13, 9, 1), topic="scic"))
    return store


def test_the_insights_count_what_the_conversations_hold(filled):
    engine = connect(filled.env())
    try:
        insights = collect(engine, Period(date(2025, 3, 10), date(2025, 3, 12)))
    finally:
        engine.dispose()

    assert insights.conversations == 4
    assert insights.messages == 21
    assert dict(insights.conversations_per_day) == {date(2025, 3, 10): 2, date(2025, 3, 11): 1, date(2025, 3, 12): 1}
    assert dict(insights.messages_per_day) == {date(2025, 3, 10): 6, date(2025, 3, 11): 9, date(2025, 3, 12): 6}
    assert dict(insights.intents) == {
        "inform": 7, "ask_question": 5, "ask_definition": 3, "start_journey": 3, "hand_off": 2, "out_of_scope": 1,
    }  # fmt: skip
    assert dict(insights.topics) == {"scic": 2, "ge": 1}
    assert dict(insights.answer_statuses) == {"answered": 3, "abstained": 5, "out_of_scope": 1}
    assert [question.text for question in insights.unanswered] == [
        "Comment financer un tiers-lieu ?",
        "Comment FINANCER un tiers-lieu",
        "pouvez-vous me rappeler au [téléphone masqué] ?",
        "Quel est le salaire minimum en Belgique ?",
        "Comment financer un tiers-lieu ?",
    ]
    assert insights.useful == 1
    [judged] = insights.not_useful
    assert judged.question == "Comment financer un tiers-lieu ?"
    assert judged.answer == "Je n'ai pas de réponse sûre à cette question."
    assert judged.comment == "Les aides de la région, écrivez-moi à [courriel masqué]"
    assert judged.timestamp == at(10, 9, 6)

    quiz, challenges, orientation = (insights.journeys[name] for name in ("quiz", "challenges", "orientation"))
    assert (quiz.started, quiz.finished, quiz.stopped, dict(quiz.exits)) == (1, 0, 0, {2: 1})
    assert (challenges.started, challenges.finished, dict(challenges.exits)) == (1, 1, {})
    assert (orientation.started, orientation.finished, orientation.stopped, dict(orientation.exits)) == (
        1,
        0,
        1,
        {1: 1},
    )
    assert set(insights.journeys) == {"quiz", "challenges", "orientation"}
    assert (insights.hand_offs, insights.hand_off_conversations) == (2, 2)


def test_the_cli_writes_both_reports(filled, tmp_path, capsys):
    out = tmp_path / "rapport"
    assert main(["insights", *PERIOD, "--out", str(out)], env=filled.env()) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert "du 10/03/2025 au 12/03/2025 (4 conversations, 21 messages)" in printed.out

    markdown = (out / "insights.md").read_text(encoding="utf-8")
    assert "- 4 conversations et 21 messages des personnes." in markdown
    assert "| 10/03/2025 | 2 | 6 |" in markdown and "| 11/03/2025 | 1 | 9 |" in markdown
    assert "| ask_question | 5 | 24 % |" in markdown
    assert "| scic | 2 |" in markdown and "| ge | 1 |" in markdown
    # Unanswered questions: 5, in 3 groups, near-duplicates together with the most frequent wording.
    assert "5 questions pour lesquelles l'assistant n'avait pas de réponse sûre, en 3 groupes" in markdown
    assert "| 3 | Comment financer un tiers-lieu ? | 2 |" in markdown
    assert "| 1 | pouvez-vous me rappeler au [téléphone masqué] ? | 1 |" in markdown
    assert "| 1 | Quel est le salaire minimum en Belgique ? | 1 |" in markdown
    assert (
        "| 10/03/2025 | Comment financer un tiers-lieu ? | Je n'ai pas de réponse sûre à cette question. | — | "
        "Les aides de la région, écrivez-moi à [courriel masqué] |"
    ) in markdown
    assert "1 « Utile », 1 « Pas utile »" in markdown
    assert "| Quiz « profil coopératif » | 1 | 0 | 1 | 0 | à l'étape 2 : 1 |" in markdown
    assert "| Les 4 challenges | 1 | 1 | 0 | 0 | — |" in markdown
    assert "| Orientation vers une forme de coopération | 1 | 0 | 1 | 1 | à l'étape 1 : 1 |" in markdown
    assert "2 demandes de mise en relation dans 2 conversations." in markdown
    assert "d'avant la période" not in markdown

    html = (out / "insights.html").read_text(encoding="utf-8")
    for text in ("Comment financer un tiers-lieu ?", "[courriel masqué]", "[téléphone masqué]", "à l&#x27;étape 2 : 1"):
        assert text in html
    for report in (markdown, html):
        assert "marie.dupont" not in report and "example.org" not in report
        assert "06 12 34 56 78" not in report
        assert "alice" not in report  # no conversation id


def test_the_html_report_is_self_contained(filled, tmp_path):
    assert main(["insights", *PERIOD, "--out", str(tmp_path)], env=filled.env()) == 0
    html = (tmp_path / "insights.html").read_text(encoding="utf-8")

    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*//""", html)
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert "<style>" in html
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 4  # activity, intents, topics, journeys
    assert all(base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert len(re.findall(r"<img ", html)) == 4


def test_context_before_the_period_is_read_but_not_counted(store):
    """A journey started the day before and a question asked the day before are not counted; the
    « pas utile » given inside the period still finds its question."""
    store.save(
        "late",
        session_start(at(9, 23, 50))
        + journey("routing", at(9, 23, 51), steps=1, end=None)
        + ask("Qui accompagne les GE ?", at(9, 23, 55), status="abstained")
        + feedback("pas_utile", at(10, 0, 10))
        + ask("Et pour un GEIQ ?", at(10, 0, 20), topic="geiq"),
    )
    engine = connect(store.env())
    try:
        insights = collect(engine, Period(date(2025, 3, 10), date(2025, 3, 10)))
    finally:
        engine.dispose()
    assert insights.journeys == {} and insights.unanswered == []
    assert [item.question for item in insights.not_useful] == ["Qui accompagne les GE ?"]
    assert (insights.messages, insights.conversations, dict(insights.topics)) == (1, 1, {"geiq": 1})
