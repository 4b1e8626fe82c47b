"""Rank the answer units for one message with one explicit score.

score = lexical match (BM25 over stemmed words: the unit's questions, and the texts that say its
answer) + what the message names (its topic, the aspect asked) + the conversation (the topic being
discussed) + the kind of question (yes/no, who can help, how, how many, definition) + the rare
words asked that a unit holds anywhere in its texts.
Every part is a term of the sum; `Scored.parts` keeps them, to explain a ranking and to calibrate
the abstention threshold (bot/knowledge/respond.py)."""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import snowballstemmer
from rapidfuzz import fuzz, process

from bot.knowledge import headcount
from bot.knowledge.models import Unit
from bot.knowledge.text import normalize


@dataclass(frozen=True)
class Weights:
    """The weights of the score's parts (chosen by evaluation/calibrate.py on our tuned cases)."""

    topic_first: float = 0.45  # the unit speaks of the first topic the message names
    topic_other: float = 0.30  # … of another topic it names
    topic_weak: float = 0.12  # … of a topic named only by common words (« salariés »)
    topic_elsewhere: float = -0.35  # the message names topics, and this unit speaks of none of them
    within_other: float = 0.5  # share of the topic part for a unit about the named topic within an unnamed structure
    aspect: float = 0.30  # the unit answers the aspect asked (« avantages », « qui contacter »…)
    default: float = 0.15  # no aspect asked: the topic's definition (or role) is what a bare name asks
    context: float = 0.30  # no topic named: the unit is about the topic of the conversation
    # … and it is a follow-up the previous answer offered: a hint, which a much closer unit beats (« il doit
    # la demander quand, la dispense ? » after a short CDD: how to ask, not the long CDD's). Against 0.2:
    # 0.1 +7 −5, 0.12 +4 −4, 0.15 +5 −1, 0.17 +3 −1, 0.3 +1 −14 (dev and spent sets).
    follow: float = 0.15
    # « et si … ? » asks the previous answer's point for a case it states (0.4: +2; 0.8 and 1.2: +5; 2.0: +4 −1)
    other_case: float = 0.8
    context_named: float = 0.15  # a topic is named, and the unit also speaks of the conversation's topic
    # … in a short follow-up (« et le CSE ? » on a loan of staff: the CSE's say on the loan, not whether
    # a CSE is due; 0.3: +2 spent, 0.45: +3, 0.6: −1 dev).
    context_named_short: float = 0.45
    # A short follow-up names no topic, and the unit speaks of another one than the conversation's: words
    # that frame a question (« concrètement, ça demande quoi ? ») must not pull in another topic.
    context_elsewhere: float = -0.25
    answered_elsewhere: float = -0.6  # … when a unit of the conversation's topic answers the aspect asked
    kind: float = 0.20  # the unit is the kind of answer the question asks for (yes/no, who, how…)
    passage: float = 0.85  # a match on the answer's own text counts a little less than on a question
    # Words that name a topic or an aspect count less in the lexical match: the topic and aspect
    # parts already hold them (« avantages du GE » must not pick any text that says « GE »).
    naming_word: float = 0.6
    # Words that describe who asks (a sector, a sport, the asker's role: lexicon.yml `descriptors`) count
    # half, and not in the letters: « on est 3 assos culturelles, on voudrait partager un chargé de com »
    # took « un GE pour des assos culturelles, ça marche ? » over sharing a salaried employee (0.3, 0.5,
    # 0.6: +4 spent, 0 lost; in the letters alone: 0).
    descriptor: float = 0.5
    # Likeness of letter sequences (3 to 5 letters) to the unit's questions and text: catches what
    # stemming misses (« embaucher » / « embauche », compound words, typos).
    letters: float = 1.3
    quote: float = 0.5  # the unit's text holds a phrase the message quotes
    situation: float = 0.9  # share of the whole message's match when a sentence of it asks (the focus)
    # No topic named, and the conversation's topic answers the aspect asked: the aspect counts this
    # share for the units of other topics (« c'est laquelle des trois formes ? » about the CAE).
    off_context_aspect: float = 0.5
    facet: float = 0.3  # the unit is on the part of its topic the message names (« la mutuelle »)
    # Among the units about the message's topic or conversation, the unit holds the rare words asked
    # in any of its texts: a tie-breaker (0.05: +4 dev, +2 spent, 0 lost on tuned; 0.08: −1 tuned).
    # For every unit, it took « il faudrait formaliser ? » to a unit too weak to answer (tests).
    held: float = 0.05


