"""KnowledgeEntityExtractor: the topics and the aspect a message names, found once, in the NLU
pipeline, by the knowledge package's own matcher (aliases of the data, typos tolerated), and passed
on as entities `topic` and `aspect` with their canonical ids. The command guard reads them, and so
does the action server: nothing looks for them again."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge import load

EXTRACTOR = "KnowledgeEntityExtractor"


def entities(text: str) -> list[dict[str, Any]]:
    """NLU entities for the topics and the aspect `text` names."""
    return [
        {
            "entity": m.entity,
            "value": m.value,
            "start": m.start,
            "end": m.end,
            "confidence_entity": 1.0,
            "extractor": EXTRACTOR,
        }
        for m in load().mentions(text)
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeEntityExtractor(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeEntityExtractor:
        load()  # read the data when the model loads, not on the first message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = entities(message.get(TEXT) or "")
            if found:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        return messages
