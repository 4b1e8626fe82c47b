"""Decide how to answer a knowledge question: one topic, a comparison, a described situation,
or a follow-up on the topic of the conversation. Pure logic, no Rasa."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.answers import Answer, answer, compare, for_situation
from bot.knowledge.base import KnowledgeBase

# The aspect an intent implies when the message names none.
INTENT_ASPECT = {"ask_comparison": "difference", "ask_who_can_help": "contacts"}


@dataclass
class Question:
    """What the NLU and the text matcher found in one message, plus the conversation's topic."""

    text: str
    intent: str | None = None
    topics: list[str] = field(default_factory=list)
    aspect: str | None = None
    current_topic: str | None = None


def respond(kb: KnowledgeBase, question: Question) -> Answer | None:
    """The best answer the data gives, or None when the question names nothing we know."""
    aspect = question.aspect or INTENT_ASPECT.get(question.intent or "")
    topics = [t for t in question.topics if t in kb.topics]
    if topics:
        if aspect == "difference":
            return compare(kb, topics)
        return _answer_or_definition(kb, topics[0], aspect or "definition")
    follow_up = question.current_topic in kb.topics and question.intent != "ask_situation"
    if aspect and follow_up:
        if aspect == "difference":
            return compare(kb, [question.current_topic])
        return _answer_or_definition(kb, question.current_topic, aspect)
    situation = kb.match_situation(question.text)
    if situation is not None:
        return for_situation(kb, situation)
    default_topic = kb.aspects[aspect].default_topic if aspect in kb.aspects else None
    if default_topic:
        return answer(kb, default_topic, aspect)
    return None


def _answer_or_definition(kb: KnowledgeBase, topic_id: str, aspect_id: str) -> Answer | None:
    """The aspect asked, or the definition with a word saying the guide is silent on it."""
    reply = answer(kb, topic_id, aspect_id)
    if reply is not None or aspect_id == "definition":
        return reply
    reply = answer(kb, topic_id, "definition")
    if reply is not None:
        label = kb.aspects[aspect_id].label.lower() if aspect_id in kb.aspects else aspect_id
        reply.text = f"Le guide ne détaille pas ce point ({label}) pour ce sujet ; voici ce qu'il en dit.\n{reply.text}"
    return reply