WEIGHTS = Weights()
DEFAULT_ASPECTS = ("definition", "role", "purpose")
K1, B = 1.2, 0.75  # BM25's usual values
# With no topic named, the kind of answer (a Oui/Non unit…) counts only for units that match the
# words this well: at 0.3, « y a un groupement spécifique pour le médico-social ? » took a GE's Oui/Non
# fact over the médico-social situation (0.5: +1 dev, +2 −1 on spent blind sets, offline; 0.8: −2 dev).
KIND_NEEDS_LEXICAL = 0.5
# With no structure named and no conversation, the aspect asked counts this share for the units of no
# topic the message names: « la forme de coopération la plus intégrée pour nous ? » (two médico-social
# establishments) took another topic's « forms » fact over the GCSMS (0.5: +1 dev, +3 −1 spent;
# 0.0: −1 tuned).
ASPECT_ALONE = 0.5
# The « held » part reads only the words found in at most this many of the units' questions (of
# ~3 450): « apprentie » (in 18), « contrat », « mettre »… are in too many to tell units apart.
RARE_WORD_QUESTIONS = 6
# Share of the conversation's parts (its topic, the follow-ups offered) for a message long enough to
# stand alone (« et si elle part de l'asso plus tard, elle pourra garder notre mutuelle ? »).
LONG_FOLLOW_UP = 0.5
FOCUS_FULL_WORDS = 4
EVIDENCE = frozenset({"topic", "context", "quote"})
SHORT_QUERY_WORDS = 6  # up to this many words, a sure answer must hold most of them
FALLBACK_SHARE = 0.8
# A long message whose asking sentence is short: the question and the situation it describes count
# together (« si une des assos de notre groupement d'employeurs ne paye plus, est ce que les autres
# membres doivent payer ses dettes envers les salariés ? »: the members' joint liability), at this
# share of their sum when it is more than either alone (0.5: 0; 0.55: +2 dev, +4 spent; 0.575: +2,
# +8; 0.6: +1, +7 with 2 lost; 0.7: −1 tuned).
BLEND = 0.575
QUOTED = re.compile(r"[«“\"]\s*([^»”\"]+?)\s*[»”\"]")  # a phrase the person quotes
MIN_QUOTE = 8  # characters, once normalised: shorter quotes are too common to point at one text
GEOMETRIC = True
LEAD_MARGIN = 0.15  # a later passage leads the answer only when it matches clearly better than the first
TYPO_SCORE = 85  # rapidfuzz ratio for a word to be read as a typo of a known word
MIN_TYPO_LENGTH = 5


def _bm25s():
    """bm25s, imported without JAX: bm25s imports JAX when it is installed (Rasa's dependencies bring
    it) only for a top-k we do not use; that import alone costs ~2 s at start (measured)."""
    if "bm25s" not in sys.modules:
        blocked = "jax" not in sys.modules
        if blocked:
            sys.modules["jax"] = None  # makes « import jax » raise ImportError, which bm25s expects
        try:
            import bm25s  # noqa: F401
        finally:
            if blocked:
                del sys.modules["jax"]
    return sys.modules["bm25s"]


