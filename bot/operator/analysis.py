"""What the report says, computed from the stored events of each conversation.

Reads the event contract of the assistant (docs/operator.md): slots `answer_status`, `answer_unit`,
`topic`, `feedback_comment`, `journey_progress`; intent `feedback` with entity `feedback`; action
`action_hand_off`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from bot.operator.period import Period, day_of
from bot.operator.privacy import mask
from bot.operator.store import StoredEvent

FEEDBACK_INTENT = "feedback"
FEEDBACK_ENTITY = "feedback"
NOT_USEFUL = "pas_utile"
USEFUL = "utile"
HAND_OFF_ACTION = "action_hand_off"
ABSTAINED, ANSWERED, OUT_OF_SCOPE = "abstained", "answered", "out_of_scope"

_PROGRESS = re.compile(r"^(?P<journey>[a-z_]+):(?:(?P<state>started|finished|stopped)|step-(?P<step>\d+))$")


@dataclass(frozen=True)
class Question:
    """A user message the assistant could not answer."""

    text: str
    timestamp: float


@dataclass
class JudgedAnswer:
    """An answer judged « Pas utile », with the question before it and the optional comment."""

    timestamp: float
    question: str | None
    answer: str | None
    answer_unit: str | None
    comment: str | None


@dataclass
class JourneyStats:
    """Runs of one guided journey started in the period. `exits` counts, for the runs not finished,
    the last step reached (0: left before the first step)."""

    started: int = 0
    finished: int = 0
    stopped: int = 0
    exits: Counter[int] = field(default_factory=Counter)

    @property
    def not_finished(self) -> int:
        return self.started - self.finished


@dataclass
class Insights:
    period: Period
    conversations: int = 0
    messages: int = 0
    conversations_per_day: Counter[date] = field(default_factory=Counter)
    messages_per_day: Counter[date] = field(default_factory=Counter)
    intents: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    answer_statuses: Counter[str] = field(default_factory=Counter)
    unanswered: list[Question] = field(default_factory=list)
    useful: int = 0
    not_useful: list[JudgedAnswer] = field(default_factory=list)
    journeys: dict[str, JourneyStats] = field(default_factory=dict)
    hand_offs: int = 0
    hand_off_conversations: int = 0


@dataclass
class _Run:
    counted: bool
    step: int = 0


def _entity_value(data: dict[str, Any], entity: str) -> str | None:
    parse_data = data.get("parse_data") or {}
    for item in parse_data.get("entities") or []:
        if isinstance(item, dict) and item.get("entity") == entity:
            value = item.get("value")
            return value if isinstance(value, str) else None
    return None


def _text(value: Any) -> str | None:
    return mask(value) if isinstance(value, str) and value.strip() else None


class _Conversation:
    """Walks the events of one conversation in storage order and adds what it finds to `insights`."""

    def __init__(self, insights: Insights) -> None:
        self.insights = insights
        self.period = insights.period
        self.after_session_start = False
        self.question: str | None = None
        self.question_counted_as_unanswered = False
        self.answer: str | None = None
        self.answer_question: str | None = None
        self.answer_unit: str | None = None
        # The latest « pas utile » of this conversation still waiting for its optional comment.
        self.awaiting_comment: JudgedAnswer | None = None
        self.runs: dict[str, _Run] = {}
        self.active_days: set[date] = set()
        self.hand_offs = 0

    def read(self, event: StoredEvent) -> None:
        if event.type_name == "session_started":
            # Rasa's ActionSessionStart copies every slot of the previous session right after this
            # event: those SlotSet events repeat old values and must not be counted again.
            self.after_session_start = True
        elif event.type_name == "action":
            self.after_session_start = False
            self._action(event)
        elif event.type_name == "user":
            self._user(event)
        elif event.type_name == "bot":
            self.answer = _text(event.data.get("text"))
            self.answer_question = self.question
        elif event.type_name == "slot" and not self.after_session_start:
            self._slot(event, event.data.get("name"), event.data.get("value"))

    def _action(self, event: StoredEvent) -> None:
        if event.action_name == HAND_OFF_ACTION and self.period.contains(event.timestamp):
            self.hand_offs += 1

    def _user(self, event: StoredEvent) -> None:
        in_period = self.period.contains(event.timestamp)
        intent = event.intent_name or ((event.data.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == FEEDBACK_INTENT:
            self._feedback(event, in_period)
            return
        self.question = _text(event.data.get("text"))
        self.question_counted_as_unanswered = False
        if in_period and event.timestamp is not None:
            day = day_of(event.timestamp)
            self.active_days.add(day)
            self.insights.messages += 1
            self.insights.messages_per_day[day] += 1
            if intent:
                self.insights.intents[intent] += 1

    def _feedback(self, event: StoredEvent, in_period: bool) -> None:
        verdict = _entity_value(event.data, FEEDBACK_ENTITY)
        self.awaiting_comment = None
        if not in_period or event.timestamp is None:
            return
        if verdict == USEFUL:
            self.insights.useful += 1
        elif verdict == NOT_USEFUL:
            self.awaiting_comment = JudgedAnswer(
                timestamp=event.timestamp,
                question=self.answer_question,
                answer=self.answer,
                answer_unit=self.answer_unit,
                comment=None,
            )
            self.insights.not_useful.append(self.awaiting_comment)

    def _slot(self, event: StoredEvent, name: Any, value: Any) -> None:
        if name == "answer_unit":
            self.answer_unit = value if isinstance(value, str) else None
        elif name == "feedback_comment":
            comment = _text(value)
            if comment and self.awaiting_comment is not None:
                self.awaiting_comment.comment = comment
                self.awaiting_comment = None
        elif name == "journey_progress" and isinstance(value, str):
            self._progress(value, event)
        elif not self.period.contains(event.timestamp):
            return
        elif name == "topic" and isinstance(value, str) and value:
            self.insights.topics[value] += 1
        elif name == "answer_status" and isinstance(value, str):
            self.insights.answer_statuses[value] += 1
            if value == ABSTAINED and self.question and not self.question_counted_as_unanswered:
                self.question_counted_as_unanswered = True
                self.insights.unanswered.append(Question(self.question, event.timestamp or 0.0))

    def _progress(self, value: str, event: StoredEvent) -> None:
        match = _PROGRESS.match(value)
        if match is None:
            return
        journey, state = match["journey"], match["state"]
        if state == "started":
            self._end_run(journey, finished=False, stopped=False)
            counted = self.period.contains(event.timestamp)
            self.runs[journey] = _Run(counted=counted)
            if counted:
                self.insights.journeys.setdefault(journey, JourneyStats()).started += 1
        elif state in ("finished", "stopped"):
            self._end_run(journey, finished=state == "finished", stopped=state == "stopped")
        elif journey in self.runs:
            self.runs[journey].step = int(match["step"])

    def _end_run(self, journey: str, finished: bool, stopped: bool) -> None:
        run = self.runs.pop(journey, None)
        if run is None or not run.counted:
            return
        stats = self.insights.journeys[journey]
        if finished:
            stats.finished += 1
            return
        stats.stopped += stopped
        stats.exits[run.step] += 1

    def close(self) -> None:
        for journey in list(self.runs):
            self._end_run(journey, finished=False, stopped=False)
        if self.active_days:
            self.insights.conversations += 1
            for day in self.active_days:
                self.insights.conversations_per_day[day] += 1
        if self.hand_offs:
            self.insights.hand_offs += self.hand_offs
            self.insights.hand_off_conversations += 1


def _conversations(events: Iterable[StoredEvent]) -> Iterator[list[StoredEvent]]:
    for _, conversation in groupby(events, key=lambda event: event.sender_id):
        yield list(conversation)


def analyse(events: Iterable[StoredEvent], period: Period) -> Insights:
    """The insights of `period` from events grouped by conversation, each in storage order."""
    insights = Insights(period=period)
    for conversation in _conversations(events):
        walker = _Conversation(insights)
        for event in conversation:
            walker.read(event)
        walker.close()
    return insights
