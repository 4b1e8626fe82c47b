"""Guided journeys as typed, validated data (data/journeys/*.yml): the profile quiz, the orientation
and the routing questionnaires; how typed answers are understood; the answer each journey ends
with. No Rasa import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import loader
from bot.knowledge.answers import Answer, Button, sources_line
from bot.knowledge.derive import CATEGORY_GROUPS, plain_name
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.models import Source
from bot.knowledge.territory import Place, Territories
from bot.knowledge.text import find_exact, find_fuzzy, normalize, tokens

JOURNEYS = ("quiz", "orientation", "routing")
MAX_PLACE_LENGTH = 40
CERTAIN_COVERAGE = 0.6  # share of the answer's words that the option's words must cover
MENU_BUTTON = Button("Que sais-tu faire ?", "help")


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


@dataclass(frozen=True)
class Questionnaire:
    """An ordered list of questions with options, introduced once, with a source."""

    id: str
    intro: str
    source: Source
    steps: tuple[Step, ...]

    @property
    def form(self) -> str:
        return f"{self.id}_form"

    @property
    def slots(self) -> list[str]:
        return [step.slot for step in self.steps]

    def step(self, slot: str) -> Step:
        return next(s for s in self.steps if s.slot == slot)


@dataclass(frozen=True)
class Profile:
    title: str
    text: str


@dataclass(frozen=True)
class Quiz:
    questionnaire: Questionnaire
    profiles: dict[str, Profile]  # in the data's order (ties are listed in it)
    scoring: str
    tie: str


@dataclass(frozen=True)
class Orientation:
    questionnaire: Questionnaire
    advice: str
    advice_source: Source


@dataclass(frozen=True)
class Hint:
    """How to reach one body, with the source that says it."""

    text: str
    source: Source


@dataclass(frozen=True)
class Entry:
    """One body or address an official page lists."""

    name: str
    url: str | None = None
    region: str | None = None
    note: str | None = None

    def line(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.name}{note}" + (f" : {self.url}" if self.url else "")


@dataclass(frozen=True)
class Directory:
    text: str
    source: Source
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Need:
    bodies: tuple[str, ...]
    directories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routing:
    questionnaire: Questionnaire
    needs: dict[str, Need]
    find: dict[str, Hint]
    directories: dict[str, Directory]
    topic_needs: dict[str, str]
    default_need: str

    def need_of(self, topic_id: str | None) -> str:
        return self.topic_needs.get(topic_id or "", self.default_need)


@dataclass(frozen=True)
class Journeys:
    quiz: Quiz
    orientation: Orientation
    routing: Routing

    def questionnaire(self, form: str) -> Questionnaire | None:
        """The questionnaire of a Rasa form (« quiz_form »), if it is one of ours."""
        return next(
            (j.questionnaire for j in (self.quiz, self.orientation, self.routing) if j.questionnaire.form == form), None
        )

    @property
    def forms(self) -> list[str]:
        return [j.questionnaire.form for j in (self.quiz, self.orientation, self.routing)]


# --- Loading and validation ---------------------------------------------------------------------


def _aliases(option: dict, where: str) -> tuple[str, ...]:
    aliases = tuple(option.get("aliases") or ())
    if not all(isinstance(a, str) for a in aliases):  # YAML reads a bare yes/no as a boolean
        raise loader.KnowledgeError(f"{where}: quote every alias of {option.get('text')!r}, got {aliases}")
    return aliases


def _questionnaire(name: str, raw: dict, kb) -> Questionnaire:
    where = f"journeys/{name}.yml"
    steps = []
    for index, question in enumerate(raw.get("questions") or []):
        options = tuple(
            Option(o["text"], o.get("value") or o.get("profile"), _aliases(o, where))
            for o in question.get("options") or ()
        )
        if any(not o.value for o in options):
            raise loader.KnowledgeError(f"{where}: question {index + 1} has an option without value")
        steps.append(Step(question["slot"], question["text"], options, bool(question.get("optional"))))
    if not steps:
        raise loader.KnowledgeError(f"{where}: no questions")
    return Questionnaire(name, raw["intro"], kb.sources.get(raw["source"], where), tuple(steps))


def _quiz(raw: dict, kb) -> Quiz:
    survey = _questionnaire("quiz", raw, kb)
    profiles = {pid: Profile(p["title"], p["text"]) for pid, p in raw["profiles"].items()}
    for step in survey.steps:
        unknown = {o.value for o in step.options} - set(profiles)
        if unknown:
            raise loader.KnowledgeError(f"journeys/quiz.yml: {step.slot} scores unknown profiles {sorted(unknown)}")
    return Quiz(survey, profiles, raw["scoring"], raw["tie"])


def _orientation(raw: dict, kb) -> Orientation:
    survey = _questionnaire("orientation", raw, kb)
    for option in survey.step("orientation_goal").options:
        if option.value not in kb.topics or kb.topics[option.value].kind != "form":
            raise loader.KnowledgeError(f"journeys/orientation.yml: {option.value!r} is not a form of cooperation")
    for option in survey.step("orientation_entity").options:
        if option.value not in (*CATEGORY_GROUPS, "any"):
            raise loader.KnowledgeError(f"journeys/orientation.yml: unknown category {option.value!r}")
    advice = raw["advice"]
    return Orientation(survey, advice["text"], kb.sources.get(advice["source"], "journeys/orientation.yml"))


def _routing(raw: dict, kb, territories: Territories) -> Routing:
    where = "journeys/routing.yml"
    survey = _questionnaire("routing", raw, kb)
    find = {body: Hint(h["text"], kb.sources.get(h["source"], where)) for body, h in raw["find"].items()}
    directories = {}
    for did, d in (raw.get("directories") or {}).items():
        entries = tuple(Entry(**e) for e in d["entries"])
        for entry in entries:
            if entry.region and entry.region not in territories.regions:
                raise loader.KnowledgeError(f"{where}: {did}: unknown region {entry.region!r}")
        directories[did] = Directory(d["text"], kb.sources.get(d["cite"], where), entries)
    needs = {}
    for nid, n in raw["needs"].items():
        need = Need(tuple(n["bodies"]), tuple(n.get("directories") or ()))
        for body in need.bodies:
            if body not in kb.topics or body not in find:
                raise loader.KnowledgeError(f"{where}: need {nid!r}: body {body!r} unknown or without `find`")
        if set(need.directories) - set(directories):
            raise loader.KnowledgeError(f"{where}: need {nid!r}: unknown directory")
        needs[nid] = need
    if {o.value for o in survey.step("routing_need").options} != set(needs):
        raise loader.KnowledgeError(f"{where}: the need options and `needs` differ")
    topic_needs = dict(raw.get("topic_needs") or {})
    for topic_id, nid in topic_needs.items():
        if topic_id not in kb.topics or nid not in needs:
            raise loader.KnowledgeError(f"{where}: topic_needs {topic_id!r}: {nid!r}")
    if raw["default_need"] not in needs:
        raise loader.KnowledgeError(f"{where}: unknown default_need")
    return Routing(survey, needs, find, directories, topic_needs, raw["default_need"])


def load_journeys(directory: Path, kb, territories: Territories) -> Journeys:
    raw = {name: loader.read_yaml(directory / f"{name}.yml") for name in JOURNEYS}
    return Journeys(
        _quiz(raw["quiz"], kb), _orientation(raw["orientation"], kb), _routing(raw["routing"], kb, territories)
    )


# --- Typed answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The option a typed answer picks; `certain` unless the answer reads as a question that only
    mentions the option (« c'est quoi le faire corps ? » asks, it does not choose)."""

    option: Option
    certain: bool


