"""The journeys' data and pure logic: typed answers, quiz scoring and ties, orientation, routing."""

from __future__ import annotations

import pytest

from bot.knowledge.journeys import (
    clean_place,
    orientation_result,
    parse_choice,
    questionnaire,
    quiz_profiles,
    quiz_result,
    routing_result,
)

Q1 = questionnaire("quiz").step("quiz_q1").options


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2", "ideateur"),
        ("b", "ideateur"),
        ("B)", "ideateur"),
        ("la deuxième", "ideateur"),
        ("réponse 3", "leader"),
        ("Pour partager vos idées", "ideateur"),
        ("mon ADN", "leader"),
        ("pour travaillr mon reseau", "apporteur"),
    ],
)
def test_typed_answers_are_understood(typed, value):
    assert parse_choice(typed, Q1).option.value == value


def test_a_question_using_an_options_words_is_not_a_certain_choice():
    goals = questionnaire("orientation").step("orientation_goal").options
    assert parse_choice("c'est quoi le faire corps exactement ?", goals).certain is False
    assert parse_choice("c'est quoi le faire corps", goals).certain is False
    assert parse_choice("parler d'une seule voix", goals).certain is True
    assert parse_choice("2", goals).certain is True


@pytest.mark.parametrize("typed", ["7", "n'importe quoi", "", "d"])
def test_unrelated_answers_are_not(typed):
    assert parse_choice(typed, Q1) is None


def test_every_quiz_question_has_three_options_from_the_guide(guide_text):
    quiz = questionnaire("quiz")
    assert len(quiz.steps) == 4
    for step in quiz.steps:
        assert step.text in guide_text
        assert len(step.options) == 3
        assert all(option.text in guide_text for option in step.options)
        assert {option.value for option in step.options} == set(quiz.raw["profiles"])


def test_quiz_majority_and_ties():
    assert quiz_profiles(["leader", "ideateur", "leader", "apporteur"]) == ["leader"]
    assert quiz_profiles(["leader", "ideateur", "ideateur", "leader"]) == ["leader", "ideateur"]


def test_quiz_result_gives_the_guides_description_and_explains_the_scoring(kb, guide_text):
    result = quiz_result(kb, ["apporteur", "apporteur", "leader", "ideateur"])
    assert result.text.startswith("Vous êtes un apporteur d'affaires !")
    description = questionnaire("quiz").raw["profiles"]["apporteur"]["text"]
    assert description in result.text and description in guide_text
    assert "Comment ce résultat est calculé" in result.text


def test_quiz_tie_is_said_and_shows_both_profiles(kb):
    text = quiz_result(kb, ["leader", "ideateur", "ideateur", "leader"]).text
    assert "égalité" in text and "leader" in text and "idéateur" in text


def test_orientation_lists_the_form_and_the_structures_of_the_chosen_category(kb):
    text = orientation_result(kb, "faire_ensemble", "fonctionnelle").text
    assert "« faire ensemble »" in text and "convention de coproduction" in text
    assert "SCIC" not in text  # organique, not asked
    assert "clé d'entrée" in text


def test_orientation_without_preference_lists_both_categories(kb):
    text = orientation_result(kb, "faire_avec", "any").text
    assert "groupement d'employeurs (GE)" in text and "convention de mutualisation" in text


def test_routing_names_bodies_and_never_invents_a_contact(kb):
    text = routing_result(kb, "ges", "Bretagne").text
    assert "COORACE" in text and "(Bretagne)" in text
    assert "je ne peux pas vous donner d'adresse" in text
    assert "@" not in text and "tel" not in text.lower()


def test_every_need_routes_to_known_bodies_with_a_way_to_find_them(kb):
    raw = questionnaire("routing").raw
    for need, bodies in raw["needs"].items():
        assert bodies, need
        for body in bodies:
            assert kb.topics[body].kind == "body"
            assert raw["find"][body]["source"] in kb.sources


def test_place_is_cleaned_or_skipped():
    assert clean_place("<script>alert(1)</script> Gironde") == "scriptalert1script Gironde"
    assert clean_place("passer") is None
    assert len(clean_place("x" * 500)) == 40


def test_every_option_of_every_journey_has_string_aliases():
    for name in ("quiz", "orientation", "routing"):
        for step in questionnaire(name).steps:
            assert all(isinstance(alias, str) for option in step.options for alias in option.aliases)


@pytest.mark.parametrize(("typed", "value"), [("yes", "organique"), ("no", "fonctionnelle"), ("oui", "organique")])
def test_yes_and_no_answer_the_entity_question(typed, value):
    options = questionnaire("orientation").step("orientation_entity").options
    assert parse_choice(typed, options).option.value == value
