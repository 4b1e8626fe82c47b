"""Compose short French answers (text + follow-up buttons + sources) from the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import GUIDE_TITLE, Fact, Situation, Source, Topic
from bot.knowledge.search import Hit

MAX_SENTENCES = 3
MAX_BULLETS = 5
MAX_BUTTONS = 4
# Aspects whose facts read as one short paragraph; the others are shown as bullets.
PARAGRAPH_ASPECTS = {"definition", "purpose", "role"}
FOLLOW_UP_ORDER = (
    "purpose",
    "advantages",
    "drawbacks",
    "success_factors",
    "structures",
    "forms",
    "obligations",
    "steps",
    "with_whom",
    "brakes",
    "contacts",
    "definition",
)
CATEGORY_LABELS = {
    "fonctionnelle": "coopération fonctionnelle (sans nouvelle personne morale)",
    "organique": "coopération organique (création d'une nouvelle entité)",
}
CATEGORY_GROUPS = {
    "fonctionnelle": "Coopérations fonctionnelles (sans nouvelle personne morale)",
    "organique": "Coopérations organiques (création d'une nouvelle entité)",
}
STATUTES_SOURCE = "guide_statutes"
FICHE_ASPECTS = {"definition", "obligations", "role"}  # answers that point to the official fiche
ENTRY_POINT_ADVICE = (
    "Les formes juridiques de la coopération sont multiples mais elles ne doivent en aucun cas "
    "être la clé d'entrée de la coopération."
)


@dataclass(frozen=True)
class Button:
    title: str
    intent: str
    entities: dict[str, str]


@dataclass
class Answer:
    """A reply ready to send: text (its sources on the last line) and follow-up buttons."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    topic: str | None = None
    aspect: str | None = None


def plain_name(topic: Topic) -> str:
    """« Le groupement d'employeurs (GE) » -> « groupement d'employeurs (GE) »."""
    for article in ("Le ", "La ", "Les ", "L'", "L’"):
        if topic.name.startswith(article):
            return topic.name[len(article) :]
    return topic.name


def sources_line(facts: list[Fact]) -> str:
    """« Source(s) : guide …, « section » ; official text. » for the facts shown."""
    cited: list[Source] = []
    for fact in facts:
        for source in (fact.source, fact.update.source if fact.update else None):
            if source and source not in cited:
                cited.append(source)
    parts = []
    sections = [s.citation() for s in cited if s.kind == "guide"]
    if sections:
        parts.append(f"{GUIDE_TITLE}, " + ", ".join(sections))
    parts.extend(s.citation() for s in cited if s.kind != "guide")
    label = "Sources" if len(cited) > 1 else "Source"
    return f"{label} : " + " ; ".join(parts) + "."


def shown_facts(aspect_id: str, facts: list[Fact], complete: bool = False) -> list[Fact]:
    """The facts that fit a short answer; `complete` shows them all (every step of a challenge)."""
    if complete:
        return facts
    return facts[:MAX_SENTENCES] if aspect_id in PARAGRAPH_ASPECTS else facts[:MAX_BULLETS]


def body(aspect_id: str, facts: list[Fact]) -> str:
    """A paragraph or bullets, then the current rule wherever the guide is outdated."""
    if aspect_id in PARAGRAPH_ASPECTS:
        lines = [" ".join(f.text for f in facts)]
    else:
        lines = [f"• {f.text}" for f in facts]
    lines.extend(f"À jour : {f.update.text}" for f in facts if f.update)
    return "\n".join(lines)


def render(
    heading: str,
    aspect_id: str,
    facts: list[Fact],
    intro: Fact | None = None,
    complete: bool = False,
    fiches: list[dict] = (),
) -> str:
    """Intro, heading, facts, official fiches, then the sources of what is shown."""
    facts = shown_facts(aspect_id, facts, complete)
    lead = [intro.text] if intro else []
    cited = [intro, *facts] if intro else facts
    return "\n".join([*lead, heading, body(aspect_id, facts), *fiche_lines(fiches), sources_line(cited)])


def fiche_lines(fiches: list[dict]) -> list[str]:
    """« Fiche officielle service-public.fr F153 : « title » » for each official fiche."""
    return [f"Fiche officielle {f['site']} {f['id']} : « {f['title']} »" for f in fiches]


def available_aspects(kb: KnowledgeBase, topic: Topic) -> list[str]:
    """Aspects this topic can answer, from its own facts or from its links to other topics."""
    found = [a for a in topic.aspects if a in kb.aspects]
    for aspect_id, links in (("structures", topic.structures), ("forms", topic.forms), ("contacts", topic.contacts)):
        if links and aspect_id not in found:
            found.append(aspect_id)
    return found


CHALLENGE_ASPECTS = ("definition", "with_whom", "steps", "brakes")
CHALLENGE_NAVIGATION = (
    Button("Challenge suivant", "next_step", {}),
    Button("Précédent", "previous_step", {}),
    Button("Arrêter", "stop", {}),
)


def follow_up_buttons(kb: KnowledgeBase, topic: Topic, current: str) -> list[Button]:
    """Up to MAX_BUTTONS other aspects of the same topic, in a stable reading order; for a
    challenge of the guided journey, its other parts and the navigation buttons."""
    if topic.kind == "challenge":
        parts = [a for a in CHALLENGE_ASPECTS if a != current and a in topic.aspects]
        return [Button(kb.aspects[a].label, "ask_aspect", {"topic": topic.id, "aspect": a}) for a in parts] + list(
            CHALLENGE_NAVIGATION
        )
    have = set(available_aspects(kb, topic)) - {current}
    ordered = [a for a in FOLLOW_UP_ORDER if a in have]
    return [Button(kb.aspects[a].label, "ask_aspect", {"topic": topic.id, "aspect": a}) for a in ordered[:MAX_BUTTONS]]


