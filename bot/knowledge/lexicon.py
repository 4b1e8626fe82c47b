"""French word lists (data/lexicon.yml) and what they tell about a question: its content words,
and its kind (yes/no, who can help, how, how many, definition, comparison)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.knowledge.text import normalize

DETERMINERS = frozenset(
    {"le", "la", "les", "l", "un", "une", "des", "du", "son", "sa", "ses", "leur", "leurs", "notre", "nos"}
)
SUBJECTS = frozenset({"je", "j", "on", "il", "elle", "ils", "elles", "nous", "vous", "ca", "c", "cela"})
MIN_INTONATION_WORDS = 4
KINDS = ("yes_no", "who", "how", "how_many", "definition", "comparison")
# Words that open an open question: after one of them, « peut-on » is not a yes/no question
# (« comment peut-on… ? »).
OPEN_QUESTION_WORDS = frozenset({"qui", "quoi", "que", "qu", "quel", "quelle", "quels", "quelles", "comment",
                                 "combien", "pourquoi", "ou", "quand", "lequel", "laquelle", "lesquels"})  # fmt: skip


# Of those, the words that are also relative pronouns or conjunctions inside a sentence (« les salariés
# qui vont travailler », « faut-il que… », « quand on embauche, faut-il… »): they open an open question
# only first, last, or after a preposition (« à qui », « de quoi », « depuis quand »).
RELATIVE_WORDS = frozenset({"qui", "que", "qu", "quand"})
PREPOSITIONS = frozenset({"a", "de", "d", "pour", "par", "avec", "en", "sur", "chez", "vers", "depuis", "jusqu"})
REQUEST_WORDS = 3  # « une solution ? », « un conseil ? », « des pistes concrètes ? »
_CLAUSE = re.compile(r"[,:;?!.()]")
# « 10 h par semaine », « 12h/semaine », « 6 heures par semaine »: under the legal 35 hours, the
# sources say « temps partiel » (« notre animatrice fait 10 h par semaine, elle peut refuser la mutuelle ? »).
WEEKLY_HOURS = re.compile(r"\b(\d{1,2}) ?h(?:eures?)? ?(?:par |a la |la )?semaine\b")
FULL_TIME_HOURS = 35
PART_TIME = "temps partiel"


def _asks_openly(text: str) -> bool:
    """Whether `text` asks an open question (« qui ? », « comment… »), not a yes/no one. Read clause by
    clause: « asso de 20 salariés : qui finance… ? » opens a clause with « qui »."""
    for clause in _CLAUSE.split(text.lower()):
        words = normalize(clause).split()
        if " qu est ce " in f" {' '.join(words)} ":
            return True
        for index, word in enumerate(words):
            if word not in OPEN_QUESTION_WORDS or word == "ou":
                continue
            # « et quand ça s'arrête ? »: after the « et » that opens a follow-up, the clause opens there.
            opening = index == 0 or (index == 1 and words[0] == "et")
            if word not in RELATIVE_WORDS or opening or index == len(words) - 1 or words[index - 1] in PREPOSITIONS:
                return True
            if words[max(0, index - 2) : index] == ["c", "est"] or words[index - 1] == "c":
                return True  # « c'est qui qui paie ? », « c qui le président ? »
    return False


class LexiconError(ValueError):
    """lexicon.yml breaks its schema."""


@dataclass(frozen=True)
class Cues:
    starts: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    inversions: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuantityKind:
    asks: tuple[str, ...]  # word starts of a question that asks for this kind of quantity
    says: tuple[str, ...]  # word starts of a text that states one
    signs: tuple[str, ...] = ()  # signs of a text that states one, looked for as written (« € », « % »)


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]
    not_typos: frozenset[str]
    cues: dict[str, Cues]
    ordinals: dict[str, int]  # « deuxieme » -> 1
    ordinal_words: tuple[str, ...]
    skip_words: frozenset[str]
    question_starts: tuple[str, ...]
    journey_cues: dict[str, tuple[str, ...]]  # start intent -> word starts that ask for that journey
    comment_starts: tuple[str, ...]  # openings of a comment on an answer (« j'attendais… »)
    quantity_words: tuple[str, ...] = ()  # words that say a quantity without digits (« trois », « moitié »)
    uncovered: tuple[str, ...] = ()  # subjects no source covers (« tva », « licenci »), matched at a word's start
    quantity_kinds: dict[str, QuantityKind] = field(default_factory=dict)  # duration, cost, amount, rate
    obligation: tuple[str, ...] = ()  # word starts that ask whether something is required (« on doit »)
    conventions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # convention collective -> its names
    paraphrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words of the sources -> what people say
    pointing: tuple[str, ...] = ()  # openings that point back to the conversation (« il », « ça »)
    referring: frozenset[str] = frozenset()  # words anywhere that refer to it (« leurs », « lui »)
    other_case: tuple[str, ...] = ()  # openings that ask the same point for another case (« et si »)
    descriptors: frozenset[str] = frozenset()  # words that say who asks (« culturelles », « judo »), not what

    def paraphrased(self, text: str) -> list[str]:
        """The sources' words for what `text` says in other words (« elle veut pas » -> « refuser »,
        « elle fait 10 h par semaine » -> « temps partiel »)."""
        found = [words for words, phrases in self.paraphrases.items() if _starting_words(phrases, text, end=" ")]
        hours = WEEKLY_HOURS.search(normalize(text))
        if hours and int(hours.group(1)) < FULL_TIME_HOURS:
            found.append(PART_TIME)
        return found

    def points_back(self, said: str) -> bool:
        """Whether a normalised message opens with a pronoun that points back (« il », « ça »)."""
        return any(said.startswith(f"{word} ") for word in self.pointing)

    def continues(self, said: str) -> bool:
        """Whether a normalised message continues the previous one: « et … », or a pronoun first."""
        return said.startswith("et ") or self.points_back(said)

    def asks_other_case(self, said: str) -> bool:
        """Whether a normalised message asks the previous point for another case (« et si c'était un CDD ? »)."""
        return any(said.startswith(f"{opening} ") for opening in self.other_case)

    def refers_back(self, said: str) -> bool:
        """Whether a normalised message refers to the conversation anywhere (« les contrats de leurs salariés »)."""
        return bool(self.referring & set(said.split()))

    def conventions_in(self, text: str) -> set[str]:
        """The conventions collectives `text` names (« ÉCLAT », « la CCN du sport »)."""
        return {name for name, names in self.conventions.items() if _starting_words(names, text)}

    def asks_obligation(self, question: str) -> bool:
        return bool(_starting_words(self.obligation, question))

    def quantity_asked(self, question: str) -> str | None:
        """The kind of quantity `question` asks for (a duration, a cost…: the first of lexicon.yml that
        it asks), or None when it names none (« combien d'élus ? »)."""
        return next((name for name, kind in self.quantity_kinds.items() if _starting_words(kind.asks, question)), None)

    def says_the_quantity_asked(self, question: str, text: str) -> bool:
        """Whether `text` states the kind of quantity `question` asks for, or any quantity when it
        names none."""
        return self.says_quantity(self.quantity_asked(question), text)

    def says_quantity(self, kind_name: str | None, text: str) -> bool:
        """Whether `text` states a quantity of that kind (any quantity for None)."""
        if kind_name is None:
            return self.says_a_quantity(text)
        kind = self.quantity_kinds[kind_name]
        return any(sign in text for sign in kind.signs) or bool(_starting_words(kind.says, text))

    def uncovered_in(self, text: str) -> set[str]:
        """The subjects of `uncovered` that `text` names."""
        return _starting_words(self.uncovered, text)

    def says_a_quantity(self, text: str) -> bool:
        """Whether `text` states a quantity: a digit, or a word of `quantity_words`."""
        padded = f" {normalize(text)} "
        return any(c.isdigit() for c in text) or any(f" {word} " in padded for word in self.quantity_words)

    def kinds(self, text: str) -> set[str]:
        """The kinds of question `text` asks (several may apply: « comment faire, qui peut aider ? »)."""
        norm = normalize(text)
        padded = f" {norm} "
        found = set()
        for kind, cues in self.cues.items():
            if any(norm.startswith(start + " ") or norm == start for start in cues.starts):
                found.add(kind)
            elif any(f" {phrase} " in padded for phrase in cues.contains):
                found.add(kind)
        if "yes_no" not in found and (self._inverted(text) or self._intonation(text, found)):
            found.add("yes_no")
        if _asks_openly(text) or " ou " in padded:
            # « on doit le déclarer à qui ? », « asso loi 1901 ou société ? »: oui / non does not answer
            found.discard("yes_no")
        return found

    @staticmethod
    def _intonation(text: str, found: set[str]) -> bool:
        """« la mutuelle est obligatoire pour notre apprenti ? »: a question mark and a sentence long
        enough to hold a verb (`kinds` then drops it when an open-question word asks openly)."""
        if not text.rstrip().endswith("?") or found & {"who", "how", "how_many", "definition", "comparison"}:
            return False
        words = normalize(text).split()
        if words[:2] == ["et", "pour"] or words[:1] == ["pour"]:
            # « et pour la mutuelle de nos salariés si on fusionne ? » asks the same point about another
            # subject: what, not whether.
            return False
        if words[:1] == ["des"]:
            # « des points de vigilance pour des petites structures comme nous ? », « des conseils pour
            # que ça marche ? »: a request for a few of something, not whether.
            return False
        clauses = [c for c in _CLAUSE.split(text) if normalize(c)]
        last = normalize(clauses[-1]).split() if clauses else []
        if last[:1] in (["un"], ["une"], ["des"]) and len(last) <= REQUEST_WORDS:
            # « … on ne peut pas l'embaucher seuls, une solution ? »: a request, not whether.
            return False
        if words[:1] == ["et"] and words[1:2] and words[1] in DETERMINERS and not SUBJECTS & set(words):
            # « et la période d'essai ? » names a subject and no one doing anything: what about it,
            # whereas « et les bénévoles, on doit les associer ? » asks whether.
            return False
        # « et ses inconvénients ? », « SCIC ? » are not yes/no questions: too short to hold a verb.
        return len(words) >= MIN_INTONATION_WORDS

    def _inverted(self, text: str) -> bool:
        """« Les bénévoles peuvent-ils… ? », « Notre GE doit-il… ? »: a hyphenated verb-subject
        inversion in a question that does not start with an open-question word."""
        words = text.lower().replace("’", "'").split()
        if not words or normalize(words[0]) in OPEN_QUESTION_WORDS:
            return False
        endings = tuple("-" + ending.replace(" ", "-") for ending in self.cues["yes_no"].inversions)
        return any(word.rstrip("?!.,").endswith(endings) for word in words[:8])


def _starting_words(phrases: tuple[str, ...], text: str, end: str = "") -> set[str]:
    """The (normalised) `phrases` that `text` holds at the start of a word: « licenci » in « un
    licenciement »; as whole words with `end` " "."""
    padded = f" {normalize(text)} "
    return {phrase for phrase in phrases if f" {phrase}{end}" in padded}


def _strings(raw, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise LexiconError(f"lexicon.yml: {where} must be a list of quoted strings")
    return tuple(normalize(item) for item in raw)


@lru_cache(maxsize=4)
def load(path: Path = Path(__file__).parent / "data" / "lexicon.yml") -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kinds = raw.get("question_kinds") or {}
    unknown = set(kinds) - set(KINDS)
    if unknown or set(KINDS) - set(kinds):
        raise LexiconError(f"lexicon.yml: question_kinds must be exactly {KINDS}")
    cues = {
        kind: Cues(**{key: _strings(value, f"{kind}.{key}") for key, value in (fields or {}).items()})
        for kind, fields in kinds.items()
    }
    ordinals = {}
    for index, words in (raw.get("ordinals") or {}).items():
        for word in _strings(words, f"ordinals.{index}"):
            if word in ordinals:
                raise LexiconError(f"lexicon.yml: ordinal {word!r} is given twice")
            ordinals[word] = int(index)
    return Lexicon(
        stopwords=frozenset(_strings(raw.get("stopwords"), "stopwords")),
        not_typos=frozenset(_strings(raw.get("not_typos"), "not_typos")),
        cues=cues,
        ordinals=ordinals,
        ordinal_words=_strings(raw.get("ordinal_words"), "ordinal_words"),
        skip_words=frozenset(_strings(raw.get("skip_words"), "skip_words")),
        question_starts=_strings(raw.get("question_starts"), "question_starts"),
        journey_cues={k: _strings(v, f"journey_cues.{k}") for k, v in (raw.get("journey_cues") or {}).items()},
        comment_starts=_strings(raw.get("comment_starts"), "comment_starts"),
        quantity_words=_strings(raw.get("quantity_words"), "quantity_words"),
        uncovered=_strings(raw.get("uncovered"), "uncovered"),
        obligation=_strings(raw.get("obligation"), "obligation"),
        conventions={k: _strings(v, f"conventions.{k}") for k, v in (raw.get("conventions") or {}).items()},
        descriptors=frozenset(_strings(raw.get("descriptors", []), "descriptors")),
        pointing=_strings(raw.get("pointing", []), "pointing"),
        referring=frozenset(_strings(raw.get("referring", []), "referring")),
        other_case=_strings(raw.get("other_case", []), "other_case"),
        paraphrases={normalize(k): _strings(v, f"paraphrases.{k}") for k, v in (raw.get("paraphrases") or {}).items()},
        quantity_kinds={
            name: QuantityKind(
                asks=_strings(kind.get("asks"), f"quantity_kinds.{name}.asks"),
                says=tuple(word for word in _strings(kind.get("says"), f"quantity_kinds.{name}.says") if word),
                signs=tuple(sign for sign in kind.get("says") if not normalize(sign)),
            )
            for name, kind in (raw.get("quantity_kinds") or {}).items()
        },
    )
