"""Compose the replies a phone reads: the first sentence answers, then a few lines, then one
source line (« Source : … », with dates and links), then follow-up buttons."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.derive import plain_name
from bot.knowledge.models import GUIDE_AGE, GUIDE_NAME, Fact, Source, Unit

MAX_DETAILS = 4
MAX_BUTTONS = 4
MAX_SOURCES = 3
HELP_LABEL = "Qui peut m'aider ?"
# The parts of a challenge of the guide, in the guide's order.
CHALLENGE_PARTS = ("definition", "with_whom", "steps", "brakes")
# Other aspects of a topic offered as follow-ups, in this order.
FOLLOW_UP_ORDER = (
    "definition", "purpose", "advantages", "drawbacks", "success_factors", "obligations", "steps",
    "structures", "forms", "with_whom", "brakes", "key_points", "contacts",
)  # fmt: skip


@dataclass(frozen=True)
class Button:
    title: str
    intent: str
    entities: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    """A reply ready to send, and what it answered (for the conversation's memory and the
    operator's report): `status` is answered, abstained or out_of_scope."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    topic: str | None = None
    aspect: str | None = None
    unit: str | None = None
    status: str = "answered"


def unit_button(unit: Unit) -> Button:
    return Button(unit.label, "ask_aspect", {"unit": unit.id})


def sources_line(sources: list[Source]) -> str:
    """« Source : Code du travail, art. L1253-8 (…) : https://… ; guide …, « section ». », in the
    order the reply uses them (the answer's own source first), the guide's sections grouped."""
    # One citation per document (a unit may cite two sections of one fiche).
    unique = list({s.citation(): s for s in dict.fromkeys(sources)}.values())
    guide = [s.citation() for s in unique if s.kind == "guide"]
    official = [s.citation() for s in unique if s.kind != "guide"][: MAX_SOURCES - bool(guide)]
    parts = official
    if guide:
        first_guide = next(i for i, s in enumerate(unique) if s.kind == "guide")
        position = sum(1 for s in unique[:first_guide] if s.kind != "guide")
        parts.insert(min(position, len(parts)), f"{GUIDE_NAME}, {GUIDE_AGE}, " + ", ".join(guide))
    label = "Sources" if len(unique) > 1 else "Source"
    return f"{label} : " + " ; ".join(parts) + "."


def _ordered_facts(unit: Unit, lead: int) -> list[Fact]:
    facts = list(unit.facts)
    if 0 < lead < len(facts):
        facts.insert(0, facts.pop(lead))
    return facts


def _body(unit: Unit, lines: list[str], paragraph: bool) -> list[str]:
    first, rest = lines[0], lines[1:]
    if paragraph:
        return [" ".join([first, *rest])]
    return [first, *(f"• {line}" for line in rest)]


def render(
    kb: KnowledgeBase,
    unit: Unit,
    lead: int = 0,
    complete: bool = False,
    companion: Unit | None = None,
    notes: tuple[tuple[str, Source], ...] = (),
) -> Answer:
    """The reply for `unit`; `lead` puts the passage that matched the question first (a precise
    point asked among the facts of a topic); `complete` shows every detail (a challenge's steps);
    `companion` adds, in one line, what another source says on the same point (the guide beside
    today's official texts, or the reverse); `notes` add lines with their sources."""
    limit = None if complete else MAX_DETAILS
    if unit.origin == "topic":
        facts = _ordered_facts(unit, lead)[: None if limit is None else limit + 1]
        # The unit's answer is its first fact as it opens a reply (derive.py: with the topic's name).
        texts = [unit.answer if fact is unit.facts[0] else fact.text for fact in facts]
        lines = _body(unit, texts, unit.paragraph)
        updates = [f.update for f in facts if f.update]
        lines += [f"Le guide, {GUIDE_AGE}, est dépassé sur ce point. Aujourd'hui : {u.text}" for u in updates]
        sources = [s for f in facts for s in (f.source, f.update.source if f.update else None) if s]
    else:
        details = list(unit.details)[:limit]
        lines = _body(unit, [unit.answer, *details], unit.paragraph)
        if unit.then is not None:
            lines.append(
                f"Le guide, {GUIDE_AGE}, disait : {unit.then.text} Cette règle a changé : "
                "c'est la réponse ci-dessus qui s'applique aujourd'hui."
            )
        sources = [*unit.sources, *([unit.then.source] if unit.then else [])]
    if companion is not None:
        said_by = "Le guide ajoute" if companion.from_guide else "Les textes officiels précisent"
        lines.append(f"{said_by} : {companion.answer}")
        sources += companion.sources[:1]
    for note, source in notes:
        lines.append(note)
        sources.append(source)
    text = "\n".join([*lines, sources_line(sources)])
    return Answer(text, follow_up_buttons(kb, unit), unit.topic, unit.aspect, unit.id)


def follow_up_buttons(kb: KnowledgeBase, unit: Unit) -> list[Button]:
    """The next likely questions: the unit's own follow-ups, then other aspects of its topic, and
    « Qui peut m'aider ? » when bodies can help; at most MAX_BUTTONS, never the unit itself."""
    buttons = [unit_button(kb.units[f]) for f in unit.follow if f in kb.units]
    help_button = None
    topic = kb.topics.get(unit.topic or "")
    if topic is not None:
        have = {u.aspect: u for u in kb.units_of(topic.id) if u.origin == "topic"}
        order = CHALLENGE_PARTS if topic.kind == "challenge" else FOLLOW_UP_ORDER
        for aspect_id in order:
            other = have.get(aspect_id)
            if other is not None and other.id != unit.id and aspect_id != "contacts":
                buttons.append(Button(kb.aspects[aspect_id].label, "ask_aspect", {"unit": other.id}))
        contacts = have.get("contacts")
        if contacts is not None and unit.aspect != "contacts":
            help_button = Button(HELP_LABEL, "ask_aspect", {"unit": contacts.id})
    unique: list[Button] = []
    for button in buttons:
        if button.title not in {b.title for b in unique}:
            unique.append(button)
    if help_button is None:
        return unique[:MAX_BUTTONS]
    return [*unique[: MAX_BUTTONS - 1], help_button]


def compare(kb: KnowledgeBase, topic_ids: list[str]) -> Answer | None:
    """Two or three topics side by side: what each one is, in one line each."""
    lines, sources, buttons = [], [], []
    for topic_id in topic_ids[:3]:
        unit = kb.units.get(f"{topic_id}.definition") or kb.units.get(f"{topic_id}.role")
        if unit is None:
            continue
        topic = kb.topics[topic_id]
        # The full name, not the acronym: « GE ou GES ? » is often asked by someone who knows neither.
        name = plain_name(topic)
        lines.append(f"• {name[0].upper()}{name[1:]} : {unit.answer}" if topic.short else f"• {unit.answer}")
        sources.append(unit.sources[0])
        buttons.append(Button(f"En savoir plus : {topic.label}", "ask_aspect", {"unit": unit.id}))
    if len(lines) < 2:
        return None
    text = "\n".join(["Ce sont deux choses différentes :", *lines, sources_line(sources)])
    return Answer(text, buttons[:MAX_BUTTONS], topic_ids[0], "difference", None)
