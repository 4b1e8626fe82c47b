"""CommandIntentGuard: a short-command intent (« suivant », « on reprend », « 2 », « oui ») is
not what a message means when it names a topic of the guide or is a long sentence; then the
best non-command intent of DIET's ranking is used instead.

« avant de fusionner doit-on consulter le CSE ? » is a question about fusion, even if the word
« avant » made DIET think of « l'étape d'avant »."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import load
from bot.knowledge.text import tokens

COMMAND_INTENTS = frozenset({"next_step", "previous_step", "resume", "choose", "affirm", "deny"})
MAX_COMMAND_WORDS = 8


def is_command(text: str, names_topic: bool) -> bool:
    """Whether a message can be a short command at all."""
    return not names_topic and len(tokens(text)) <= MAX_COMMAND_WORDS


def guarded(intent: dict, ranking: list[dict], command_possible: bool) -> dict:
    """The intent to keep: DIET's, unless it is a command the message cannot be."""
    if command_possible or intent.get("name") not in COMMAND_INTENTS:
        return intent
    others = [candidate for candidate in ranking if candidate.get("name") not in COMMAND_INTENTS]
    return others[0] if others else {"name": "nlu_fallback", "confidence": 1.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandIntentGuard(GraphComponent):
    """Runs after DIETClassifier and before FallbackClassifier."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommandIntentGuard:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        kb = load()
        for message in messages:
            intent = message.get("intent") or {}
            if intent.get("name") not in COMMAND_INTENTS:
                continue
            text = message.get("text") or ""
            ranking = message.get("intent_ranking") or []
            new_intent = guarded(intent, ranking, is_command(text, bool(kb.find_topics(text))))
            if new_intent is not intent:
                message.set("intent", new_intent, add_to_output=True)
                message.set(
                    "intent_ranking", [new_intent] + [r for r in ranking if r is not new_intent], add_to_output=True
                )
        return messages
