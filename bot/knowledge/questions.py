"""Decide how to answer a knowledge question: one topic, a comparison, a described situation,
a follow-up on the topic of the conversation, or the facts that best match its words.
Pure logic, no Rasa."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.answers import Answer, answer, compare, for_situation, from_hit
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import keys

# The aspect an intent implies when the message names none, if the NLU is confident enough.
INTENT_ASPECT = {"ask_comparison": "difference", "ask_who_can_help": "contacts"}
MIN_INTENT_CONFIDENCE = 0.6


@dataclass
class Question:
    """What the NLU and the text matcher found in one message, plus the conversation's topic."""

    text: str
    intent: str | None = None
    intent_confidence: float = 1.0
    topics: list[str] = field(default_factory=list)
    aspect: str | None = None
    current_topic: str | None = None


def respond(kb: KnowledgeBase, question: Question) -> Answer | None:
    """The best answer the data gives, or None when the question matches nothing we know.

    For a topic, the order is: the aspect the message names, the topic's facts that match the
    message's words, the aspect the intent implies, the definition."""
    implied = INTENT_ASPECT.get(question.intent or "") if question.intent_confidence >= MIN_INTENT_CONFIDENCE else None
    aspect = question.aspect
    topics = [t for t in question.topics if t in kb.topics]
    # A described situation (« on veut partager un salarié ») uses words that also name topics
    # (« salarié »): when the NLU says it is a situation, the situation comes first.
    situation = kb.match_situation(question.text)
    if question.intent == "ask_situation" and situation is not None:
        return for_situation(kb, situation)
    if topics:
        return _about_topic(kb, question, topics, aspect, implied)
    current = question.current_topic if question.current_topic in kb.topics else None
    if current and question.intent != "ask_situation":
        reply = _about_topic(kb, question, [current], aspect, implied, must_match=aspect is None)
        if reply is not None:
            return reply
    if situation is not None:
        return for_situation(kb, situation)
    hit = kb.facts.search(question.text, ignore=kb.naming_keys(question.text))
    if hit is not None:
        return from_hit(kb, hit)
    aspect = aspect or implied
    default_topic = kb.aspects[aspect].default_topic if aspect in kb.aspects else None
    return answer(kb, default_topic, aspect) if default_topic else None


def _about_topic(
    kb: KnowledgeBase,
    question: Question,
    topics: list[str],
    aspect: str | None,
    implied: str | None,
    must_match: bool = False,
) -> Answer | None:
    """Answer about topics[0] (see `respond` for the order); with `must_match`, only when the
    message names an aspect or matches the topic's facts."""
    topic_id = topics[0]
    if (aspect or implied) == "difference" and (aspect or len(topics) > 1):
        if len(topics) > 1 or "difference" in kb.topics[topic_id].aspects:
            return compare(kb, topics)
        # One topic without a comparison of its own (« fonctionnelle ou organique ? »): the rest of
        # the message says what to compare.
        aspect = implied = None
    reply = answer(kb, topic_id, aspect) if aspect else None
    if reply is not None:
        return reply
    ignore = kb.naming_keys(question.text)
    hit = kb.facts.quoted(question.text, within=topic_id) or kb.facts.search(
        question.text, within=topic_id, ignore=ignore
    )
    if hit is None and kb.topics[topic_id].weak:
        # A weak topic (« les bénévoles ») may be spoken of in other topics' facts: search those,
        # but only the facts that mention it.
        about = {k for alias in kb.topics[topic_id].aliases for k in keys(alias)} & ignore
        hit = kb.facts.search(question.text, ignore=ignore, about=about)
    if hit is not None:
        return from_hit(kb, hit)
    reply = answer(kb, topic_id, implied) if implied else None
    if reply is not None:
        return reply
    if must_match:
        return None
    return _definition(kb, topic_id, aspect)


def _definition(kb: KnowledgeBase, topic_id: str, aspect: str | None) -> Answer | None:
    """The definition, with a word saying the guide is silent on the aspect asked, if any."""
    reply = answer(kb, topic_id, "definition")
    if reply is not None and aspect and aspect != "definition":
        label = kb.aspects[aspect].label.lower() if aspect in kb.aspects else aspect
        reply.text = f"Le guide ne détaille pas ce point ({label}) pour ce sujet ; voici ce qu'il en dit.\n{reply.text}"
    return reply
