"""CommandIntentGuard (after KnowledgeEntityExtractor, whose entities it reads): a short-command
intent (« suivant », « on reprend », « 2 », « oui ») is not what a message means when it names a
topic or is a long sentence, and a request to be oriented (« oriente-moi ») says so; otherwise the
best other intent of DIET's ranking is used.

« avant de fusionner doit-on consulter le CSE ? » is a question about fusion, even if the word
« avant » made DIET think of « l'étape d'avant »; « quelles sont les formes de coopération ? » asks
what they are, it does not ask for the orientation questionnaire. Nor is any control (a command, stop,
restart, help) a message that says what none of its training examples says (`says_more`): the guard
learns their words when the model is trained."""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import load
from bot.knowledge.text import normalize, stem, tokens
from bot.nlu.knowledge_entities import EXTRACTOR

COMMAND_INTENTS = frozenset({"next_step", "previous_step", "resume", "choose", "affirm", "deny"})
ANSWERS = frozenset({"choose", "affirm", "deny"})  # commands that answer a question
MAX_COMMAND_WORDS = 8
MIN_QUESTION_WORDS = 3  # « la 2 ? » may still be a choice
JOURNEY_STARTS = frozenset({"start_orientation", "start_quiz", "start_challenges", "start_routing"})
# Without one of its cues, DIET's reading of a journey start is kept only above this confidence and
# when the message names no topic or aspect (measured: « Comment faire ? » after a challenge was read
# as start_quiz with 0.48).
TRUSTED_START = 0.85
# « restart » erases the conversation: it is kept only when DIET is sure of it and the message names no
# topic or aspect (measured: « son but ? », a follow-up on the « faire corps », was read as restart
# with 0.44, and the conversation was wiped).
RESET_INTENTS = frozenset({"restart"})
# Intents that steer the conversation rather than ask about cooperation. A message that says what none
# of their training examples says is none of them (measured online: « quelles erreurs éviter au début ? »
# was read as restart with 0.99 and wiped the conversation; « est-ce qu'on doit lui verser une indemnité
# si c'est nous qui arrêtons ? » as stop with 0.96; « ils utilisent quels contrats ? » as help with 0.99;
# « et s'il enchaîne deux CDD ? » as next_step with 0.58, which started the tour of the challenges).
CONTROL_INTENTS = COMMAND_INTENTS | RESET_INTENTS | frozenset({"stop", "help"})
VOCABULARY_FILE = "control_words.json"
# A request for help speaks to the assistant, in words of its own (« tu es capable de répondre à quel
# genre de questions ? »): 3 of the 56 control examples of the held-out NLU set, all of them « help »,
# said more than the training examples without this.
ADDRESSING = frozenset({"tu", "te", "t", "toi", "vous", "bot", "chatbot", "assistant", "robot"})


def words_of(text: str) -> list[str]:
    """The words of `text` that can tell a control from a question: no stopword, no number."""
    stopwords = load().lexicon.stopwords
    return [stem(w) for w in normalize(text).split() if w not in stopwords and not w.isdigit()]


def says_more(text: str, vocabulary: frozenset[str]) -> bool:
    """Whether a message says what no control example says: two words of its own, or one in a question
    of three words or more (« stop je dois partir » is still a stop). Without a vocabulary (a model
    trained before it existed) nothing is known, and nothing is replaced."""
    if not vocabulary:
        return False
    own = [w for w in words_of(text) if w not in vocabulary]
    question = text.rstrip().endswith("?") and len(tokens(text)) >= MIN_QUESTION_WORDS
    return len(own) >= 2 or (bool(own) and question)


def is_command(text: str, names_something: bool, intent: str | None = None) -> bool:
    """Whether a message can be a short command at all. A choice, a yes or a no answers a question,
    it does not ask one: « et si on passe à 13 en septembre ? » was read as « choose » with 0.81,
    « et si elle est pas d'accord ? » (a loaned employee) as « deny » with 0.86 (measured)."""
    words = len(tokens(text))
    if intent in ANSWERS and text.rstrip().endswith("?") and words >= MIN_QUESTION_WORDS:
        return False
    return not names_something and words <= MAX_COMMAND_WORDS


