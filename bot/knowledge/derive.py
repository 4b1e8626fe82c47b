"""Answer units derived from the guide's topics: one unit per aspect of a topic (its facts, in the
guide's order), plus the aspects that follow from links between topics (the orientation table's
structures and forms, the bodies that can help)."""

from __future__ import annotations

import re

from bot.knowledge.models import Aspect, Fact, Source, Topic, Unit
from bot.knowledge.text import normalize

# Aspects whose facts read as one short paragraph; the others are shown as bullets.
PARAGRAPH_ASPECTS = frozenset({"definition", "purpose", "role"})
CATEGORY_LABELS = {
    "fonctionnelle": "coopération fonctionnelle (sans création d'une nouvelle personne morale)",
    "organique": "coopération organique (création d'une nouvelle entité)",
}
CATEGORY_GROUPS = {
    "fonctionnelle": "Sans nouvelle personne morale",
    "organique": "Avec création d'une nouvelle entité",
}
ENTRY_POINT_ADVICE = (
    "Les formes juridiques de la coopération sont multiples mais elles ne doivent en aucun cas "
    "être la clé d'entrée de la coopération."
)


def plain_name(topic: Topic) -> str:
    """« Le groupement d'employeurs (GE) » -> « groupement d'employeurs (GE) »."""
    for article in ("Le ", "La ", "Les ", "L'", "L’"):
        if topic.name.startswith(article):
            return topic.name[len(article) :]
    return topic.name


def _spelled_out(topic: Topic) -> str | None:
    """What a topic's acronym stands for, from its name: « groupement d'employeurs » for « Le
    groupement d'employeurs (GE) », « Centre de Ressources pour les Groupements d'Employeurs » for
    « Le CRGE (Centre de Ressources …) »; None for a topic without an acronym."""
    if not topic.short or not topic.short.isupper():
        return None
    inside = re.search(r"\(([^)]*)\)", topic.name)
    if inside and inside.group(1) != topic.short:
        return inside.group(1)
    return re.sub(r"\s*\([^)]*\)", "", plain_name(topic)).strip() or None


def _says(text: str, name: str) -> bool:
    """Whether `text` says `name`, in the singular or the plural (each word of the name starts a word of the text)."""
    said = normalize(text).split()
    return all(any(w.startswith(word) for w in said) for word in normalize(name).split() if len(word) > 3)


def _introduced(topic: Topic, text: str) -> str:
    """A definition or a role that uses only the acronym opens with the topic's name: « c'est quoi le
    CRGE ? » got « Basé en Poitou-Charentes…, le CRGE accompagne… », never saying what it stands for."""
    full = _spelled_out(topic)
    if full is None or _says(text, full):
        return text
    first, _, rest = text.partition(" ")
    if first[1:].islower():
        first = first.lower()
    return f"{topic.name} : {first} {rest}"


def unit_from_facts(topic: Topic, aspect: str, facts: list[Fact], label: str, aliases: tuple[str, ...] = ()) -> Unit:
    """The unit of one aspect of a topic: the first fact answers, the others follow. Its questions
    are the aspect's words with the topic's names (« avantages groupement d'employeurs GE »): the
    facts themselves rarely say « avantage »."""
    sources: list[Source] = []
    for fact in facts:
        for source in (fact.source, fact.update.source if fact.update else None):
            if source and source not in sources:
                sources.append(source)
    return Unit(
        id=f"{topic.id}.{aspect}",
        title=f"{topic.label} : {label.lower()}",
        topic=topic.id,
        aspect=aspect,
        answer=_introduced(topic, facts[0].text) if aspect in PARAGRAPH_ASPECTS else facts[0].text,
        details=tuple(f.text for f in facts[1:]),
        sources=tuple(sources),
        questions=(
            f"{label} {topic.name}",
            # Each word once: four aliases of « purpose » say « sert » four times, and BM25 would
            # then see « sert quel type de coopération ? » as a purpose question.
            " ".join(
                dict.fromkeys(f"{' '.join(aliases[:4])} {topic.short or ''} {' '.join(topic.aliases[:2])}".split())
            ),
        ),
        origin="topic",
        facts=tuple(facts),
        paragraph=aspect in PARAGRAPH_ASPECTS,
        helpers=topic.contacts,
    )


def structures_facts(topics: dict[str, Topic], topic: Topic, statutes: Source) -> list[Fact]:
    """The guide's orientation table for a form of cooperation, grouped by category."""
    facts = []
    for category, label in CATEGORY_GROUPS.items():
        names = [plain_name(topics[i]) for i in topic.structures if topics[i].category == category]
        if names:
            facts.append(Fact(f"{label} : {', '.join(names)}.", statutes))
    facts.append(Fact(ENTRY_POINT_ADVICE, statutes, quote=True))
    return facts


def forms_facts(topics: dict[str, Topic], topic: Topic, statutes: Source) -> list[Fact]:
    names = [plain_name(topics[i]) for i in topic.forms]
    facts = [Fact(f"Dans la table d'orientation du guide, cette structure sert : {' ; '.join(names)}.", statutes)]
    if topic.category in CATEGORY_LABELS:
        facts.append(Fact(f"C'est une {CATEGORY_LABELS[topic.category]}.", statutes))
    return facts


def contacts_facts(topics: dict[str, Topic], topic: Topic) -> list[Fact]:
    """One line per body that can help: its name and its role (or definition)."""
    facts = []
    for body_id in topic.contacts:
        body = topics[body_id]
        summary = (body.aspects.get("role") or body.aspects.get("definition") or [None])[0]
        if summary:
            facts.append(Fact(f"{body.name} : {summary.text}", summary.source, update=summary.update))
    return facts


def derive_units(topics: dict[str, Topic], aspects: dict[str, Aspect], statutes: Source) -> list[Unit]:
    """Every derived unit, topic by topic, in the data's order. Only the structures the guide's
    orientation table places (those a form lists) get the table's forms and category."""
    in_table = {s for t in topics.values() if t.kind == "form" for s in t.structures}
    units = []
    for topic in topics.values():
        facts_of = dict(topic.aspects)
        if topic.structures and "structures" not in facts_of:
            facts_of["structures"] = structures_facts(topics, topic, statutes)
        if topic.forms and "forms" not in facts_of and topic.id in in_table:
            facts_of["forms"] = forms_facts(topics, topic, statutes)
        if topic.contacts and "contacts" not in facts_of:
            facts_of["contacts"] = contacts_facts(topics, topic)
        for aspect_id, facts in facts_of.items():
            if facts:
                aspect = aspects[aspect_id]
                units.append(unit_from_facts(topic, aspect_id, facts, aspect.label, aspect.aliases))
    return units
