"""The quiz, orientation and routing journeys as Rasa forms: asking each question from the data,
understanding typed answers, re-asking at most once, finishing or stopping cleanly."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import load
from bot.knowledge.journeys import (
    Questionnaire,
    clean_place,
    orientation_result,
    parse_choice,
    questionnaire,
    quiz_result,
    routing_result,
)

FORMS = {"quiz_form": "quiz", "orientation_form": "orientation", "routing_form": "routing"}
# Intents that are not an answer: the form lets a rule handle them (digression, stop), then resumes.
NOT_AN_ANSWER = {
    "stop",
    "help",
    "restart",
    "goodbye",
    "thanks",
    "ask_human",
    "ask_definition",
    "ask_aspect",
    "ask_comparison",
    "ask_situation",
    "ask_who_can_help",
    "out_of_scope",
}
MAX_INVALID = 2  # the same question is never asked more than twice in a row
SKIPPED = "-"  # value of an optional slot the person chose to skip


def form_slots(form: str) -> list[str]:
    return [step.slot for step in questionnaire(FORMS[form]).steps]


def reset_events(form: str) -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in form_slots(form)] + [SlotSet("repeat_count", 0)]


def understand(survey: Questionnaire, slot: str, text: str, intent: str | None) -> str | None:
    """The value a typed answer gives to `slot`, or None if it is not an answer. A message the
    NLU reads as a question or a command is an answer only if it is clearly one (« 2 », or the
    option's own words)."""
    step = survey.step(slot)
    looks_like_answer = intent not in NOT_AN_ANSWER
    if step.options:
        choice = parse_choice(text, step.options)
        return choice.option.value if choice and (choice.certain or looks_like_answer) else None
    if not looks_like_answer:
        return None
    if step.optional:
        return clean_place(text) or SKIPPED
    return text.strip() or None


class AskQuestion(Action):
    """`action_ask_<slot>`: the question of the data, its options as buttons (the first question
    comes after the journey's introduction)."""

    survey_name = ""
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        survey = questionnaire(self.survey_name)
        step = survey.step(self.slot)
        number = [s.slot for s in survey.steps].index(self.slot)
        lead = f"{survey.intro}\n" if number == 0 and not tracker.get_slot("repeat_count") else ""
        progress = f"Question {number + 1}/{len(survey.steps)} : " if len(survey.steps) > 2 else ""
        buttons = [{"title": option.text, "payload": str(i + 1)} for i, option in enumerate(step.options)]
        dispatcher.utter_message(text=f"{lead}{progress}{step.text}", buttons=buttons or None)
        return []


def _ask_action(survey_name: str, slot: str) -> type[AskQuestion]:
    return type(f"Ask_{slot}", (AskQuestion,), {"survey_name": survey_name, "slot": slot})


ASK_ACTIONS = [_ask_action(name, step.slot) for name in FORMS.values() for step in questionnaire(name).steps]


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
        survey = questionnaire(FORMS[self.form])
        if slot not in form_slots(self.form):
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


VALIDATORS = [type(f"Validate_{form}", (ValidateQuestionnaire,), {"form": form}) for form in FORMS]


def last_form(tracker: Tracker) -> str | None:
    """The form that was active last (the one that just finished or is running)."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") in FORMS:
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
        values = [tracker.get_slot(slot) for slot in form_slots(form)]
        if any(v is None for v in values):
            dispatcher.utter_message(response="utter_menu")
            return reset_events(form)
        kb = load()
        if form == "quiz_form":
            result = quiz_result(kb, values)
        elif form == "orientation_form":
            result = orientation_result(kb, *values)
        else:
            need, place = values
            result = routing_result(kb, need, None if place == SKIPPED else place)
        replies.send(dispatcher, result)
        events = reset_events(form)
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
        if form in FORMS:
            events += [ActiveLoop(None), SlotSet("requested_slot", None), *reset_events(form)]
        dispatcher.utter_message(response="utter_journey_stopped")
        step = tracker.get_slot("challenge_step")
        if step and form is None:
            dispatcher.utter_message(text=f"Dites « on reprend » pour revenir au challenge {int(step)}.")
        dispatcher.utter_message(response="utter_menu")
        return events
