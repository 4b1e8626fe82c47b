"""Ratings of the answers (« Utile » / « Pas utile » buttons) and the optional comment after « Pas
utile ». The operator's report reads what they leave in the tracker store (docs/operator.md): the
user message itself (intent `feedback`, entity `feedback`), and the slot `feedback_comment`."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import knowledge, tracker_input
from bot.actions.replies import ANSWERED, NOT_USEFUL, USEFUL
from bot.knowledge import load
from bot.knowledge.text import normalize

AWAITING = "feedback_awaiting_comment"
COMMENT = "feedback_comment"

THANKS = "Merci pour votre retour !"
FOLLOW_UP = "Merci pour votre retour. Qu'attendiez-vous ? (facultatif : vous pouvez aussi poser une autre question)"
THANKS_IN_JOURNEY = "Merci pour votre retour, c'est noté."
COMMENT_THANKS = "Merci, c'est noté : votre remarque nous aidera à améliorer les réponses."

# A typed rating is short; a longer message classified `feedback` is a question after all.
MAX_RATING_WORDS = 6


def verdict(tracker: Tracker) -> str | None:
    """« utile » or « pas_utile »: the button's entity, or a short typed rating; None when the
    message is no rating (a question the NLU took for one)."""
    values = [v for v in tracker_input.entity_values(tracker, "feedback") if v in (USEFUL, NOT_USEFUL)]
    if values:
        return values[0]
    text = tracker_input.latest_text(tracker).strip()
    if text in ("👎", "👍"):
        return NOT_USEFUL if text == "👎" else USEFUL
    words = normalize(text).split()
    if "?" in text or tracker_input.entity_values(tracker, "topic") or len(words) > MAX_RATING_WORDS:
        return None
    if not {"utile", "inutile", "aide"} & set(words):
        return None
    negative = {"pas", "inutile", "ne", "n", "nul"} & set(words)
    return NOT_USEFUL if negative else USEFUL


def is_comment(text: str, answered: bool) -> bool:
    """Whether the message after « Qu'attendiez-vous ? » is a comment rather than a new question:
    a button payload is never one; a message starting like a comment always is; otherwise it is
    one unless the knowledge answers it."""
    if text.lstrip().startswith("/"):
        return False
    starts = tuple(f"{cue} " for cue in load().lexicon.comment_starts)
    if f"{normalize(text)} ".startswith(starts):
        return True
    return not answered


class ActionFeedback(Action):
    """A rating: thanks; after « Pas utile » outside a journey form, one optional question."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        rating = verdict(tracker)
        if rating is None:  # no rating after all: answered like any question
            kb = load()
            return [*knowledge.answer(dispatcher, kb, knowledge.reply_to(tracker, kb)), SlotSet(AWAITING, False)]
        if tracker.active_loop.get("name"):
            dispatcher.utter_message(text=THANKS_IN_JOURNEY)
            return [SlotSet(AWAITING, False)]
        if rating == USEFUL:
            dispatcher.utter_message(text=THANKS)
            return [SlotSet(AWAITING, False)]
        dispatcher.utter_message(text=FOLLOW_UP)
        return [SlotSet(AWAITING, True)]


class ActionFeedbackComment(Action):
    """The message after « Qu'attendiez-vous ? »: stored as `feedback_comment` and thanked, or, when
    it is a new question, answered like any question (nothing stored)."""

    def name(self) -> str:
        return "action_feedback_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = load()
        reply = knowledge.reply_to(tracker, kb)
        text = tracker_input.latest_text(tracker).strip()
        if not tracker.get_slot(AWAITING) or not is_comment(text, reply.status == ANSWERED):
            return [*knowledge.answer(dispatcher, kb, reply), SlotSet(AWAITING, False)]
        dispatcher.utter_message(text=COMMENT_THANKS)
        return [SlotSet(COMMENT, text), SlotSet(AWAITING, False)]
