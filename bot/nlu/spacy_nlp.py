"""SharedSpacyNLP: Rasa's SpacyNLP, but the spaCy pipeline is loaded once per process, without the
components nothing reads.

Why: Rasa builds two graph nodes from SpacyNLP (`provide_…`, which hands the model to the others, and
`run_…`, which makes the spaCy documents) and each one calls `spacy.load`: the French model was
loaded twice (two copies in memory, ~160 MB and 1.5 to 4 s more at every start). Here both nodes get
the same `Language` object (it is only read: `nlp(text)`).

What the rest of the pipeline reads from spaCy: SpacyTokenizer takes each token's text, offset and
lemma (CountVectorsFeaturizer counts lemmas: its `use_lemma` defaults to true); the French lemmatizer
needs the part of speech of `morphologizer` (through `attribute_ruler`), which needs `tok2vec`. The
token vectors SpacyFeaturizer would read do not exist in fr_core_news_sm (a model without vectors),
and nothing reads the named entities (`ner`), the dependency parse (`parser`, which Rasa already
switches off, but still loads) or the sentence boundaries (`senter`, off in the model). Those three
are not loaded at all (`exclude`), which changes no token, lemma or tag.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

DEFAULT_EXCLUDE = ("parser", "ner", "senter")

_loaded: dict[tuple[str, tuple[str, ...]], SpacyModel] = {}


def load_shared(model_name: str, exclude: tuple[str, ...]) -> SpacyModel:
    """The spaCy pipeline `model_name` without the `exclude` components, loaded on the first call
    only. Checks the model like Rasa's SpacyNLP does (name given, installed, compatible version)."""
    key = (model_name, tuple(sorted(exclude)))
    if key not in _loaded:
        import spacy

        try:
            language = spacy.load(model_name, exclude=list(key[1])) if model_name else None
        except OSError:
            language = None
        if language is None:
            SpacyNLP.load_model(model_name)  # raises Rasa's InvalidModelError, with its instructions
        info = spacy.info(model_name)
        required = info.get("spacy_version", "") if isinstance(info, dict) else ""
        if not spacy.util.is_compatible_version(spacy.about.__version__, required):
            from rasa.nlu.model import InvalidModelError

            raise InvalidModelError(
                f"The specified model - {model_name} requires a spaCy runtime version {required} and is not "
                f"compatible with the current spaCy runtime version {spacy.about.__version__}"
            )
        _loaded[key] = SpacyModel(model=language, model_name=model_name)
    return _loaded[key]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SharedSpacyNLP",
)
class SharedSpacyNLP(SpacyNLP):
    """SpacyNLP with one shared copy of the spaCy pipeline per process (see the module docstring).
    Config: `model` and `case_sensitive` as for SpacyNLP, and `exclude` (spaCy components not loaded)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SpacyNLP.get_default_config(), "exclude": list(DEFAULT_EXCLUDE)}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SharedSpacyNLP:
        config = {**cls.get_default_config(), **config}
        model = load_shared(config.get("model"), tuple(config["exclude"]))
        cls.ensure_proper_language_model(model.model)
        return cls(model, config)