@lru_cache(maxsize=20000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


_STEMMER = snowballstemmer.stemmer("french")


@dataclass
class Query:
    """What is known of one message: its words, what it names, and the conversation so far."""

    text: str
    topics: list[str] = field(default_factory=list)  # named topics, weak ones last
    aspect: str | None = None
    kinds: set[str] = field(default_factory=set)
    current_topic: str | None = None
    last_unit: str | None = None
    focus: str | None = None  # the sentence that asks, in a long message that first describes
    naming: set[str] = field(default_factory=set)  # normalised words that name a topic or an aspect
    quantity: str | None = None  # the kind of quantity a « combien » question asks (lexicon.yml)
    elliptic: bool = False  # too short to stand alone (« concrètement, ça demande quoi ? »)
    within: str | None = None  # the structure a short follow-up asks a notion within (« et l'essai ? » on the CAE)
    implicit: bool = False  # the first topic is the conversation's, not named (« et ses inconvénients ? »)


@dataclass(frozen=True)
class Scored:
    unit: Unit
    score: float
    lead: int  # the passage that best matches the message (0: the answer itself)
    parts: dict[str, float]
    coverage: float = 0.0  # share of the message's words the unit's best text holds (BM25 / query weight)

    @property
    def evidence(self) -> float:
        """How sure the match is: how much of the message the unit covers, the topic it names, the
        topic of the conversation, a phrase it quotes. The aspect and the kind of question rank
        answers about a topic; alone they never make an answer sure (« combien coûte la taxe
        foncière ? » is a « how much » question, not one on the versement santé); nor does one word
        out of three (« réserver un train pour Lyon »)."""
        about = sum(v for k, v in self.parts.items() if k in EVIDENCE and v > 0)
        # The point asked, answered by a unit of the topic named or discussed (« et on s'y prend
        # comment pour que ça marche ? » on the faire avec: its success factors) is part of the match;
        # the definition that a bare name gets by default is not.
        return self.coverage + about + (self.parts.get("aspect", 0.0) if about > 0 else 0.0)


class Ranker:
    """BM25 indexes over the units' questions and passages, and the scoring of units."""

    def __init__(self, kb, weights: Weights = WEIGHTS):
        self.kb = kb
        self.weights = weights
        self.stopwords = kb.lexicon.stopwords
        self.units: list[Unit] = list(kb.units.values())
        texts = [q for u in self.units for q in u.questions] + [p for u in self.units for p in u.passages]
        names = [a for t in kb.topics.values() for a in (t.short or "", *t.aliases)]
        vocabulary = {w for text in (*texts, *names) for w in normalize(text).split() if len(w) >= MIN_TYPO_LENGTH}
        self._by_letter: dict[str, list[str]] = {}
        for word in sorted(vocabulary):
            self._by_letter.setdefault(word[0], []).append(word)
        # Words that are no typos of another (lexicon.yml): « trésorière » is not « trésorerie ». They
        # are kept as typed, and are no correction of other words (« pense » is not « penser »).
        vocabulary |= {w for w in kb.lexicon.not_typos | kb.lexicon.descriptors if len(w) >= MIN_TYPO_LENGTH}
        self._vocabulary = {w: w for w in vocabulary}
        question_terms = [[self.terms(q) for q in u.questions] for u in self.units]
        passage_terms = [[self.terms(p) for p in u.passages] for u in self.units]
        self.questions = _Index(question_terms)
        self.passages = _Index(passage_terms)
        self.letters = _LetterIndex([[*u.questions, *u.passages] for u in self.units])
        # The words each unit holds anywhere in its texts, and the words distinctive enough to count.
        self._held = [{t for doc in (*q, *p) for t in doc} for q, p in zip(question_terms, passage_terms, strict=True)]
        self._said = [{t for doc in p for t in doc} for p in passage_terms]  # the words of each unit's own text
        distinctive = {t for t, n in self.questions.frequency.items() if n <= RARE_WORD_QUESTIONS}
        holders: dict[str, list[int]] = {}
        for index, terms in enumerate(self._held):
            for term in terms & distinctive:
                holders.setdefault(term, []).append(index)
        self._holders = {term: np.array(units) for term, units in holders.items()}
        self._position = {u.id: i for i, u in enumerate(self.units)}
        self._unit_topic = np.array([u.topic or "" for u in self.units], dtype=object)
        self._unit_aspect = np.array([u.aspect or "" for u in self.units], dtype=object)
        self._of_structure = [u.topic in kb.topics and kb.topics[u.topic].kind == "structure" for u in self.units]
        self._kind = self._kind_masks()
        says = kb.lexicon.says_quantity
        self._quantity = {
            name: np.array([says(name, u.answer) for u in self.units], dtype=bool) for name in kb.lexicon.quantity_kinds
        }
        # The strong topics each unit answers about: its own, and those its questions name (the CAE's
        # trial period answers about « CAE » and « période d'essai »). Topics an answer only mentions
        # in passing do not count (the definition of « faire ensemble » mentions « faire corps »).
        self._covers = [
            {u.topic, *(t for t in kb.topics_written(" \n ".join(self._about(u))) if not kb.topics[t].weak)}
            for u in self.units
        ]
        # The part of its topic each unit is on, read from its questions and title (Topic.facets):
        # (the phrases that name the part, the units on it).
        asked = [f" {normalize(' '.join((*u.questions, u.title or '')))} " for u in self.units]
        self._facets: list[tuple[tuple[str, ...], np.ndarray]] = []
        for topic_data in kb.topics.values():
            for phrases in topic_data.facets.values():
                names = tuple(f" {normalize(p)}" for p in phrases)
                on = np.array(
                    [
                        u.topic == topic_data.id and any(n in text for n in names)
                        for u, text in zip(self.units, asked, strict=True)
                    ]
                )
                self._facets.append((names, on))
        self._default = np.zeros(len(self.units), dtype=bool)
        for topic_id in kb.topics:
            derived = {u.aspect: u.id for u in kb.units_of(topic_id) if u.origin == "topic"}
            first = next((derived[a] for a in DEFAULT_ASPECTS if a in derived), None)
            if first is not None:
                self._default[self._position[first]] = True

    @staticmethod
    def _about(unit: Unit) -> tuple[str, ...]:
        """The texts that say what a unit is about: its questions; for a comparison derived from the
        guide, its facts too (they name what is compared)."""
        return (*unit.questions, *unit.passages) if unit.aspect == "difference" else unit.questions

    def _covering(self, topic_id: str) -> np.ndarray:
        """Per unit, whether it answers about `topic_id` (see `covers`)."""
        return np.array([topic_id in covers for covers in self._covers])

    def covers(self, unit: Unit) -> set[str]:
        """The strong topics a unit answers about (its own, and those its questions name)."""
        return self._covers[self._position[unit.id]]

    def words(self, text: str) -> list[str]:
        """Content words of `text`, typos of known words corrected."""
        found = []
        # « et en SA ? »: a word written in capitals is an acronym, never the possessive « sa » (in a
        # message written in lowercase: « LA MUTUELLE EST OBLIGATOIRE ? » is shouted, not acronyms).
        acronyms = {normalize(w) for w in re.findall(r"\b[A-Z]{2,}\b", text)} if any(map(str.islower, text)) else set()
        for word in normalize(text).split():
            if (word in self.stopwords and word not in acronyms) or (len(word) < 2 and not word.isdigit()):
                continue
            found.append(self._correct(word))
        return found

    def terms(self, text: str) -> list[str]:
        return [_stem(w) for w in self.words(text)]

    def _correct(self, word: str) -> str:
        if len(word) < MIN_TYPO_LENGTH or word.isdigit() or word in self._vocabulary:
            return word
        match = process.extractOne(word, self._by_letter.get(word[0], ()), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        return match[0] if match else word

    def rank(self, query: Query, limit: int = 5) -> list[Scored]:
        """The best `limit` units for `query`, best first."""
        lexical, lead, coverage = self._lexical(query.text, query.naming)
        if len(self.words(query.text)) > SHORT_QUERY_WORDS:
            # A long message is rarely covered by one short text: how well the text matches tells
            # more than how much of the message it holds.
            coverage = lexical
        if query.focus:
            # The sentence that asks, in a long message, counts as much as its words say: one word
            # (« comment on peut s'organiser ? ») says little, four or more say what is asked.
            focus, focus_lead, focus_coverage = self._lexical(query.focus, query.naming, query.text)
            share = min(1.0, len(self.words(query.focus)) / FOCUS_FULL_WORDS)
            # The situation's words count less than the question's: a long description must not
            # pick the situation's generic answer over the point asked.
            described = lexical * self.weights.situation
            lead = np.where(focus * share > described, focus_lead, lead)
            lexical = np.maximum.reduce([focus * share, described, BLEND * (focus * share + lexical)])
            coverage = np.maximum(focus_coverage * share, coverage)
        parts = {"lexical": lexical, **self._features(query)}
        parts["quote"] = self._quoted(query.text)
        about = (parts["topic"] > 0) | (parts["context"] > 0)
        parts["held"] = np.where(about, self._held_words(query.focus or query.text, query.naming), 0.0)
        # The kind of answer only tells apart units the message is about (its topic, its conversation
        # or its words): on its own, « it is a yes/no question » would favour every Oui/Non answer.
        relevant = about.copy()
        if not query.topics:
            # A message that names a topic, even by common words, is about it: words alone do not
            # make another topic's Oui/Non answer relevant (« les collectivités peuvent-elles nous
            # aider ? » is not about the PTCE).
            relevant |= lexical >= KIND_NEEDS_LEXICAL
        parts["kind"] = np.where(relevant, parts["kind"], 0.0)
        total = sum(parts.values())
        best = np.argsort(-total, kind="stable")[:limit]
        return [
            Scored(
                self.units[i],
                float(total[i]),
                int(lead[i]),
                {k: float(v[i]) for k, v in parts.items() if v[i]},
                float(coverage[i]),
            )
            for i in best
        ]

    def _lexical(
        self, text: str, naming: set[str], whole: str | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per unit: the lexical part (best of its questions, or of its passages a little less), the
        passage that matches best, and the share of the message's words the unit covers."""
        weights: dict[str, float] = {}
        # A headcount is read against the bands the answers state (respond.py), not as a word:
        # « on a 25 salariés » matched every question that happens to say « 25 salariés ».
        count = headcount.asked(text)
        words = [w for w in self.words(text) if count is None or w != str(count)]
        # The sources' words for what the message says otherwise (lexicon.yml `paraphrases`), in the
        # `whole` message when `text` is its asking sentence: « 10 h par semaine » said before « elle
        # doit adhérer à la mutuelle ? » asks about part time (+1 dev, 0 lost).
        for word in self.words(" ".join(self.kb.lexicon.paraphrased(whole or text))):
            weights[_stem(word)] = 1.0
        for word in words:
            term = _stem(word)
            weight = self.weights.naming_word if word in naming else 1.0
            weight = self.weights.descriptor if word in self.kb.lexicon.descriptors else weight
            weights[term] = max(weights.get(term, 0.0), weight)
        questions, _, _, covered_q = self.questions.best(weights)
        passages, lead, first, covered_p = self.passages.best(weights)
        lead = np.where(passages - first >= LEAD_MARGIN, lead, 0)
        coverage = np.maximum(covered_q, self.weights.passage * covered_p)
        # Letters compare the words that do not name a topic or an aspect (the topic and aspect parts
        # hold those): « et ses inconvénients ? » has none, and must not pick any text with that word.
        own = " ".join(w for w in words if w not in naming and w not in self.kb.lexicon.descriptors)
        letters = self.weights.letters * self.letters.best(own) if own else np.zeros(len(self.units))
        return np.maximum.reduce([questions, self.weights.passage * passages, letters]), lead, coverage

    def _features(self, query: Query) -> dict[str, np.ndarray]:
        """The non-lexical parts of the score, one array over the units each."""
        w, topics = self.weights, self.kb.topics
        strong = [t for t in query.topics if not topics[t].weak]
        topic = np.zeros(len(self.units))
        if strong:
            for index, covers in enumerate(self._covers):
                named = [w.topic_first if t == strong[0] else w.topic_other for t in strong if t in covers]
                topic[index] = sum(named) if named else w.topic_elsewhere
                own = self.units[index].topic
                # The unit answers about the named topic within a structure the message does not name
                # (« période d'essai, combien au maximum ? »: not the CAE's trial period); or the topic is
                # the conversation's, and the unit only mentions it (« et on fait comment pour que ça
                # marche ? » on the faire ensemble: its own units first).
                within_unnamed = self._of_structure[index] and own not in strong and own != query.current_topic
                mentions_only = query.implicit and own != strong[0]
                if named and (within_unnamed or mentions_only):
                    topic[index] *= w.within_other
        for topic_id in query.topics:
            if topics[topic_id].weak and topic_id not in strong:
                topic[(self._unit_topic == topic_id) & (topic == 0)] = w.topic_weak
        context = np.zeros(len(self.units))
        if query.implicit and not strong:
            # A follow-up on a conversation about a topic of common words (« et si ça tourne mal, on
            # risque quoi ? » on cooperating): another topic's text is elsewhere, as for any topic.
            implied = query.topics[0]
            about = self._covering(implied) | (self._unit_topic == implied)
            context[~about & (topic == 0)] = w.context_elsewhere
        if query.current_topic and not strong:
            about = self._covering(query.current_topic)
            if query.elliptic:
                context[(self._unit_topic == query.current_topic) & (topic == 0)] = w.context
                # What the previous answer named is not elsewhere: « ça dure combien de temps ? » after
                # the GES's contacts (the COORACE) asks about the COORACE's accompaniment (+2 spent).
                last = self.kb.units.get(query.last_unit or "")
                spoken = self.kb.topics_written(last.answer) if last else set()
                said = np.isin(self._unit_topic, list(spoken - {query.current_topic}))
                context[~about & ~said & (topic == 0)] = w.context_elsewhere
            else:
                context[about & (topic == 0)] = w.context * LONG_FOLLOW_UP
                # A unit of another topic that only mentions the conversation's counts half: « … jusqu'à
                # combien pour lui ? » on a technician's trial period is not about the CAE's (+1 spent).
                context[about & (topic == 0) & (self._unit_topic != query.current_topic)] *= w.within_other
        elif query.within:
            # The notion as the conversation's structure has it first; the notion alone is elsewhere.
            about = self._covering(query.within)
            context[about & (topic > 0)] = w.context
            context[~about] = w.context_elsewhere
        elif query.current_topic and query.current_topic not in strong:
            # A new topic named within the conversation's (« faut-il informer les représentants du
            # personnel ? » while creating a GE): the units that speak of both come first.
            for index, covers in enumerate(self._covers):
                if query.current_topic in covers and topic[index] > 0:
                    context[index] = w.context_named_short if query.elliptic else w.context_named
        previous = self.kb.units.get(query.last_unit or "")
        for unit_id in previous.follow if previous else ():
            context[self._position[unit_id]] += w.follow * (1.0 if query.elliptic else LONG_FOLLOW_UP)
        if previous and query.elliptic and self.kb.lexicon.asks_other_case(normalize(query.text)):
            # « et si c'était un CDD ? » after the amount of the versement santé: the previous answer
            # states the case asked (« 125 % pour un CDD »), which a unit on CDDs in general does not
            # answer (+3 dev, +1 spent, 0 lost; any follow-up instead of « et si / et pour »: −6).
            # A headcount is the case when the previous answer states its band (« et à 30 salariés ? »
            # after the number of elected members by band).
            count = headcount.asked(query.text)
            own = set(self.terms(query.text)) - {_stem(w) for w in query.naming}
            banded = False
            if count is not None:
                own.discard(str(count))
                banded = bool(headcount.stated_for(previous.answer, count))
            if (own or banded) and own <= self._said[self._position[previous.id]]:
                context[self._position[previous.id]] += w.other_case
        aspect, default = np.zeros(len(self.units)), np.zeros(len(self.units))
        if query.aspect:
            aspect = np.where(self._unit_aspect == query.aspect, w.aspect, 0.0)
            # An aspect a topic answers instead (« inconvénients » -> the GE's « limites »).
            for other in self.kb.aspects[query.aspect].fallback:
                aspect[(self._unit_aspect == other) & (topic + context > 0)] = w.aspect * FALLBACK_SHARE
        else:
            default = np.where(self._default & (topic > 0), w.default, 0.0)
        kind = np.zeros(len(self.units), dtype=bool)
        for name in query.kinds:
            if name == "how_many" and query.quantity:
                # « et ça lui coûte combien ? » is answered by « gratuitement », not by any figure.
                kind |= self._quantity[query.quantity]
            else:
                kind |= self._kind.get(name, False)
        kind = np.where(kind, w.kind, 0.0)
        if not strong and (context > 0).any() and (aspect[context > 0] > 0).any():
            aspect = np.where((context > 0) | (topic > 0), aspect, aspect * w.off_context_aspect)
            if query.elliptic:
                # The conversation's topic answers the point a short follow-up asks (« et on s'y prend
                # comment pour que ça marche ? » on the faire avec): another topic's text is elsewhere.
                context = np.where(context < 0, w.answered_elsewhere, context)
        if not strong and not (context > 0).any():
            aspect = np.where(topic > 0, aspect, aspect * ASPECT_ALONE)
        if query.aspect == "difference" and len(strong) == 1 and " entre " in f" {normalize(query.text)} ":
            # « la différence entre un PTCE en ville et un PTCE à la campagne ? » (« entre » and one
            # structure: between two kinds of it): not its comparison with the GES, which the message
            # does not name (+1 spent). « le PTCE, on peut le comparer à quoi ? » still asks for one.
            weak = {t for t, data in topics.items() if data.weak}
            other = np.array([bool(covers - {strong[0]} - weak) for covers in self._covers])
            aspect = np.where(other, 0.0, aspect)
        if strong:
            # The message names its topic: what is asked about it (aspect, kind of answer) only
            # counts for units about that topic, never to pull in another topic's answer.
            aspect = np.where(topic > 0, aspect, 0.0)
            kind = np.where(topic > 0, kind, 0.0)
        return {
            "topic": topic, "context": context, "aspect": aspect, "default": default, "kind": kind,
            "facet": self._facet(query, (topic > 0) | (context > 0)),
        }  # fmt: skip

    def _facet(self, query: Query, about: np.ndarray) -> np.ndarray:
        """The units on the part of a broad topic the message names, among those about the message,
        anywhere in it: « c'est quoi le versement santé ? ça concerne quels salariés ? » asks its second
        question about the versement santé (the GE's mutuelle answered it)."""
        said = f" {normalize(query.text)} "
        facet = np.zeros(len(self.units))
        for names, on in self._facets:
            if any(name in said for name in names):
                facet[on & about] = self.weights.facet
        return facet

    def holds(self, unit: Unit, text: str) -> bool:
        """Whether the unit's texts hold every content word of `text` (stems)."""
        return set(self.terms(text)) <= self._held[self._position[unit.id]]

    def _held_words(self, text: str, naming: set[str]) -> np.ndarray:
        """Per unit, the share of the rare words asked (of the focus, not naming a topic) that the unit
        holds in any of its texts. BM25 and letters take the unit's best single text, where a text on
        the topic's common words can beat the unit that holds the rare word asked (« un mot clé pour
        réussir une coopération, c'est lequel ? »: « mot », in 3 questions, is in the guide's « maître
        mot : la confiance », which the definition of cooperating beat by 0.02)."""
        asked = {_stem(w) for w in self.words(text) if w not in naming} & self._holders.keys()
        held = np.zeros(len(self.units))
        for term in asked:
            held[self._holders[term]] += 1
        return self.weights.held * held / max(1, len(asked))

    def _quoted(self, text: str) -> np.ndarray:
        """The units whose text holds a phrase the message quotes (« entreprendre pour soi »)."""
        bonus = np.zeros(len(self.units))
        for phrase in QUOTED.findall(text):
            needle = normalize(phrase)
            if len(needle) >= MIN_QUOTE:
                for index, unit in enumerate(self.units):
                    if any(needle in normalize(p) for p in unit.passages):
                        bonus[index] = self.weights.quote
        return bonus

    def _kind_masks(self) -> dict[str, np.ndarray]:
        """For each kind of question, the units that are that kind of answer."""
        answers = [normalize(u.answer) for u in self.units]
        return {
            "who": self._unit_aspect == "contacts",
            "how": self._unit_aspect == "steps",
            "definition": self._unit_aspect == "definition",
            "yes_no": np.array([a.startswith(("oui ", "non ")) for a in answers]),
            "how_many": np.array([self.kb.lexicon.says_a_quantity(u.answer) for u in self.units]),
        }


class _LetterIndex:
    """TF-IDF over letter sequences (scikit-learn): a unit's score is the cosine of its closest text."""

    def __init__(self, groups: list[list[str]]):
        from sklearn.feature_extraction.text import TfidfVectorizer  # ~0.8 s: only where units are ranked

        self.owner = np.array([u for u, texts in enumerate(groups) for _ in texts], dtype=int)
        self.units = len(groups)
        documents = [normalize(t) for texts in groups for t in texts]
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        # Letter sequence -> documents (rows by sequence): a query's ~100 sequences read ~100 rows,
        # instead of a product with the whole documents × sequences matrix (4 ms -> 0.3 ms, measured).
        self.by_sequence = self.vectorizer.fit_transform(documents).T.tocsr() if documents else None

    def best(self, text: str) -> np.ndarray:
        scores = np.zeros(self.units)
        if self.by_sequence is None:
            return scores
        query = self.vectorizer.transform([normalize(text)])
        similarity = self.by_sequence[query.indices].T.dot(query.data)
        np.maximum.at(scores, self.owner, similarity)
        return scores


class _Index:
    """BM25 (bm25s) over documents grouped by unit; a unit's score is its best document's, divided
    by the query's full weight (what its terms would score in a document of average length that
    holds each of them once) so that scores compare across queries."""

    def __init__(self, groups: list[list[list[str]]]):
        self.owner = np.array([u for u, docs in enumerate(groups) for _ in docs], dtype=int)
        self.position = np.array([i for docs in groups for i in range(len(docs))], dtype=int)
        self.units = len(groups)
        documents = [doc or ["\u2205"] for docs in groups for doc in docs]
        self.bm25 = None
        self.idf: dict[str, float] = {}
        self.frequency: Counter[str] = Counter()  # in how many documents each term is
        if documents:
            self.bm25 = _bm25s().BM25(k1=K1, b=B)
            self.bm25.index(documents, show_progress=False)
            self.frequency = Counter(term for doc in documents for term in set(doc))
            self.idf = {t: math.log(1 + (len(documents) - n + 0.5) / (n + 0.5)) for t, n in self.frequency.items()}
        # What each document would score against itself (each term once, average length).
        self.weight = np.array([sum(self.idf.get(t, 0.0) for t in set(doc)) / (1 + K1) for doc in documents])
        known = sorted(self.idf.values())
        self.unknown_idf = known[len(known) // 2] if known else 1.0  # a word no unit uses weighs a median word

    def best(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per unit: the best normalised score, the position of the document that gives it, the
        score of its first document, and how much of the query that best document covers (the
        score divided by the query's full weight alone: what the abstention threshold reads). Each
        term counts with its weight; the norms take every term at full weight, so that a query made
        only of down-weighted words scores low."""
        scores = np.zeros(self.units)
        where = np.zeros(self.units, dtype=int)
        first_scores = np.zeros(self.units)
        coverage = np.zeros(self.units)
        known = {t: w for t, w in weights.items() if t in self.idf}
        norm = sum(self.idf.get(t, self.unknown_idf) for t in weights) / (1 + K1)
        if self.bm25 is None or not known or norm <= 0:
            return scores, where, first_scores, coverage
        raw = sum(w * self.bm25.get_scores([t]) for t, w in known.items())
        # The geometric mean of the two weights: a short question inside a long text and a long
        # message around a short question both score below a text that says just what is asked.
        per_document = raw / np.sqrt(norm * np.maximum(self.weight, 1e-9)) if GEOMETRIC else raw / norm
        order = np.lexsort((-per_document, self.owner))  # by unit, best document first
        first = np.ones(len(order), dtype=bool)
        first[1:] = self.owner[order][1:] != self.owner[order][:-1]
        best = order[first]
        scores[self.owner[best]] = per_document[best]
        where[self.owner[best]] = self.position[best]
        firsts = self.position == 0
        first_scores[self.owner[firsts]] = per_document[firsts]
        coverage[self.owner[best]] = raw[best] / norm
        return scores, where, first_scores, coverage
