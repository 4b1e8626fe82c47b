"""The four challenges of the guide, walked through step by step (start, next, previous, resume)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import answer, load
from bot.knowledge.base import KnowledgeBase


def challenge_ids(kb: KnowledgeBase) -> list[str]:
    """Challenge topic ids in the guide's order."""
    challenges = [t for t in kb.topics.values() if t.kind == "challenge"]
    return [t.id for t in sorted(challenges, key=lambda t: t.extra.get("order", 0))]


def show_step(dispatcher: CollectingDispatcher, kb: KnowledgeBase, step: int, lead: str = "") -> list[dict]:
    """Send challenge number `step` (1-based) and remember it."""
    topic_id = challenge_ids(kb)[step - 1]
    reply = answer(kb, topic_id, "definition")
    if lead:
        reply.text = f"{lead}\n{reply.text}"
    replies.send(dispatcher, reply)
    return [SlotSet("challenge_step", float(step)), SlotSet("topic", topic_id), SlotSet("aspect", "definition")]


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
        return show_step(dispatcher, kb, step, lead)


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
        if step is None:
            return show_step(dispatcher, kb, 1, "Commençons par le premier challenge.")
        if forward and step >= total:
            dispatcher.utter_message(
                text="Vous avez parcouru les 4 challenges ! Vous pouvez revoir une étape ou poser une question.",
                buttons=[
                    {"title": "Revoir le 1er challenge", "payload": "/start_challenges"},
                    {"title": "Que sais-tu faire ?", "payload": "/help"},
                ],
            )
            return []
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
