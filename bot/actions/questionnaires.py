"""The quiz, orientation and routing journeys as Rasa forms: asking each question from the data,
understanding typed answers, re-asking at most once, finishing or stopping cleanly. One plain class
per action name (a search for the name finds its class); the questions themselves are data
(bot/knowledge/data/journeys/*.yml), checked against the domain by tests/unit/test_domain.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import handoff, replies, tracker_input
from bot.knowledge import load
from bot.knowledge.journeys import (
    Questionnaire,
    clean_place,
    orientation_result,
    parse_choice,
    quiz_result,
    routing_result,
)

# Intents that are not an answer: the form lets a rule handle them (digression, stop), then resumes.
NOT_AN_ANSWER = frozenset(
    """stop help restart goodbye thanks ask_human ask_definition ask_aspect ask_comparison ask_situation
    ask_who_can_help out_of_scope feedback""".split()
)
MAX_INVALID = 2  # the same question is never asked more than twice in a row
SKIPPED = "-"  # value of an optional slot the person chose to skip


def survey_of(form: str) -> Questionnaire:
    survey = load().journeys.questionnaire(form)
    if survey is None:
        raise ValueError(f"{form} is not a journey form")
    return survey


def reset_events(survey: Questionnaire) -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in survey.slots] + [SlotSet("repeat_count", 0)]


def understand(survey: Questionnaire, slot: str, text: str, intent: str | None) -> str | None:
    """The value a typed answer gives to `slot`, or None if it is not an answer. A message the
    NLU reads as a question or a command is an answer only if it is clearly one (« 2 », or the
    option's own words)."""
    words = load().lexicon
    step = survey.step(slot)
    looks_like_answer = intent not in NOT_AN_ANSWER
    if step.options:
        choice = parse_choice(text, step.options, words)
        return choice.option.value if choice and (choice.certain or looks_like_answer) else None
    if not looks_like_answer:
        return None
    if step.optional:
        return clean_place(text, words) or SKIPPED
    return text.strip() or None


class AskQuestion(Action):
    """`action_ask_<slot>`: the question of the data, its options as buttons (the first question
    comes after the journey's introduction)."""

    form = ""
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        survey = survey_of(self.form)
        step = survey.step(self.slot)
        number = survey.slots.index(self.slot)
        first = number == 0 and not tracker.get_slot("repeat_count")
        lead = f"{survey.intro}\n" if first else ""
        progress = f"Question {number + 1}/{len(survey.steps)} : " if len(survey.steps) > 2 else ""
        buttons = [{"title": option.text, "payload": str(i + 1)} for i, option in enumerate(step.options)]
        dispatcher.utter_message(text=f"{lead}{progress}{step.text}", buttons=buttons or None)
        state = "started" if first else f"step-{number + 1}"
        return [SlotSet("journey_progress", f"{survey.id}:{state}")]


class AskQuizQ1(AskQuestion):
    form, slot = "quiz_form", "quiz_q1"


class AskQuizQ2(AskQuestion):
    form, slot = "quiz_form", "quiz_q2"


class AskQuizQ3(AskQuestion):
    form, slot = "quiz_form", "quiz_q3"


class AskQuizQ4(AskQuestion):
    form, slot = "quiz_form", "quiz_q4"


class AskOrientationGoal(AskQuestion):
    form, slot = "orientation_form", "orientation_goal"


class AskOrientationEntity(AskQuestion):
    form, slot = "orientation_form", "orientation_entity"


class AskRoutingNeed(AskQuestion):
    form, slot = "routing_form", "routing_need"


class AskRoutingPlace(AskQuestion):
    form, slot = "routing_form", "routing_place"


class ValidateQuestionnaire(Action):
    """`validate_<form>`: fill the requested slot from the typed answer or button, re-ask once
    with a hint, then give up and offer the menu. Returns nothing for digressions, so that the
    form rejects and a rule answers them before the form resumes."""

    form = ""

    def name(self) -> str:
        return f"validate_{self.form}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        survey = survey_of(self.form)
        if slot not in survey.slots:
            return []
        intent = tracker_input.latest_intent(tracker)
        value = understand(survey, slot, tracker_input.latest_text(tracker), intent)
        if value is not None:
            return [SlotSet(slot, value), SlotSet("repeat_count", 0)]
        if intent in NOT_AN_ANSWER:
            return []
        tries = int(tracker.get_slot("repeat_count") or 0) + 1
        if tries >= MAX_INVALID:
            dispatcher.utter_message(response="utter_not_understood_menu")
            return [SlotSet(slot, None), SlotSet("repeat_count", 0), SlotSet("requested_slot", None)]
        options = survey.step(slot).options
        hint = f"Répondez avec un bouton ou tapez un numéro de 1 à {len(options)}." if options else ""
        dispatcher.utter_message(text=f"Je n'ai pas compris votre réponse. {hint}".strip())
        return [SlotSet(slot, None), SlotSet("repeat_count", float(tries))]


class ValidateQuizForm(ValidateQuestionnaire):
    form = "quiz_form"


class ValidateOrientationForm(ValidateQuestionnaire):
    form = "orientation_form"


class ValidateRoutingForm(ValidateQuestionnaire):
    form = "routing_form"


def last_form(tracker: Tracker) -> str | None:
    """The journey form that was active last (the one that just finished or is running)."""
    forms = load().journeys.forms
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") in forms:
            return event["name"]
    return None


class ActionFinishJourney(Action):
    """After a form: its result, or the menu when it was given up; then clear its slots."""

    def name(self) -> str:
        return "action_finish_journey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        form = last_form(tracker)
        if form is None:
            return []
        kb = load()
        survey = survey_of(form)
        values = [tracker.get_slot(slot) for slot in survey.slots]
        if any(v is None for v in values):
            dispatcher.utter_message(response="utter_menu")
            return [*reset_events(survey), SlotSet("journey_progress", f"{survey.id}:stopped")]
        journeys = kb.journeys
        if survey is journeys.quiz.questionnaire:
            result = quiz_result(journeys.quiz, values)
        elif survey is journeys.orientation.questionnaire:
            result = orientation_result(kb, journeys.orientation, *values)
        else:
            need, place = values
            place = None if place == SKIPPED else place
            result = routing_result(kb, journeys.routing, kb.territories, need, place, handoff.configured())
        replies.send(dispatcher, result)
        events = [*reset_events(survey), SlotSet("journey_progress", f"{survey.id}:finished")]
        if result.topic:
            events += [SlotSet("topic", result.topic), SlotSet("aspect", result.aspect)]
        return events


class ActionStopJourney(Action):
    """« stop » / « annuler »: leave any running form cleanly; a challenge journey is remembered
    so that « on reprend » brings the person back."""

    def name(self) -> str:
        return "action_stop_journey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        form = tracker.active_loop.get("name") if tracker.active_loop else None
        survey = load().journeys.questionnaire(form or "")
        if survey is not None:
            events += [ActiveLoop(None), SlotSet("requested_slot", None), *reset_events(survey)]
            events.append(SlotSet("journey_progress", f"{survey.id}:stopped"))
        dispatcher.utter_message(response="utter_journey_stopped")
        step = tracker.get_slot("challenge_step")
        if step and form is None:
            dispatcher.utter_message(text=f"Dites « on reprend » pour revenir au challenge {int(step)}.")
            events.append(SlotSet("journey_progress", "challenges:stopped"))
        dispatcher.utter_message(response="utter_menu")
        return events
