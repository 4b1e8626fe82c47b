"""The domain (bot/data/*/domain.yml) against the code and the journey data: every action the
domain names is one plain class, every form asks exactly the questions its data holds."""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml
from rasa_sdk import Action

import bot.actions.challenges
import bot.actions.feedback
import bot.actions.handoff
import bot.actions.knowledge
import bot.actions.questionnaires
from bot.knowledge import load

DATA = Path(__file__).resolve().parents[2] / "bot" / "data"
MODULES = (
    bot.actions.knowledge,
    bot.actions.challenges,
    bot.actions.questionnaires,
    bot.actions.handoff,
    bot.actions.feedback,
)


def domain() -> dict:
    merged: dict = {"actions": [], "slots": {}, "forms": {}, "intents": [], "responses": {}}
    for path in sorted(DATA.glob("*/domain.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["actions"] += part.get("actions") or []
        merged["intents"] += part.get("intents") or []
        for key in ("slots", "forms", "responses"):
            overlap = set(merged[key]) & set(part.get(key) or {})
            assert not overlap, f"{path.parent.name} redefines {key} {sorted(overlap)}"
            merged[key].update(part.get(key) or {})
    return merged


def implemented() -> dict[str, type]:
    """Action name -> the one concrete class that implements it."""
    found: dict[str, type] = {}
    for module in MODULES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and not cls.__subclasses__():
                name = cls().name()
                assert name not in found, f"{name} is implemented twice"
                found[name] = cls
    return found


def test_every_feature_folder_has_its_domain_nlu_and_rules():
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        names = {p.name for p in folder.iterdir()}
        assert {"domain.yml", "nlu.yml", "rules.yml"} <= names, folder.name


def test_every_custom_action_of_the_domain_is_one_plain_class_and_nothing_else_is():
    actions = set(domain()["actions"])
    classes = implemented()
    assert actions == set(classes)
    for name, cls in classes.items():
        assert cls.__qualname__ in inspect.getsource(inspect.getmodule(cls)), name  # written, not generated


def test_forms_ask_exactly_the_questions_of_the_journey_data():
    spec = domain()
    journeys = load().journeys
    assert set(spec["forms"]) == set(journeys.forms)
    for form in journeys.forms:
        survey = journeys.questionnaire(form)
        assert spec["forms"][form]["required_slots"] == survey.slots, form
        for slot in survey.slots:
            assert slot in spec["slots"], slot
            assert f"action_ask_{slot}" in spec["actions"], slot
        assert f"validate_{form}" in spec["actions"], form


def test_slots_the_actions_set_are_declared():
    slots = set(domain()["slots"])
    sources = "\n".join(inspect.getsource(m) for m in MODULES)
    for name in (
        "topic",
        "aspect",
        "answer_unit",
        "answer_status",
        "journey_progress",
        "challenge_step",
        "repeat_count",
        "feedback_comment",
    ):
        assert f'"{name}"' in sources and name in slots, name