def looks_like_question(text: str, words: Lexicon) -> bool:
    """« c'est quoi le faire corps ? » asks something; « de temps en temps » answers."""
    norm = normalize(text)
    return "?" in text or any(norm == s or norm.startswith(s + " ") for s in words.question_starts)


def _ordinal(text: str, words: Lexicon) -> int | None:
    """« 2 », « b », « la deuxième », « réponse 3 » -> the option's index."""
    parts = [w for w in normalize(text).split() if w not in words.ordinal_words]
    return words.ordinals.get(parts[0]) if len(parts) == 1 else None


def parse_choice(text: str, options: tuple[Option, ...], words: Lexicon) -> Choice | None:
    """The option a typed answer picks: « 2 », « b », « la deuxième », the option's words,
    or one of its aliases (typos tolerated). None when nothing fits."""
    index = _ordinal(text, words)
    if index is not None and index < len(options):
        return Choice(options[index], certain=True)
    said = tokens(text)
    best, best_length = None, 0
    for fuzzy in (False, True):
        for option in options:
            for phrase in (option.text, *option.aliases):
                alias = tokens(phrase)
                found = find_fuzzy(alias, said, never=words.not_typos) if fuzzy else find_exact(alias, said)
                if len(alias) > best_length and found is not None:
                    best, best_length = option, len(alias)
        if best is not None:
            certain = best_length >= CERTAIN_COVERAGE * len(said) or not looks_like_question(text, words)
            return Choice(best, certain=certain)
    return None


def clean_place(text: str, words: Lexicon) -> str | None:
    """A département or région as typed, reduced to letters, digits, spaces and hyphens; None
    when the person skips the question."""
    if normalize(text) in words.skip_words:
        return None
    kept = re.sub(r"[^\w\s'-]", "", text, flags=re.UNICODE)
    kept = " ".join(kept.split())[:MAX_PLACE_LENGTH]
    return kept or None


