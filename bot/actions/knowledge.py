"""Answer questions about the guide's knowledge: definitions, aspects, comparisons, situations,
and follow-ups on the topic of the conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import load
from bot.knowledge.questions import respond


class ActionAnswerQuestion(Action):
    """One entry point for every knowledge intent: the knowledge package decides what the
    message asks (the intent is a hint), this action reads the tracker and replies."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        reply = respond(kb, tracker_input.question(tracker, kb))
        if reply is None:
            dispatcher.utter_message(response="utter_ask_topic")
            return []
        replies.send(dispatcher, reply)
        events = [SlotSet("topic", reply.topic), SlotSet("aspect", reply.aspect)]
        challenge = kb.topics[reply.topic] if reply.topic in kb.topics else None
        if challenge is not None and challenge.kind == "challenge":
            events.append(SlotSet("challenge_step", float(challenge.extra["order"])))
        return events
