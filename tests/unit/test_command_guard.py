"""A command intent is replaced when the message cannot be a short command."""

from __future__ import annotations

from bot.nlu.command_guard import asks_guidance, guarded, is_command

RANKING = [
    {"name": "previous_step", "confidence": 0.95},
    {"name": "ask_aspect", "confidence": 0.03},
    {"name": "choose", "confidence": 0.01},
]


def test_a_message_naming_a_topic_or_long_is_no_command():
    assert is_command("on revient en arrière", names_topic=False)
    assert not is_command("avant de fusionner doit-on consulter le CSE ?", names_topic=True)
    assert not is_command("alors voilà on se demandait vraiment ce que vous en pensiez tous", names_topic=False)


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


def test_guidance_cues_with_typos_and_without():
    assert asks_guidance("aide-moi à choisir une forme de coopération")
    assert asks_guidance("orinte moi vers une forme de cooperation")
    assert not asks_guidance("quelles sont les différentes formes de coopération ?")


def test_a_question_about_the_forms_is_not_a_request_for_orientation():
    assert guarded(GUIDANCE[0], GUIDANCE, command_possible=False, guidance_possible=False) == GUIDANCE[2]
    assert guarded(GUIDANCE[0], GUIDANCE, command_possible=False, guidance_possible=True) is GUIDANCE[0]