# --- Results ------------------------------------------------------------------------------------


def quiz_profiles(quiz: Quiz, answers: list[str]) -> list[str]:
    """Profile ids with the most answers (several on a tie), in the order of the data."""
    counts = {profile: answers.count(profile) for profile in quiz.profiles}
    top = max(counts.values(), default=0)
    return [p for p in quiz.profiles if counts[p] == top and top > 0]


def quiz_result(quiz: Quiz, answers: list[str]) -> Answer:
    """The profile (or profiles on a tie) with the guide's description and our scoring line."""
    winners = quiz_profiles(quiz, answers)
    lines = [quiz.tie] if len(winners) > 1 else []
    for profile in winners:
        lines += [quiz.profiles[profile].title, quiz.profiles[profile].text]
    lines += [quiz.scoring, sources_line([quiz.questionnaire.source])]
    return Answer("\n".join(lines), [Button("Les 4 challenges", "start_challenges"), MENU_BUTTON])


def orientation_result(kb, orientation: Orientation, goal: str, entity: str) -> Answer:
    """The form of cooperation for `goal` and its structures of the chosen category (or all),
    with the guide's advice that the legal form is never the entry point."""
    form = kb.topics[goal]
    definition = kb.units[f"{goal}.definition"]
    lines = [f"Votre projet relève du {plain_name(form)}.", definition.answer]
    for category, label in CATEGORY_GROUPS.items():
        names = [plain_name(kb.topics[i]) for i in form.structures if kb.topics[i].category == category]
        if entity in (category, "any") and names:
            lines.append(f"• {label} : {', '.join(names)}.")
    if len(lines) == 2:
        lines.append("• Aucune structure de cette catégorie n'est proposée par le guide pour cette forme.")
    lines += [
        f"Conseil du guide : {orientation.advice}",
        sources_line([*definition.sources, orientation.questionnaire.source, orientation.advice_source]),
    ]
    buttons = [
        Button("Avantages", "ask_aspect", {"unit": f"{goal}.advantages"}),
        Button("Inconvénients", "ask_aspect", {"unit": f"{goal}.drawbacks"}),
        Button("Facteurs de succès", "ask_aspect", {"unit": f"{goal}.success_factors"}),
        Button("Qui peut m'aider ?", "start_routing"),
    ]
    return Answer("\n".join(lines), buttons, topic=form.id, aspect="structures")


def directory_lines(directory: Directory, place: Place | None, territories: Territories) -> list[str]:
    """The entries of a directory; with a place, the regional entries of its region only (and a
    line saying none is listed there)."""
    national = [e for e in directory.entries if not e.region]
    regional = [e for e in directory.entries if e.region]
    if place is not None and regional:
        mine = [e for e in regional if e.region == place.region.id]
        others = ", ".join(sorted({territories.regions[e.region].name for e in regional}))
        extra = (
            [f"Dans votre région ({place.region.name}) : " + " ; ".join(e.line() for e in mine)]
            if mine
            else [f"Aucun organisme de cette liste n'est indiqué pour {place.region.name} (régions citées : {others})."]
        )
        return [f"• {directory.text} :", *(f"  – {e.line()}" for e in national), *(f"  – {line}" for line in extra)]
    return [f"• {directory.text} :", *(f"  – {e.line()}" for e in (*national, *regional))]


def routing_result(
    kb, routing: Routing, territories: Territories, need: str, place_text: str | None, can_hand_off: bool
) -> Answer:
    """The bodies for `need`, what each does, how to reach them, and the official directories (the
    regional bodies of the person's region when a place is given). No contact is invented."""
    label = next(o.text for o in routing.questionnaire.step("routing_need").options if o.value == need)
    place = territories.find(place_text) if place_text else None
    where = f" ({place.label})" if place else f" ({place_text})" if place_text else ""
    lines = [f"Pour votre besoin « {label} »{where}, voici vers qui vous tourner :"]
    sources: list[Source] = []
    for body_id in routing.needs[need].bodies:
        body = kb.topics[body_id]
        role = kb.units.get(f"{body_id}.role") or kb.units.get(f"{body_id}.definition")
        hint = routing.find[body_id]
        sources += [*(role.sources[:1] if role else ()), hint.source]
        lines.append(f"• {body.name} : {role.answer + ' ' if role else ''}{hint.text}")
    for directory_id in routing.needs[need].directories:
        directory = routing.directories[directory_id]
        lines += directory_lines(directory, place, territories)
        sources.append(directory.source)
    lines.append(sources_line(sources))
    buttons = [Button("Parler à une personne", "ask_human")] if can_hand_off else []
    return Answer("\n".join(lines), [*buttons, MENU_BUTTON])
