"""Guided journeys as data: the profile quiz, the orientation and the routing questionnaires,
how typed answers are understood, and the answers each journey ends with. No Rasa import."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.knowledge import loader
from bot.knowledge.answers import CATEGORY_GROUPS, Answer, Button, plain_name, sources_line
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Fact
from bot.knowledge.text import find_exact, find_fuzzy, normalize, tokens

JOURNEY_DIR = loader.DATA_DIR / "journeys"
_ORDINALS = {
    "1": 0,
    "a": 0,
    "un": 0,
    "premier": 0,
    "premiere": 0,
    "1er": 0,
    "1ere": 0,
    "2": 1,
    "b": 1,
    "deux": 1,
    "deuxieme": 1,
    "second": 1,
    "seconde": 1,
    "2e": 1,
    "2eme": 1,
    "3": 2,
    "c": 2,
    "trois": 2,
    "troisieme": 2,
    "3e": 2,
    "3eme": 2,
}
_ORDINAL_PATTERN = re.compile(r"^(?:(?:reponse|choix|option|la|le)\s+)?(\w+)(?:\s+(?:reponse|choix|option))?$")
SKIP_WORDS = {"passer", "passe", "ignorer", "aucun", "aucune", "non", "rien", "skip", "je passe"}
MAX_PLACE_LENGTH = 40


@dataclass(frozen=True)
class Option:
    text: str
    value: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    slot: str
    text: str
    options: tuple[Option, ...] = ()
    optional: bool = False

    def buttons_text(self) -> list[str]:
        return [f"{i + 1}. {o.text}" for i, o in enumerate(self.options)]


@dataclass
class Questionnaire:
    """An ordered list of questions with options, introduced once, with a source."""

    id: str
    intro: str
    steps: tuple[Step, ...]
    raw: dict = field(default_factory=dict)

    def step(self, slot: str) -> Step:
        return next(s for s in self.steps if s.slot == slot)


@dataclass(frozen=True)
class Choice:
    """The option a typed answer picks; `certain` unless the answer reads as a question that only
    mentions the option (« c'est quoi le faire corps ? » asks, it does not choose)."""

    option: Option
    certain: bool


CERTAIN_COVERAGE = 0.6  # share of the answer's words that the option's words must cover
_QUESTION_STARTS = (
    "c est quoi",
    "c quoi",
    "qu est ce",
    "quest ce",
    "explique",
    "parle moi",
    "comment",
    "pourquoi",
    "combien",
    "est ce",
    "quel",
    "quelle",
    "qui ",
)


def looks_like_question(text: str) -> bool:
    """« c'est quoi le faire corps ? » asks something; « de temps en temps » answers."""
    return "?" in text or normalize(text).startswith(_QUESTION_STARTS)


def parse_choice(text: str, options: tuple[Option, ...]) -> Choice | None:
    """The option a typed answer picks: « 2 », « b », « la deuxième », the option's words,
    or one of its aliases (typos tolerated). None when nothing fits."""
    norm = normalize(text)
    ordinal = _ORDINAL_PATTERN.match(norm)
    if ordinal and ordinal.group(1) in _ORDINALS and _ORDINALS[ordinal.group(1)] < len(options):
        return Choice(options[_ORDINALS[ordinal.group(1)]], certain=True)
    words = tokens(text)
    best, best_length = None, 0
    for finder in (find_exact, find_fuzzy):
        for option in options:
            for phrase in (option.text, *option.aliases):
                alias = tokens(phrase)
                if len(alias) > best_length and finder(alias, words) is not None:
                    best, best_length = option, len(alias)
        if best is not None:
            certain = best_length >= CERTAIN_COVERAGE * len(words) or not looks_like_question(text)
            return Choice(best, certain=certain)
    return None


def clean_place(text: str) -> str | None:
    """A département or région as typed, reduced to letters, digits, spaces and hyphens; None
    when the person skips the question."""
    if normalize(text) in SKIP_WORDS:
        return None
    kept = re.sub(r"[^\w\s'-]", "", text, flags=re.UNICODE)
    kept = " ".join(kept.split())[:MAX_PLACE_LENGTH]
    return kept or None


def _aliases(option: dict) -> tuple[str, ...]:
    aliases = tuple(option.get("aliases") or ())
    if not all(isinstance(a, str) for a in aliases):  # YAML reads a bare yes/no as a boolean
        raise loader.KnowledgeError(f"option {option.get('text')!r}: quote every alias, got {aliases}")
    return aliases


def _steps(raw: dict) -> tuple[Step, ...]:
    return tuple(
        Step(
            slot=q["slot"],
            text=q["text"],
            options=tuple(
                Option(o["text"], o.get("value") or o.get("profile"), _aliases(o)) for o in q.get("options") or ()
            ),
            optional=bool(q.get("optional")),
        )
        for q in raw["questions"]
    )


@lru_cache(maxsize=8)
def questionnaire(name: str, directory: Path = JOURNEY_DIR) -> Questionnaire:
    """Load quiz.yml, orientation.yml or routing.yml."""
    raw = loader._read(directory / f"{name}.yml")
    return Questionnaire(id=name, intro=raw["intro"], steps=_steps(raw), raw=raw)


# --- Quiz -------------------------------------------------------------------------------------


def quiz_profiles(answers: list[str]) -> list[str]:
    """Profile ids with the most answers (several on a tie), in the order of the data."""
    quiz = questionnaire("quiz")
    order = list(quiz.raw["profiles"])
    counts = {profile: answers.count(profile) for profile in order}
    top = max(counts.values(), default=0)
    return [p for p in order if counts[p] == top and top > 0]


def quiz_result(kb: KnowledgeBase, answers: list[str]) -> Answer:
    """The profile (or profiles on a tie) with the guide's description and our scoring line."""
    quiz = questionnaire("quiz")
    profiles = quiz.raw["profiles"]
    winners = quiz_profiles(answers)
    lines = [quiz.raw["tie"]] if len(winners) > 1 else []
    for profile in winners:
        lines += [profiles[profile]["title"], profiles[profile]["text"]]
    lines.append(quiz.raw["scoring"])
    source = kb.sources[quiz.raw["source"]]
    lines.append(sources_line([Fact(profiles[winners[0]]["text"], source)]))
    buttons = [Button("Les 4 challenges", "start_challenges", {}), Button("Que sais-tu faire ?", "help", {})]
    return Answer("\n".join(lines), buttons)


# --- Orientation ------------------------------------------------------------------------------


def orientation_result(kb: KnowledgeBase, goal: str, entity: str) -> Answer:
    """The form of cooperation for `goal` and its structures of the chosen category (or all),
    with the guide's advice that the legal form is never the entry point."""
    raw = questionnaire("orientation").raw
    form = kb.topics[goal]
    statutes = kb.sources[raw["source"]]
    facts = [form.aspects["definition"][0]]
    lines = [f"Votre projet relève du {plain_name(form)}.", facts[0].text]
    for category, label in CATEGORY_GROUPS.items():
        if entity not in (category, "any"):
            continue
        names = [plain_name(kb.topics[i]) for i in form.structures if kb.topics[i].category == category]
        if names:
            lines.append(f"• {label} : {', '.join(names)}.")
            facts.append(Fact(label, statutes))
    if len(lines) == 2:
        lines.append("• Aucune structure de cette catégorie n'est proposée par le guide pour cette forme.")
    advice = Fact(raw["advice"]["text"], kb.sources[raw["advice"]["source"]], quote=True)
    lines += [f"Conseil du guide : {advice.text}", sources_line([*facts, advice])]
    buttons = [
        Button("Avantages", "ask_aspect", {"topic": form.id, "aspect": "advantages"}),
        Button("Inconvénients", "ask_aspect", {"topic": form.id, "aspect": "drawbacks"}),
        Button("Facteurs de succès", "ask_aspect", {"topic": form.id, "aspect": "success_factors"}),
        Button("Qui peut m'aider ?", "start_routing", {}),
    ]
    return Answer("\n".join(lines), buttons, topic=form.id, aspect="structures")


# --- Routing ----------------------------------------------------------------------------------


def routing_result(kb: KnowledgeBase, need: str, place: str | None) -> Answer:
    """The bodies for `need`, what each does and how to find the local one (no invented contact)."""
    raw = questionnaire("routing").raw
    label = next(o.text for o in questionnaire("routing").step("routing_need").options if o.value == need)
    where = f" ({place})" if place else ""
    lines = [f"Pour votre besoin « {label} »{where}, voici vers qui vous tourner :"]
    facts = []
    for body_id in raw["needs"][need]:
        body = kb.topics[body_id]
        role = (body.aspects.get("role") or [None])[0]
        find = raw["find"][body_id]
        find_fact = Fact(find["text"], kb.sources[find["source"]])
        facts += [f for f in (role, find_fact) if f]
        lines.append(f"• {body.name} : {role.text if role else ''} {find_fact.text}".replace("  ", " "))
    if place:
        lines.append("Je ne dispose pas d'annuaire local : je ne peux pas vous donner d'adresse précise.")
    lines.append(sources_line(facts))
    buttons = [Button("Parler à une personne", "ask_human", {}), Button("Que sais-tu faire ?", "help", {})]
    return Answer("\n".join(lines), buttons)