def names_what_no_command_names(entities: list[dict]) -> bool:
    """Whether the entities name what a command never mentions: an aspect (« y a des pièges à
    éviter ? » was read as « choose » with 0.80, measured), or a strong topic. « challenge suivant »
    names the weak topic « les challenges » (common words of the journeys), and is still a command."""
    topics = load().topics
    return any(
        e.get("entity") == "aspect"
        or (e.get("entity") == "topic" and e.get("value") in topics and not topics[e["value"]].weak)
        for e in entities
    )


def asks_journey(text: str, intent: str) -> bool:
    """Whether a message asks for the journey `intent` starts (« aide-moi à choisir », « fais-moi
    le quiz »): one of its words, or two-word phrases, start like a cue of the lexicon."""
    cues = load().lexicon.journey_cues.get(intent, ())
    words = tokens(text)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return any(w.startswith(cues) for w in (*words, *pairs))


def trusted(intent: dict, names_something: bool) -> bool:
    """DIET is sure of `intent` and the message names no topic or aspect."""
    return intent.get("confidence", 0.0) >= TRUSTED_START and not names_something


def journey_possible(intent: dict, text: str, names_something: bool) -> bool:
    return asks_journey(text, intent.get("name", "")) or trusted(intent, names_something)


def guarded(
    intent: dict,
    ranking: list[dict],
    command_possible: bool,
    journey_ok: bool = True,
    reset_ok: bool = True,
    control_ok: bool = True,
) -> dict:
    """The intent to keep: DIET's, unless it is a command, a journey start, a restart or another
    control that the message cannot be; then the best intent of the ranking that it can be."""
    name = intent.get("name")
    if (
        (name not in COMMAND_INTENTS or command_possible)
        and (name not in JOURNEY_STARTS or journey_ok)
        and (name not in RESET_INTENTS or reset_ok)
        and (name not in CONTROL_INTENTS or control_ok)
    ):
        return intent
    excluded = CONTROL_INTENTS | JOURNEY_STARTS
    others = [candidate for candidate in ranking if candidate.get("name") not in excluded]
    return others[0] if others else {"name": "nlu_fallback", "confidence": 1.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CommandIntentGuard(GraphComponent):
    """Runs after DIETClassifier and before FallbackClassifier. Training keeps the words of the
    control intents' examples (`says_more`)."""

    def __init__(
        self,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        vocabulary: frozenset[str] = frozenset(),
    ):
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommandIntentGuard:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CommandIntentGuard:
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            words = []  # a model trained before the vocabulary: `says_more` replaces nothing
        return cls(model_storage, resource, frozenset(words))

    def train(self, training_data: TrainingData) -> Resource:
        words = {
            word
            for example in training_data.intent_examples
            if example.get("intent") in CONTROL_INTENTS
            for word in words_of(example.get("text") or "")
        }
        self.vocabulary = frozenset(words)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(words), ensure_ascii=False), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get("intent") or {}
            if intent.get("name") not in CONTROL_INTENTS | JOURNEY_STARTS:
                continue
            text = message.get("text") or ""
            ranking = message.get("intent_ranking") or []
            found = [e for e in message.get("entities") or [] if e.get("extractor") == EXTRACTOR]
            journey_ok = journey_possible(intent, text, bool(found))
            reset_ok = trusted(intent, bool(found))
            command_ok = is_command(text, names_what_no_command_names(found), intent.get("name"))
            addressed = intent.get("name") == "help" and bool(ADDRESSING & set(normalize(text).split()))
            control_ok = addressed or not says_more(text, self.vocabulary)
            new_intent = guarded(intent, ranking, command_ok, journey_ok, reset_ok, control_ok)
            if new_intent is not intent:
                message.set("intent", new_intent, add_to_output=True)
                message.set(
                    "intent_ranking", [new_intent] + [r for r in ranking if r is not new_intent], add_to_output=True
                )
        return messages
