"""A command intent is replaced when the message cannot be a short command."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.command_guard import asks_journey, guarded, is_command

RANKING = [
    {"name": "previous_step", "confidence": 0.95},
    {"name": "ask_aspect", "confidence": 0.03},
    {"name": "choose", "confidence": 0.01},
]


def test_a_message_naming_a_topic_or_long_is_no_command():
    assert is_command("on revient en arrière", names_something=False)
    assert not is_command("avant de fusionner doit-on consulter le CSE ?", names_something=True)
    assert not is_command("alors voilà on se demandait vraiment ce que vous en pensiez tous", names_something=False)


def test_the_best_non_command_intent_replaces_the_command():
    assert guarded(RANKING[0], RANKING, command_possible=False) == RANKING[1]


def test_a_possible_command_and_other_intents_are_kept():
    assert guarded(RANKING[0], RANKING, command_possible=True) is RANKING[0]
    question = {"name": "ask_definition", "confidence": 0.9}
    assert guarded(question, [question], command_possible=False) is question


def test_only_commands_left_means_fallback():
    only = [{"name": "choose", "confidence": 1.0}]
    assert guarded(only[0], only, command_possible=False)["name"] == "nlu_fallback"


GUIDANCE = [
    {"name": "start_orientation", "confidence": 0.97},
    {"name": "next_step", "confidence": 0.02},
    {"name": "ask_definition", "confidence": 0.01},
]


def test_journey_cues_with_typos_and_without():
    assert asks_journey("aide-moi à choisir une forme de coopération", "start_orientation")
    assert asks_journey("orinte moi vers une forme de cooperation", "start_orientation")
    assert not asks_journey("quelles sont les différentes formes de coopération ?", "start_orientation")
    assert asks_journey("je veux faire le quizz", "start_quiz") and not asks_journey("Comment faire ?", "start_quiz")
    assert asks_journey("guide-moi étape par étape", "start_challenges")


def test_a_question_about_the_forms_is_not_a_request_for_orientation():
    assert guarded(GUIDANCE[0], GUIDANCE, command_possible=False, journey_ok=False) == GUIDANCE[2]
    assert guarded(GUIDANCE[0], GUIDANCE, command_possible=False, journey_ok=True) is GUIDANCE[0]


def test_a_doubtful_journey_start_without_its_cues_is_not_entered():
    message = process(diet_message("Comment faire ?", [("start_quiz", 0.48), ("ask_aspect", 0.3)]))
    assert message.get("intent")["name"] == "ask_aspect"
    sure = process(diet_message("on y va", [("start_challenges", 0.93), ("affirm", 0.05)]))
    assert sure.get("intent")["name"] == "start_challenges"


# ------------------------------------------------------------ on Rasa messages, as DIET leaves them


def diet_message(text: str, ranking: list[tuple[str, float]]):
    """A Rasa Message after DIETClassifier: `intent` is the best of `intent_ranking`, both in the output."""
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text})
    intents = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", intents[0], add_to_output=True)
    message.set("intent_ranking", intents, add_to_output=True)
    return message


def process(message, guard=None):
    """The two components in the pipeline's order: the entities, then the guard that reads them."""
    from bot.nlu.command_guard import CommandIntentGuard
    from bot.nlu.knowledge_entities import KnowledgeEntityExtractor

    (processed,) = (guard or CommandIntentGuard()).process(KnowledgeEntityExtractor().process([message]))
    return processed


