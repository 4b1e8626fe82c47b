"""bot/nlu/spacy_nlp.py: the French spaCy pipeline is loaded once per process (Rasa's SpacyNLP loaded
it once per graph node), without the components nothing reads, and gives the tokenizer exactly the
tokens, offsets, lemmas and tags of the pipeline Rasa's SpacyNLP loads."""

from __future__ import annotations

import pytest
import spacy

from bot.nlu.spacy_nlp import DEFAULT_EXCLUDE, SharedSpacyNLP, load_shared

MODEL = "fr_core_news_sm"
TEXTS = [
    "C'est quoi un groupement d'employeurs ?",
    "nous sommes deux EHPAD associatifs et voulons mettre en commun une cuisine centrale",
    "et qui peut nous aider ? quels sont les risques d'une fusion ?",
    "on est 3 campings et on a besoin de saisonniers l'été, on peut les embaucher en commun ?",
    "Les salariées mises à disposition gardent-elles leur convention collective ?",
]


def test_both_graph_nodes_get_the_same_pipeline_without_unread_components():
    provide = SharedSpacyNLP.create({"model": MODEL}, None, None, None)
    run = SharedSpacyNLP.create({"model": MODEL, "case_sensitive": False}, None, None, None)
    assert provide.provide().model is run.provide().model
    assert provide.provide().model.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]


@pytest.fixture(scope="module")
def rasas():
    return spacy.load(MODEL, disable=["parser"])  # what rasa.nlu.utils.spacy_utils.SpacyNLP loads


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_lemmas_and_tags_are_those_of_rasas_spacy_pipeline(rasas, text):
    ours = load_shared(MODEL, DEFAULT_EXCLUDE).model

    def read(doc):  # what SpacyTokenizer takes from each token
        return [(t.text, t.idx, t.lemma_, t.tag_) for t in doc]

    assert read(ours(text.lower())) == read(rasas(text.lower()))
