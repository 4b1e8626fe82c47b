"""Answer every question about cooperation and today's law: the knowledge package decides what the
message asks (the intent is only a hint), this action reads the tracker, replies, and records what
was answered (slots read by the conversation's follow-ups and by the operator's report)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import load, respond


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        reply = respond(kb, tracker_input.question(tracker, kb))
        replies.send(dispatcher, reply)
        events = [SlotSet("answer_status", reply.status), SlotSet("answer_unit", reply.unit)]
        if reply.topic is not None:
            events += [SlotSet("topic", reply.topic), SlotSet("aspect", reply.aspect)]
        topic = kb.topics.get(reply.topic or "")
        if topic is not None and topic.kind == "challenge":
            events.append(SlotSet("challenge_step", float(topic.extra["order"])))
        return events
