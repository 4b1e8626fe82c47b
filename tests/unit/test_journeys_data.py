"""The journeys' data and pure logic: typed answers, quiz scoring and ties, orientation, routing."""

from __future__ import annotations

import pytest

from bot.knowledge import load
from bot.knowledge.journeys import (
    clean_place,
    orientation_result,
    parse_choice,
    quiz_profiles,
    quiz_result,
    routing_result,
)

KB = load()
JOURNEYS = KB.journeys
WORDS = KB.lexicon
Q1 = JOURNEYS.quiz.questionnaire.step("quiz_q1").options


def questionnaire(name):
    return getattr(JOURNEYS, name).questionnaire


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
    assert parse_choice(typed, Q1, WORDS).option.value == value


def test_a_question_using_an_options_words_is_not_a_certain_choice():
    goals = questionnaire("orientation").step("orientation_goal").options
    assert parse_choice("c'est quoi le faire corps exactement ?", goals, WORDS).certain is False
    assert parse_choice("c'est quoi le faire corps", goals, WORDS).certain is False
    assert parse_choice("parler d'une seule voix", goals, WORDS).certain is True
    assert parse_choice("2", goals, WORDS).certain is True


@pytest.mark.parametrize("typed", ["7", "n'importe quoi", "", "d"])
def test_unrelated_answers_are_not(typed):
    assert parse_choice(typed, Q1, WORDS) is None


def test_every_quiz_question_has_three_options_from_the_guide(guide_text):
    quiz = questionnaire("quiz")
    assert len(quiz.steps) == 4
    for step in quiz.steps:
        assert step.text in guide_text
        assert len(step.options) == 3
        assert all(option.text in guide_text for option in step.options)
        assert {option.value for option in step.options} == set(JOURNEYS.quiz.profiles)


def test_quiz_majority_and_ties():
    assert quiz_profiles(JOURNEYS.quiz, ["leader", "ideateur", "leader", "apporteur"]) == ["leader"]
    assert quiz_profiles(JOURNEYS.quiz, ["leader", "ideateur", "ideateur", "leader"]) == ["leader", "ideateur"]


def test_quiz_result_gives_the_guides_description_and_explains_the_scoring(kb, guide_text):
    result = quiz_result(JOURNEYS.quiz, ["apporteur", "apporteur", "leader", "ideateur"])
    assert result.text.startswith("Vous êtes un apporteur d'affaires !")
    description = JOURNEYS.quiz.profiles["apporteur"].text
    assert description in result.text and description in guide_text
    assert "Comment ce résultat est calculé" in result.text


def test_quiz_tie_is_said_and_shows_both_profiles(kb):
    text = quiz_result(JOURNEYS.quiz, ["leader", "ideateur", "ideateur", "leader"]).text
    assert "égalité" in text and "leader" in text and "idéateur" in text


def test_orientation_lists_the_form_and_the_structures_of_the_chosen_category(kb):
    text = orientation_result(kb, JOURNEYS.orientation, "faire_ensemble", "fonctionnelle").text
    assert "« faire ensemble »" in text and "convention de coproduction" in text
    assert "SCIC" not in text  # organique, not asked
    assert "clé d'entrée" in text


def test_orientation_without_preference_lists_both_categories(kb):
    text = orientation_result(kb, JOURNEYS.orientation, "faire_avec", "any").text
    assert "groupement d'employeurs (GE)" in text and "convention de mutualisation" in text


def test_routing_names_bodies_and_never_invents_a_contact(kb):
    text = routing_result(kb, JOURNEYS.routing, kb.territories, "ges", "Bretagne", can_hand_off=False).text
    assert "COORACE" in text and "(Bretagne)" in text
    assert "@" not in text and "tél" not in text.lower()


def test_routing_with_a_place_gives_the_regional_bodies_an_official_page_lists(kb):
    text = routing_result(kb, JOURNEYS.routing, kb.territories, "share_staff", "on est dans le 29", False).text
    assert "Dans votre région (Bretagne) : CRGE Bretagne : https://crge-bretagne.com/" in text
    assert "CRGE Occitanie" not in text and "https://www.info-dla.fr/" in text
    elsewhere = routing_result(kb, JOURNEYS.routing, kb.territories, "share_staff", "Grand Est", False).text
    assert "Aucun organisme de cette liste n'est indiqué pour Grand Est" in elsewhere


def test_common_words_name_a_place_only_with_a_capital(kb):
    # « on aura besoin d'un prêt… » was routed to Auvergne-Rhône-Alpes (measured).
    assert kb.territories.find("on aura besoin d'un prêt, on va voir qui ?") is None
    assert kb.territories.find("qui peut nous aider pour la réunion du CSE ?") is None
    assert kb.territories.find("on est en AURA").region.id == "auvergne-rhone-alpes"
    assert kb.territories.find("nous sommes à La Réunion").region.id == "la-reunion"


def test_a_number_after_a_is_a_headcount_and_alone_a_departement(kb):
    # « et à 50 ? » after the CSE's thresholds was routed to the Manche (measured).
    assert kb.territories.find("et à 50 ?") is None
    assert kb.territories.find("et a 50 salariés ?") is None
    assert kb.territories.find("et dans le 50 ?").departement == "Manche (50)"
    assert kb.territories.find("50").departement == "Manche (50)"


def test_the_hand_off_button_appears_only_when_a_contact_is_configured(kb):
    offered = routing_result(kb, JOURNEYS.routing, kb.territories, "bank", None, can_hand_off=True)
    silent = routing_result(kb, JOURNEYS.routing, kb.territories, "bank", None, can_hand_off=False)
    assert "Parler à une personne" in [b.title for b in offered.buttons]
    assert "Parler à une personne" not in [b.title for b in silent.buttons]


def test_directory_names_and_addresses_are_those_of_the_official_page(kb):
    for directory in JOURNEYS.routing.directories.values():
        cited = kb.sources.text(directory.source)
        if directory.source.kind != "official":
            continue
        for entry in directory.entries:
            assert entry.name.replace("'", "’") in cited.replace("'", "’"), entry.name
            assert entry.url is None or f"({entry.url})" in cited, entry.url


def test_place_is_cleaned_or_skipped():
    assert clean_place("<script>alert(1)</script> Gironde", WORDS) == "scriptalert1script Gironde"
    assert clean_place("passer", WORDS) is None
    assert len(clean_place("x" * 500, WORDS)) == 40


def test_every_option_of_every_journey_has_string_aliases():
    for name in ("quiz", "orientation", "routing"):
        for step in questionnaire(name).steps:
            assert all(isinstance(alias, str) for option in step.options for alias in option.aliases)


@pytest.mark.parametrize(("typed", "value"), [("yes", "organique"), ("no", "fonctionnelle"), ("oui", "organique")])
def test_yes_and_no_answer_the_entity_question(typed, value):
    options = questionnaire("orientation").step("orientation_entity").options
    assert parse_choice(typed, options, WORDS).option.value == value
