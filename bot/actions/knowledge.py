"""Answer every question about cooperation and today's law: the knowledge package decides what the
message asks (the intent is only a hint), this action reads the tracker, replies, and records what
was answered (slots read by the conversation's follow-ups and by the operator's report)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import replies, tracker_input
from bot.knowledge import Answer, KnowledgeBase, load, respond


def reply_to(tracker: Tracker, kb: KnowledgeBase) -> Answer:
    """The knowledge package's reply to the latest message."""
    return respond(kb, tracker_input.question(tracker, kb))


def answer(dispatcher: CollectingDispatcher, kb: KnowledgeBase, reply: Answer) -> list[dict[str, Any]]:
    """Send `reply` (with the rating buttons when it answered) and return the slots that record it."""
    replies.send(dispatcher, reply, rated=True)
    events = [SlotSet("answer_status", reply.status), SlotSet("answer_unit", reply.unit)]
    if reply.topic is not None:
        events += [SlotSet("topic", reply.topic), SlotSet("aspect", reply.aspect)]
    topic = kb.topics.get(reply.topic or "")
    if topic is not None and topic.kind == "challenge":
        events.append(SlotSet("challenge_step", float(topic.extra["order"])))
    return events


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        return answer(dispatcher, kb, reply_to(tracker, kb))