def _structures_facts(kb: KnowledgeBase, topic: Topic) -> list[Fact]:
    """The guide's orientation table for a form of cooperation, grouped by category."""
    source = kb.sources[STATUTES_SOURCE]
    facts = []
    for category, label in CATEGORY_GROUPS.items():
        names = [plain_name(kb.topics[i]) for i in topic.structures if kb.topics[i].category == category]
        if names:
            facts.append(Fact(f"{label} : {', '.join(names)}.", source))
    facts.append(Fact(ENTRY_POINT_ADVICE, source, quote=True))
    return facts


def _forms_facts(kb: KnowledgeBase, topic: Topic) -> list[Fact]:
    source = kb.sources[STATUTES_SOURCE]
    names = [plain_name(kb.topics[i]) for i in topic.forms]
    facts = [Fact(f"Formes de coopération : {' ; '.join(names)}.", source)]
    if topic.category in CATEGORY_LABELS:
        facts.append(Fact(f"Type : {CATEGORY_LABELS[topic.category]}.", source))
    return facts


def _contacts_facts(kb: KnowledgeBase, topic: Topic) -> list[Fact]:
    facts = []
    for body_id in topic.contacts:
        linked = kb.topics[body_id]
        summary = (linked.aspects.get("role") or linked.aspects.get("definition") or [None])[0]
        if summary:
            facts.append(Fact(f"{linked.name} : {summary.text}", summary.source, update=summary.update))
    return facts


def _linked_facts(kb: KnowledgeBase, topic: Topic, aspect_id: str) -> list[Fact]:
    """Facts derived from links between topics (orientation table, who can help)."""
    if aspect_id == "structures" and topic.structures:
        return _structures_facts(kb, topic)
    if aspect_id == "forms" and topic.forms:
        return _forms_facts(kb, topic)
    if aspect_id == "contacts" and topic.contacts:
        return _contacts_facts(kb, topic)
    return []


def resolve_facts(kb: KnowledgeBase, topic: Topic, aspect_id: str) -> tuple[str, list[Fact]] | None:
    """The facts answering `aspect_id` for `topic`, following the aspect's fallbacks."""
    aspect = kb.aspects.get(aspect_id)
    for candidate in [aspect_id, *(aspect.fallback if aspect else ())]:
        facts = topic.aspects.get(candidate) or _linked_facts(kb, topic, candidate)
        if facts:
            return candidate, facts
    return None


def answer(kb: KnowledgeBase, topic_id: str, aspect_id: str = "definition", intro: Fact | None = None) -> Answer | None:
    """Answer one aspect of one topic (after an optional intro), or None when the data is silent."""
    topic = kb.topics.get(topic_id)
    resolved = resolve_facts(kb, topic, aspect_id) if topic else None
    if resolved is None:
        return None
    used, facts = resolved
    heading = kb.aspects[used].heading.format(name=topic.name)
    fiches = kb.fiches.get(topic.id, []) if used in FICHE_ASPECTS else []
    return Answer(
        text=render(heading, used, facts, intro, complete=topic.kind == "challenge" and used == "steps", fiches=fiches),
        buttons=follow_up_buttons(kb, topic, used),
        topic=topic.id,
        aspect=used,
    )


def for_situation(kb: KnowledgeBase, situation: Situation) -> Answer | None:
    """The situation's intro sentence, then the answer it points to, with both sources."""
    return answer(kb, situation.topic, situation.aspect, intro=situation.intro)


def _mentions(facts: list[Fact], topic: Topic) -> bool:
    names = {n.lower() for n in (topic.short, *topic.aliases) if n}
    return any(any(n in f.text.lower() for n in names) for f in facts)


def compare(kb: KnowledgeBase, topic_ids: list[str]) -> Answer | None:
    """Compare topics: the guide's own comparison when it has one, else side-by-side summaries."""
    topics = [kb.topics[i] for i in topic_ids if i in kb.topics]
    if not topics:
        return None
    first, others = topics[0], topics[1:3]
    own = first.aspects.get("difference")
    if own and all(_mentions(own, other) for other in others):
        return answer(kb, first.id, "difference")
    if not others:
        return answer(kb, first.id, "definition")
    facts, lines = [], []
    for topic in (first, *others):
        summary = (topic.aspects.get("definition") or topic.aspects.get("role") or [None])[0]
        if summary is None:
            continue
        facts.append(summary)
        kind = f" Type : {CATEGORY_LABELS[topic.category]}." if topic.category in CATEGORY_LABELS else ""
        lines.append(f"• {topic.label} : {summary.text}{kind}")
    heading = "Différences entre " + " et ".join(t.label for t in (first, *others))
    buttons = [Button(f"En savoir plus : {t.label}", "ask_definition", {"topic": t.id}) for t in (first, *others)]
    text = "\n".join([heading, *lines, sources_line(facts)])
    return Answer(text=text, buttons=buttons[:MAX_BUTTONS], topic=first.id, aspect="difference")


def from_hit(kb: KnowledgeBase, hit: Hit) -> Answer:
    """The facts a keyword search found, under the heading of their topic and aspect."""
    topic = kb.topics[hit.topic]
    heading = kb.aspects[hit.aspect].heading.format(name=topic.name)
    return Answer(
        text=render(heading, hit.aspect, list(hit.facts)),
        buttons=follow_up_buttons(kb, topic, hit.aspect),
        topic=topic.id,
        aspect=hit.aspect,
    )
