"""The knowledge action on trackers recorded from the trained model (tests/unit/trackers/*.json,
written by tests/unit/trackers/record.py): the exact events it returns, and what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.knowledge import ActionAnswerQuestion

TRACKERS = Path(__file__).parent / "trackers"


def recorded(name: str) -> Tracker:
    return Tracker.from_dict(json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8")))


def answered(unit, topic, aspect):
    return [
        SlotSet("answer_status", "answered"),
        SlotSet("answer_unit", unit),
        SlotSet("topic", topic),
        SlotSet("aspect", aspect),
    ]


@pytest.mark.parametrize(
    ("name", "events", "starts"),
    [
        ("definition", answered("ge-definition", "ge", "definition"), "Un groupement d'employeurs (GE) est"),
        ("follow_up", answered("faire_avec.drawbacks", "faire_avec", "drawbacks"), "Génère des coûts de coordination."),
        (
            "law_yes_no",
            answered("psc-apprenti", "protection_sociale", None),
            "Oui : l'employeur doit proposer la mutuelle",
        ),
        ("button", answered("ge.advantages", "ge", "advantages"), "Pour le salarié : un seul employeur"),
        (
            "place_later",
            answered(None, "ge", "contacts"),
            "Pour votre besoin « Partager du personnel » (Finistère (29))",
        ),
        (
            "out_of_scope",
            [SlotSet("answer_status", "out_of_scope"), SlotSet("answer_unit", None)],
            "Désolé, je ne peux pas",
        ),
        (
            "no_sure_answer",
            [SlotSet("answer_status", "out_of_scope"), SlotSet("answer_unit", None)],
            "Désolé, je ne peux pas",
        ),
    ],
)
async def test_the_action_returns_exactly_these_events(name, events, starts):
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerQuestion().run(dispatcher, recorded(name), {}) == events
    [message] = dispatcher.messages
    assert message["text"].startswith(starts)
    buttons = message["buttons"] or []
    follow_ups = [b for b in buttons if not b["payload"].startswith("/feedback")]
    assert len(follow_ups) <= 4
    # an answer can be rated: « Utile » / « Pas utile » after the follow-ups; « no answer » cannot
    answered = SlotSet("answer_status", "answered") in events
    expected = ['/feedback{"feedback": "utile"}', '/feedback{"feedback": "pas_utile"}'] if answered else []
    assert [b["payload"] for b in buttons[len(follow_ups) :]] == expected


def test_the_recorded_trackers_come_from_the_pipeline():
    """Topics come from KnowledgeEntityExtractor (no other component extracts entities)."""
    parse = recorded("definition").latest_message
    assert {(e["entity"], e["value"], e["extractor"]) for e in parse["entities"]} == {
        ("topic", "ge", "KnowledgeEntityExtractor"),
        ("aspect", "definition", "KnowledgeEntityExtractor"),
    }
