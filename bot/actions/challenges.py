"""The four challenges of the guide, walked through step by step (start, next, previous, resume)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import Button, load
from bot.knowledge.answers import render
from bot.knowledge.base import KnowledgeBase

NEXT = Button("Challenge suivant", "next_step")
PREVIOUS = Button("Précédent", "previous_step")
STOP = Button("Arrêter", "stop")


def challenge_ids(kb: KnowledgeBase) -> list[str]:
    """Challenge topic ids in the guide's order."""
    challenges = [t for t in kb.topics.values() if t.kind == "challenge"]
    return [t.id for t in sorted(challenges, key=lambda t: t.extra.get("order", 0))]


def tour_buttons(step: int) -> list[Button]:
    """The tour's controls: no « Précédent » on the first challenge."""
    return [NEXT, *([PREVIOUS] if step > 1 else []), STOP]


def show_step(dispatcher: CollectingDispatcher, kb: KnowledgeBase, step: int, lead: str = "") -> list[dict]:
    """Send challenge number `step` (1-based), its parts and the tour's controls, and remember it."""
    ids = challenge_ids(kb)
    topic_id = ids[step - 1]
    unit = kb.units[f"{topic_id}.definition"]
    reply = render(kb, unit)
    # In the tour, each step says which challenge it is (« 1er challenge : constituer son équipe »).
    reply.text = "\n".join(line for line in (lead, kb.topics[topic_id].name, reply.text) if line)
    parts = [b for b in reply.buttons if b.entities.get("unit", "").startswith(f"{topic_id}.")]
    reply.buttons = parts[:3] + tour_buttons(step)
    replies.send(dispatcher, reply)
    return [
        SlotSet("challenge_step", float(step)),
        SlotSet("topic", topic_id),
        SlotSet("aspect", "definition"),
        SlotSet("answer_unit", unit.id),
        SlotSet("journey_progress", f"challenges:step-{step}"),
    ]


def current_step(tracker: Tracker) -> int | None:
    value = tracker.get_slot("challenge_step")
    return int(value) if value else None


class ActionShowChallenge(Action):
    """Start the journey at the challenge the person names, or at the first one."""

    def name(self) -> str:
        return "action_show_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        ids = challenge_ids(kb)
        named = [t for t in tracker_input.mentioned_topics(tracker, kb) if t in ids]
        step = ids.index(named[0]) + 1 if named else 1
        lead = "Parcourons les 4 challenges du guide, étape par étape." if step == 1 else ""
        return [SlotSet("journey_progress", "challenges:started"), *show_step(dispatcher, kb, step, lead)]


class ActionMoveChallenge(Action):
    """« suivant » / « précédent »: move within the four challenges."""

    def name(self) -> str:
        return "action_move_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        total = len(challenge_ids(kb))
        step = current_step(tracker)
        forward = tracker_input.latest_intent(tracker) != "previous_step"
        if step is None and tracker.get_slot("answer_unit") and kb.lexicon.continues(tracker_input.said(tracker)):
            # « et après ? » after an answer, out of the tour, asks what comes next in the answer's
            # subject (the end of the portabilité), not for the tour (measured: it started the tour).
            return [FollowupAction("action_answer_question")]
        if step is None:
            started = SlotSet("journey_progress", "challenges:started")
            return [started, *show_step(dispatcher, kb, 1, "Commençons par le premier challenge.")]
        if forward and step >= total:
            dispatcher.utter_message(
                text="Vous avez parcouru les 4 challenges ! Vous pouvez revoir une étape ou poser une question.",
                buttons=[
                    {"title": "Revoir le 1er challenge", "payload": "/start_challenges"},
                    {"title": "Que sais-tu faire ?", "payload": "/help"},
                ],
            )
            return [SlotSet("journey_progress", "challenges:finished")]
        if not forward and step <= 1:
            return show_step(dispatcher, kb, 1, "C'est déjà le premier challenge.")
        return show_step(dispatcher, kb, step + (1 if forward else -1))


class ActionResumeJourney(Action):
    """« on reprend »: come back to the challenge where the person left."""

    def name(self) -> str:
        return "action_resume_journey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        step = current_step(tracker)
        if step is None:
            dispatcher.utter_message(response="utter_nothing_to_resume")
            dispatcher.utter_message(response="utter_menu")
            return []
        return show_step(dispatcher, load(), step, f"Reprenons au challenge {step}.")
