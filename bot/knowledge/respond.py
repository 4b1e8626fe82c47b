"""One path from a message to its answer: analyse the message, rank the answer units, answer with
the best one, or say plainly that there is no sure answer. Pure logic, no Rasa."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.knowledge import headcount
from bot.knowledge.answers import Answer, Button, compare, render, sources_line, unit_button
from bot.knowledge.base import KnowledgeBase, Mention
from bot.knowledge.journeys import routing_result
from bot.knowledge.models import Source, Unit
from bot.knowledge.ranker import DEFAULT_ASPECTS, Query, Scored
from bot.knowledge.territory import Place
from bot.knowledge.text import normalize

# Below this score no unit is a sure answer: the assistant says so (calibrated on a held-out
# split of our cases, see evaluation/calibrate.py and README « Qualité »).
ABSTAIN_BELOW = 0.34
# When the NLU reads a message as out of scope with this confidence, a weak match is not enough.
OUT_OF_SCOPE_CONFIDENCE = 0.7
OUT_OF_SCOPE_MARGIN = 0.25
SITUATION_WORDS = 6  # words before the asking clause for it to be a situation, not « SCIC, c'est quoi ? »
CLOSEST = 2  # questions offered when there is no sure answer
COMPANION_MARGIN = 0.5
QUANTITY_MARGIN = 0.3
SITUATION_MATCH = 0.4  # lexical part for a described situation to give the message its topic
# … and by how much it must match better than the best unit when the message names a topic of common
# words (« forme de coopération »): « deux établissements médico-sociaux… quelle forme de coopération ? »
# is the GCSMS's situation, « une seule forme ou plusieurs en même temps ? » is not the GE's (0.05 to 0.3: same).
SITUATION_MARGIN = 0.15
SITUATION_UNIT = "situation-"  # id prefix of the units of units/guide-situations.yml (tests/unit/test_units.py)
ROUTING_BUTTON = Button("Trouver le bon accompagnement", "start_routing")
HAND_OFF_BUTTON = Button("Parler à une personne", "ask_human")
DLA_DIRECTORY = "ref_dla_annuaire"  # references.yml: the official directory of the DLA
DLA_DIRECTORY_ID = "dla_directory"  # journeys/routing.yml: the same directory, as the routing gives it
NO_SURE_ANSWER = (
    "Je ne sais pas répondre avec certitude à cette question : je n'ai pas de réponse sûre dans mes sources, "
    "et je préfère ne pas vous répondre à côté."
)
OUT_OF_SCOPE = (
    "Désolé, je ne peux pas vous aider pour cela : je réponds aux questions sur la coopération entre "
    "associations et structures de l'ESS (formes de coopération, structures juridiques, salariés partagés, "
    "protection sociale, accompagnement)."
)
_SENTENCE_END = re.compile(r"(?<=[.?!…])\s+|\n+")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
PLACE_WORDS = frozenset(
    {"departement", "region", "dept", "dpt", "ville", "coin", "territoire", "secteur", "ici", "chez"}
)
# A message with more words of its own than this is a new question, not a follow-up on the topic of
# the conversation (« combien coûte la taxe foncière d'un gymnase ? » after a question on the GE).
FOLLOW_UP_WORDS = 3
# A follow-up with at most this many words of its own asks about the conversation's topic itself.
IMPLICIT_TOPIC_WORDS = 1
SOME = ("des", "un", "une")  # « y a des inconvénients ? », « y a un inconvénient ? »
# Words of its own beyond which a message is no comparison on the intent's word alone.
INTENT_COMPARISON_WORDS = 2
PEOPLE = frozenset({"actor", "body"})  # topics that have a role rather than a purpose
# Below this lexical part, a unit has no word of the message: it only shares the topic.
NO_WORD_IN_COMMON = 0.05


@dataclass
class Question:
    """One message, what the NLU found in it (the intent, and the topics and aspect it names with
    their places: `mentions`, from KnowledgeBase.mentions), plus the conversation so far."""

    text: str
    intent: str | None = None
    intent_confidence: float = 1.0
    mentions: list[Mention] = field(default_factory=list)
    current_topic: str | None = None
    last_unit: str | None = None
    unit: str | None = None  # a follow-up button names its unit
    can_hand_off: bool = False  # the site configured a human contact (handoff.yml)

    @property
    def topics(self) -> list[str]:
        return list(dict.fromkeys(m.value for m in self.mentions if m.entity == "topic"))

    @property
    def aspect(self) -> str | None:
        return next((m.value for m in self.mentions if m.entity == "aspect"), None)

    def named_words(self, weak: set[str] = frozenset()) -> set[str]:
        """The normalised words that name a topic or the aspect, except topics in `weak` (common
        words, which get no topic bonus: their words keep their full weight in the lexical match)."""
        return {
            w
            for m in self.mentions
            if not (m.entity == "topic" and m.value in weak)
            for w in normalize(self.text[m.start : m.end]).split()
        }


def ask(kb: KnowledgeBase, text: str, **context) -> Question:
    """A question as the NLU pipeline would pass it on (used without Rasa: tests, evaluation)."""
    return Question(text=text, mentions=kb.mentions(text), **context)


def focus_sentence(text: str, question_starts: tuple[str, ...] = ()) -> str | None:
    """In a message that first describes a situation, the sentence that asks (the last question);
    in one long sentence, the clause after its last comma when that clause opens like a question
    (« on est 2 clubs qui veulent créer un GE, c'est quoi les facteurs de succès ? »)."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) < 2:
        before, _, clause = text.rpartition(",")
        if len(before.split()) >= SITUATION_WORDS and normalize(clause).startswith(question_starts):
            return clause.strip()
        return None
    asking = [s for s in sentences if s.endswith("?")]
    return (asking or sentences)[-1]


def analyse(kb: KnowledgeBase, question: Question) -> Query:
    focus = focus_sentence(question.text, kb.lexicon.question_starts)
    asked = focus or question.text
    topics = [t for t in question.topics if t in kb.topics]
    if focus:
        # The topics the asking sentence names come before those of the situation: « on signe un
        # projet commun avec la fédé voisine… faut-il consulter le CSE ? » asks about the CSE. A
        # structure the situation names stays the subject (« on hésite à créer un GCSMS. ça apporte
        # quoi de plus qu'une mutualisation de moyens ? »).
        start = question.text.rfind(focus)
        asked_topics = {m.value for m in question.mentions if m.entity == "topic" and m.start >= start}
        topics.sort(key=lambda t: t not in asked_topics and kb.topics[t].kind != "structure")
    aspect = (kb.find_aspect(focus) if focus else None) or question.aspect
    worded = kb.lexicon.kinds(asked)  # the kinds the words tell, without the intent's
    kinds = worded | _intent_kinds(question)
    if aspect == "steps" and "yes_no" in kinds and kb.lexicon.asks_obligation(asked):
        aspect = None  # « on doit mettre en place un CSE ? »: whether, not how
    if aspect in kb.aspects and "steps" in kb.aspects[aspect].overrides:
        # « comment on fait pour que ça se passe bien ? » asks the success factors: its « comment »
        # does not make the steps of something else (sharing a salaried employee) the kind of answer.
        kinds.discard("how")
    if aspect == "purpose" or _asks_which(kb, aspect, asked):
        # « un GEIQ ça pourrait nous servir ? » asks what it is good for, not whether a yes/no fact holds;
        # « y a des inconvénients ? » asks which ones (« c'est risqué ? » asks whether).
        kinds.discard("yes_no")
    naming = question.named_words(weak={t for t in topics if kb.topics[t].weak})
    strong = [t for t in topics if not kb.topics[t].weak]
    if len(strong) >= 2 and " ou " in f" {normalize(asked)} ":
        worded.add("comparison")  # « GE ou GES ? »
        kinds.add("comparison")
    subject = (strong or topics or [question.current_topic])[0]
    if aspect == "purpose" and subject in kb.topics and kb.topics[subject].kind in PEOPLE:
        # « le directeur, il sert à quoi ? », and « il sert à quoi ? » when the conversation is on
        # the CSE: the role of a person or a body.
        aspect = "role"
    own_words = set(kb.ranker.words(asked)) - naming
    if "comparison" in kinds - worded and len(set(kb.ranker.words(question.text)) - naming) > INTENT_COMPARISON_WORDS:
        # The intent alone makes « le GIE et le GE ? » a comparison, not a question that says more
        # (« … un conseil côté mutuelle et prévoyance des salariés ? » was one with 0.91, measured).
        kinds.discard("comparison")
    # A message this short cannot stand alone: it asks about what the conversation is on; so does one
    # that opens with a pronoun and names no topic, in a conversation (« ça marche pareil pour une
    # asso que pour une entreprise ? » after a question on the mutuelle). A first message opening
    # with « ça » or « il » is no follow-up (« ça fait 2 ans qu'on travaille ensemble, faut-il
    # formaliser ? »).
    said = normalize(question.text)
    elliptic = len(set(kb.ranker.words(question.text)) - naming) <= FOLLOW_UP_WORDS
    pointing = bool(question.current_topic) and kb.lexicon.points_back(said)
    elliptic = elliptic or (not topics and pointing)
    # « et la période d'essai ? » in a conversation on the CAE: the CAE's trial period, not the
    # definition of a trial period.
    within = _within_structure(kb, strong, question) if elliptic else None
    if not within and len(strong) == 1 and aspect is None and not kinds - {"yes_no"} and not own_words:
        kinds = {"definition"}  # the message only names a topic: « SCIC ? », « groupemnt d employeur c koi »
    # « on devrait passer à 14 salariés l'an prochain » in a conversation on the CSE: a headcount given
    # later, with no topic of its own, completes the previous question.
    recount = not strong and headcount.asked(question.text) is not None
    follow_up = elliptic or recount or kb.lexicon.continues(said) or kb.lexicon.refers_back(said)
    current = question.current_topic if question.current_topic in kb.topics and follow_up else None
    continues = said.startswith("et ")
    previous = kb.units.get(question.last_unit or "") if follow_up else None
    implicit = False
    other_topic = strong and question.current_topic not in strong
    if continues and other_topic and aspect is None and not kinds - {"yes_no"} and previous is not None:
        # « et si c'est pour créer un GE ? » after « qui peut nous accompagner ? »: the same point is
        # asked about another topic.
        aspect = previous.aspect
    other_case = kb.lexicon.asks_other_case(said)
    if (
        current
        and not strong
        and (
            (continues and elliptic and (not topics or other_case)) or len(own_words) <= IMPLICIT_TOPIC_WORDS or recount
        )
    ):
        # « et ses inconvénients ? », « et qui peut aider ? », and a short message that opens with « et »
        # and names no topic at all (« et le président ? » names one): the conversation's topic is asked.
        # So does « et pour notre directeur, qui est cadre ? » on the trial period: another case of the
        # same point, not the director's role (+1 spent; every « et » with a common word: −1 dev).
        topics, current, implicit = [current, *topics], None, True
    return Query(
        text=question.text,
        topics=topics,
        aspect=aspect,
        kinds=kinds,
        current_topic=current,
        last_unit=question.last_unit if follow_up else None,
        focus=focus,
        naming=naming,
        quantity=kb.lexicon.quantity_asked(asked) if "how_many" in kinds else None,
        elliptic=elliptic,
        within=within,
        implicit=implicit,
    )


def _asks_which(kb: KnowledgeBase, aspect: str | None, text: str) -> bool:
    """« y a des inconvénients ? », « y a un inconvénient à … ? »: some of the aspect asked (an article
    and its name), which its list answers."""
    padded = f" {normalize(text)} "
    return aspect in kb.aspects and any(
        f" {article} {normalize(alias)} " in padded for alias in kb.aspects[aspect].aliases for article in SOME
    )


def _within_structure(kb: KnowledgeBase, strong: list[str], question: Question) -> str | None:
    """The structure the conversation is on, when a short follow-up names only notions of law or
    practice (a trial period, the CSE, the mutuelle): they are asked within it. The conversation is
    on a structure when its topic is one, or when the last answer spoke of one structure only (« et la
    mutuelle dans tout ça ? » after whether to merge or cooperate: the mutuelle after a merger)."""
    if not strong or not all(kb.topics[t].kind == "concept" for t in strong):
        return None
    current = question.current_topic
    if current in kb.topics and kb.topics[current].kind == "structure":
        return current if current not in strong else None
    last = kb.units.get(question.last_unit or "")
    spoken = {t for t in kb.ranker.covers(last) if kb.topics[t].kind == "structure"} if last else set()
    return spoken.pop() if len(spoken) == 1 else None


def _intent_kinds(question: Question) -> set[str]:
    """The kind of question the NLU's intent tells, when it is sure. A follow-up opening with « et »
    asks the conversation's point about what it names, whatever DIET reads: « et pour la mutuelle de
    nos salariés si on fusionne ? » was read as a comparison with 1.00 (measured)."""
    if question.intent_confidence < 0.6:
        return set()
    if question.intent == "ask_comparison" and normalize(question.text).startswith("et "):
        return set()
    return {"ask_who_can_help": {"who"}, "ask_comparison": {"comparison"}}.get(question.intent or "", set())


def respond(kb: KnowledgeBase, question: Question, threshold: float = ABSTAIN_BELOW) -> Answer:
    """The answer to `question`, or an honest « no sure answer » with the closest questions when
    no unit scores `threshold` or more."""
    if question.unit in kb.units:
        unit = kb.units[question.unit]
        return render(kb, unit, complete=_complete(kb, unit.id))
    query = analyse(kb, question)
    ranked = kb.ranker.rank(query)
    situation = _described_situation(kb, query, ranked)
    if situation is not None:
        query = replace(query, topics=[situation.unit.topic], implicit=True)
        ranked = kb.ranker.rank(query)
    ranked = _headcount_first(query, _quantity_first(kb, query, ranked))
    best = ranked[0]
    comparison = _comparison(kb, query)
    if comparison is not None and not _answers_all(kb, best.unit, query):
        return comparison
    place = kb.territories.find(question.text)
    if place is not None and ("who" in query.kinds or _only_place(kb, question.text, place)):
        return local_help(kb, query, question)
    if _out_of_scope(kb, question, best, threshold):
        return Answer(OUT_OF_SCOPE, [Button("Que sais-tu faire ?", "help")], status="out_of_scope")
    if (
        best.evidence < threshold
        or _no_quantity_for_how_many(kb, query, best)
        or _figure_elsewhere(query, best, place)
        or _uncovered(kb, query, best)
        or _other_convention(kb, query, best)
        or _misses_the_aspect(query, best)
        or _no_subject(kb, query)
        or _says_nothing(kb, question)
    ):
        return abstain(kb, ranked, question.can_hand_off)
    notes = _directory_note(kb, best.unit) if "who" in query.kinds else ()
    return render(kb, best.unit, best.lead, _complete(kb, best.unit.id), _companion(ranked), notes)


def _directory_note(kb: KnowledgeBase, unit: Unit) -> tuple[tuple[str, Source], ...]:
    """« Qui peut m'aider ? »: beside the bodies, the official directory that finds the local one."""
    directory = kb.journeys.routing.directories[DLA_DIRECTORY_ID]
    entry = directory.entries[0]
    if unit.aspect != "contacts" or (entry.url and entry.url in " ".join(unit.passages)):
        return ()
    return ((f"{directory.text} : {entry.url}", directory.source),)


def _companion(ranked: list[Scored]) -> Unit | None:
    """A close second from the other kind of source on the same topic and aspect: the guide's
    answer beside today's official one (« avantages d'un GE »: the Ministry's and the guide's)."""
    best = ranked[0]
    for scored in ranked[1:]:
        same_point = scored.unit.topic == best.unit.topic and (
            scored.unit.aspect == best.unit.aspect or {scored.unit.aspect, best.unit.aspect} <= set(DEFAULT_ASPECTS)
        )
        other_source = scored.unit.from_guide != best.unit.from_guide
        if same_point and other_source and best.unit.aspect and scored.score >= best.score - COMPANION_MARGIN:
            return scored.unit
    return None


def _only_place(kb: KnowledgeBase, text: str, place) -> bool:
    """« et dans mon département ? on est dans le 29 »: nothing but a place (the question is the one
    the conversation was on: who can help, there)."""
    other = set(kb.ranker.words(text)) - place.words() - PLACE_WORDS
    return len(other) <= 1


def local_help(kb: KnowledgeBase, query: Query, question: Question) -> Answer:
    """Who can help where the person is (« et dans mon département ? », « en Bretagne, qui peut
    nous aider pour un GE ? »): the routing journey's answer for the topic's need and that place."""
    strong = [t for t in query.topics if not kb.topics[t].weak]
    topic = strong[0] if strong else query.current_topic
    routing = kb.journeys.routing
    need = routing.need_of(topic)
    reply = routing_result(kb, routing, kb.territories, need, question.text, question.can_hand_off)
    reply.topic, reply.aspect = topic, "contacts"
    return reply


def _complete(kb: KnowledgeBase, unit_id: str) -> bool:
    """A challenge's steps are shown in full: the guided journey reads them one by one."""
    unit = kb.units[unit_id]
    topic = kb.topics.get(unit.topic or "")
    return topic is not None and topic.kind == "challenge" and unit.aspect == "steps"


def _answers_all(kb: KnowledgeBase, unit: Unit, query: Query) -> bool:
    """Whether a unit is a written comparison of every topic the message names (« GE ou GEIQ ? »:
    ge-vs-geiq)."""
    strong = {t for t in query.topics if not kb.topics[t].weak}
    covers = kb.ranker.covers(unit)
    return unit.aspect == "difference" and strong <= covers and len(covers) <= len(strong) + 1


def _comparison(kb: KnowledgeBase, query: Query) -> Answer | None:
    strong = [t for t in query.topics if not kb.topics[t].weak]
    if len(strong) < 2 or not ("comparison" in query.kinds or query.aspect == "difference"):
        return None
    own = kb.units.get(f"{strong[0]}.difference")
    if own is not None and any(kb.topics[t].label.lower() in own.answer.lower() for t in strong[1:]):
        return render(kb, own)
    # A written comparison of the topics named (« GE et GEIQ, c'est pareil ? »: ge-vs-geiq, which the
    # words of the question did not rank first).
    written = next((u for t in strong for u in kb.units_of(t) if _answers_all(kb, u, query)), None)
    if written is not None:
        return render(kb, written, complete=_complete(kb, written.id))
    return compare(kb, strong)


def _described_situation(kb: KnowledgeBase, query: Query, ranked: list[Scored]) -> Scored | None:
    """A point asked about a situation the message describes without naming its structure (« si on
    partage nos locaux avec une autre asso, ça nous rapporte quoi ? »): the unit of that situation
    (bot/knowledge/data/units/guide-situations.yml), whose topic is the form the guide points to. The
    message is then about that form: without a topic, no unit scored enough to answer (measured: the
    assistant said it did not know). A topic of common words named (« coopération ») leaves room for a
    situation that matches clearly better than the best unit."""
    if not query.aspect or query.current_topic or any(not kb.topics[t].weak for t in query.topics):
        return None
    needed = SITUATION_MATCH
    if query.topics:
        needed = max(needed, ranked[0].parts.get("lexical", 0.0) + SITUATION_MARGIN)
    return next(
        (s for s in ranked if s.unit.id.startswith(SITUATION_UNIT) and s.parts.get("lexical", 0) >= needed),
        None,
    )


def _quantity_first(kb: KnowledgeBase, query: Query, ranked: list[Scored]) -> list[Scored]:
    """A « combien… ? » question: a close unit that says the quantity asked goes before a better-matching
    one that says none, on the same topic, when its first sentence says it (« et ce versement c'est
    combien ? »: its amount, not its definition; a figure further down may be another one)."""
    best = ranked[0]
    if not _no_quantity_for_how_many(kb, query, best):
        return ranked
    for scored in ranked[1:]:
        close = scored.unit.topic == best.unit.topic and scored.score >= best.score - QUANTITY_MARGIN
        if close and kb.lexicon.says_the_quantity_asked(query.focus or query.text, scored.unit.answer):
            return [scored, *(other for other in ranked if other is not scored)]
    return ranked


def _headcount_first(query: Query, ranked: list[Scored]) -> list[Scored]:
    """A message that gives its number of employees: a close unit whose rule holds for that number
    goes before one that states another band (« on a 25 salariés, on doit avoir un CSE ? » is not
    answered by the rule of structures under 11)."""
    asked = headcount.asked(query.text)
    best = ranked[0]
    if asked is None or headcount.stated_for(best.unit.answer, asked) is not False:
        return ranked
    for scored in ranked[1:]:
        if scored.score >= best.score - QUANTITY_MARGIN and headcount.stated_for(scored.unit.answer, asked):
            return [scored, *(other for other in ranked if other is not scored)]
    return ranked


def _no_quantity_for_how_many(kb: KnowledgeBase, query: Query, best: Scored) -> bool:
    """A « combien… ? » question that the best unit answers with no quantity at all: it shares the
    topic, not the answer (« combien coûte l'adhésion à un CRGE ? » is not answered by its role)."""
    asked = query.focus or query.text
    return "how_many" in query.kinds and not kb.lexicon.says_the_quantity_asked(asked, " ".join(best.unit.passages))


def _misses_the_aspect(query: Query, best: Scored) -> bool:
    """The message asks one point of its topic (« et les risques ? » about the CAE) and the best unit
    neither answers that point nor shares a word with the message: it only shares the topic."""
    return (
        query.aspect is not None
        and best.parts.get("aspect", 0.0) <= 0
        and best.parts.get("lexical", 0.0) < NO_WORD_IN_COMMON
    )


def _no_subject(kb: KnowledgeBase, query: Query) -> bool:
    """« et les inconvénients ? » as a first message, or after « je ne sais pas »: a short message that
    points back (« et … », « il … ») or asks only a point, with no topic, neither named nor that of the
    conversation. « c'est quoi un partenariat ? » has a subject of its own."""
    if query.topics or query.current_topic or query.last_unit or not query.elliptic:
        return False
    return kb.lexicon.continues(normalize(query.text)) or not set(kb.ranker.words(query.text)) - query.naming


def _says_nothing(kb: KnowledgeBase, question: Question) -> bool:
    """« 🙂🙂 », « ??? »: no word, no name and no way of asking, so nothing is asked, even within a
    conversation (the conversation's topic alone picked one of its units). « il doit faire quoi ? »
    asks how, about what the conversation is on."""
    return not question.mentions and not kb.ranker.words(question.text) and not kb.lexicon.kinds(question.text)


def _figure_elsewhere(query: Query, best: Scored, place: Place | None) -> bool:
    """« combien de groupements d'employeurs associatifs dans la Creuse ? », « combien d'associations
    ont fusionné en 2025 ? »: a figure of a place or of a year that the best unit does not name (a
    national figure, a rule) is not the one asked."""
    if "how_many" not in query.kinds:
        return False
    text = normalize(_all_text(best.unit))
    if any(year not in text for year in YEAR.findall(query.text)):
        return True
    if place is None:
        return False
    return not any(f" {normalize(name)} " in f" {text} " for name in place.names())


def _uncovered(kb: KnowledgeBase, query: Query, best: Scored) -> bool:
    """The question asks about a subject no source covers (lexicon.yml « uncovered »: « la TVA »,
    « un licenciement ») and the best unit does not name it: it only shares the topic. The whole
    message counts, not only the sentence that asks: in « un bénévole se blesse pendant une activité
    commune, qui est responsable ? », the subject is in the situation."""
    asked = kb.lexicon.uncovered_in(query.text)
    # Most messages name none: the unit's text is only read when one is asked.
    return bool(asked) and bool(asked - kb.lexicon.uncovered_in(_all_text(best.unit)))


def _other_convention(kb: KnowledgeBase, query: Query, best: Scored) -> bool:
    """The question names a convention collective, and the best unit speaks of other ones only
    (ÉCLAT's rates for a question on the sport's)."""
    asked = kb.lexicon.conventions_in(query.text)
    said = kb.lexicon.conventions_in(_all_text(best.unit)) if asked else set()
    return bool(said) and not asked & said


def _all_text(unit: Unit) -> str:
    """What a unit says and asks, to see whether it names a subject (read only when a message names one)."""
    return " ".join((*unit.questions, *unit.passages))


def _out_of_scope(kb: KnowledgeBase, question: Question, best: Scored, threshold: float) -> bool:
    confident = question.intent == "out_of_scope" and question.intent_confidence >= OUT_OF_SCOPE_CONFIDENCE
    if not confident:
        return False
    if question.topics:
        # A message that names what we speak of is in scope, whatever DIET reads: « pourquoi les
        # assos coopèrent autant en ce moment ? » was read as out of scope with 0.91 (measured).
        return False
    if not question.current_topic and not kb.ranker.holds(best.unit, question.text):
        # Against a confident NLU, out of a conversation, a unit that lacks some word asked is no
        # answer: « quelle est la capitale de la France ? » got the number of GEIQ « en France »
        # (evidence 0.72). A follow-up leans on the conversation (« et pour nous qui sommes 8 ? »).
        return True
    evidence = best.evidence
    if len(kb.ranker.words(question.text)) <= 1:
        # One word in common is all of a one-word message (« quelle heure est-il ? »: « heure », as in
        # « heures de délégation »): against a confident NLU, it is no evidence.
        evidence -= best.coverage
    return evidence < threshold + OUT_OF_SCOPE_MARGIN


def abstain(kb: KnowledgeBase, ranked: list[Scored], can_hand_off: bool = False) -> Answer:
    """No sure answer: say so, offer the closest questions we can answer, and who can help (a
    person of the site only when the site configured one)."""
    closest = [scored.unit for scored in ranked[:CLOSEST] if scored.score > 0]
    directory = kb.sources.get(DLA_DIRECTORY, "respond")
    lines = [
        NO_SURE_ANSWER,
        "Voici des questions proches auxquelles je sais répondre, ou cherchons ensemble qui peut vous accompagner "
        "(par exemple le DLA de votre département, gratuit pour les structures employeuses de l'ESS).",
        sources_line([directory]),
    ]
    buttons = [unit_button(unit) for unit in closest] + [ROUTING_BUTTON]
    if can_hand_off:
        buttons.append(HAND_OFF_BUTTON)
    return Answer("\n".join(lines), buttons, status="abstained")