@pytest.fixture(scope="module")
def trained_guard(tmp_path_factory):
    """The guard trained on the project's NLU data, persisted and loaded as Rasa does."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.command_guard import CommandIntentGuard

    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("command_guard")
    data = TrainingData().merge(*[load_data(str(p)) for p in sorted(Path("bot/data").glob("*/nlu.yml"))])
    CommandIntentGuard.create({}, storage, resource, None).train(data)
    return CommandIntentGuard.load({}, storage, resource, None)


def test_the_extractor_passes_on_topics_and_aspect_with_their_place():
    text = "quels sont les avantages d'un groupemnt d'employeurs ?"
    message = process(diet_message(text, [("ask_aspect", 0.9)]))
    found = {(e["entity"], e["value"], text[e["start"] : e["end"]]) for e in message.get("entities")}
    assert found == {("topic", "ge", "groupemnt d'employeurs"), ("aspect", "advantages", "avantages")}
    assert "entities" in message.output_properties


def test_a_command_names_nothing():
    assert process(diet_message("suivant", [("next_step", 0.96)])).get("entities", []) == []


def test_process_keeps_a_short_command():
    message = process(diet_message("suivant", [("next_step", 0.96), ("ask_definition", 0.03)]))
    assert message.get("intent") == {"name": "next_step", "confidence": 0.96}
    assert message.get("intent_ranking")[0]["name"] == "next_step"


def test_process_replaces_a_command_for_a_long_question_naming_a_topic():
    text = "avant de créer notre groupement d'employeurs, faut-il consulter le CSE de chaque association ?"
    message = process(diet_message(text, [("previous_step", 0.71), ("ask_aspect", 0.2), ("resume", 0.09)]))
    assert message.get("intent") == {"name": "ask_aspect", "confidence": 0.2}
    assert [r["name"] for r in message.get("intent_ranking")] == ["ask_aspect", "previous_step", "resume"]
    assert "intent" in message.output_properties and "intent_ranking" in message.output_properties


def test_process_replaces_start_orientation_for_a_question_about_the_forms():
    ranking = [("start_orientation", 0.88), ("next_step", 0.07), ("ask_definition", 0.05)]
    message = process(diet_message("quelles sont les formes de coopération ?", ranking))
    assert message.get("intent")["name"] == "ask_definition"


def test_process_keeps_a_request_for_orientation():
    ranking = [("start_orientation", 0.9), ("ask_definition", 0.1)]
    message = process(diet_message("aide-moi à choisir une forme de coopération", ranking))
    assert message.get("intent")["name"] == "start_orientation"


def test_a_command_may_name_the_journeys_own_words():
    # « challenge » names the weak topic « les 4 challenges »: still a command in the journey.
    message = process(diet_message("challenge suivant", [("next_step", 0.98), ("greet", 0.01)]))
    assert [e["value"] for e in message.get("entities")] == ["regles_du_jeu"]
    assert message.get("intent")["name"] == "next_step"
    named = process(diet_message("GE suivant", [("next_step", 0.9), ("ask_definition", 0.1)]))
    assert named.get("intent")["name"] == "ask_definition"


def test_a_doubtful_restart_naming_an_aspect_does_not_erase_the_conversation():
    message = process(diet_message("son but ?", [("restart", 0.44), ("ask_aspect", 0.3), ("greet", 0.1)]))
    assert message.get("intent")["name"] == "ask_aspect"


def test_a_sure_restart_is_kept():
    message = process(diet_message("on recommence à zéro", [("restart", 0.97), ("resume", 0.02)]))
    assert message.get("intent")["name"] == "restart"


def test_a_short_question_naming_an_aspect_is_no_choice():
    # Outside a questionnaire a « choose » answers with the menu: the question would go unanswered.
    message = process(diet_message("y a des pieges a eviter ?", [("choose", 0.8), ("ask_aspect", 0.1)]))
    assert message.get("intent")["name"] == "ask_aspect"


def test_a_question_is_no_choice():
    assert not is_command("et si on passe a 13 en septembre ?", names_something=False, intent="choose")
    assert is_command("la 2 ?", names_something=False, intent="choose")
    assert not is_command("et si elle est pas d'accord ?", names_something=False, intent="deny")
    assert is_command("pas d'accord", names_something=False, intent="deny")
    assert is_command("on peut passer à la prochaine étape ?", names_something=False, intent="next_step")


@pytest.mark.parametrize(
    ("text", "ranking", "kept"),
    [
        # Misread online (measured): each said what no control example says.
        ("quelles erreurs eviter au debut ?", [("restart", 0.99), ("ask_aspect", 0.01)], "ask_aspect"),
        (
            "est ce qu'on doit lui verser une indemnité si c'est nous qui arrêtons ?",
            [("stop", 0.96), ("ask_aspect", 0.02)],
            "ask_aspect",
        ),
        ("ils utilisent quels contrats ?", [("help", 0.99), ("ask_definition", 0.01)], "ask_definition"),
        ("et s'il enchaîne deux CDD ?", [("next_step", 0.58), ("ask_situation", 0.2), ("stop", 0.1)], "ask_situation"),
        # Controls, including words of their own the examples do not have.
        ("suivant", [("next_step", 0.96), ("ask_definition", 0.03)], "next_step"),
        ("on continue ?", [("next_step", 0.9), ("ask_definition", 0.1)], "next_step"),
        ("stop je dois partir", [("stop", 0.9), ("goodbye", 0.1)], "stop"),
        ("que sais-tu faire ?", [("help", 0.95), ("ask_definition", 0.05)], "help"),
        # A request for help speaks to the assistant, whatever its words.
        ("j'ai besoin d'aide pour utiliser le bot", [("help", 0.9), ("thanks", 0.05)], "help"),
        ("on recommence à zéro", [("restart", 0.97), ("resume", 0.02)], "restart"),
    ],
)
def test_a_control_intent_is_kept_only_for_what_controls_say(trained_guard, text, ranking, kept):
    assert process(diet_message(text, ranking), trained_guard).get("intent")["name"] == kept


def test_the_guard_trained_keeps_the_control_examples_words(trained_guard):
    assert {"suivant", "recommenc", "arret"} & trained_guard.vocabulary
    assert "cdd" not in trained_guard.vocabulary
