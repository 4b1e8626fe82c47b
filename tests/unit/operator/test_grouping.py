"""Unanswered questions grouped by near-identical wording (normalised, token_set_ratio >= 85)."""

from __future__ import annotations

from bot.operator.grouping import SIMILARITY_THRESHOLD, QuestionGroup, group_questions, normalise


def test_normalise_lowercases_strips_accents_and_collapses_spaces():
    assert normalise("  Qu'est-ce   qu'une  ÉCOLE\tÉté ?  ") == "qu'est-ce qu'une ecole ete ?"


def test_threshold():
    assert SIMILARITY_THRESHOLD == 85


def test_near_duplicates_form_one_group_with_the_most_frequent_wording_as_example():
    questions = [
        "Comment financer un tiers-lieu ?",
        "comment   FINANCER un tiers-lieu",
        "Comment financer un tiers-lieu ?",
        "Comment financer un tiers-lieu svp ?",
        "Combien coûte une adhésion à la CRESS ?",
        "combien coute une adhesion a la cress ?",
        "Quel est le salaire minimum en Belgique ?",
    ]
    assert group_questions(questions) == [
        QuestionGroup(example="Comment financer un tiers-lieu ?", count=4, wordings=3),
        QuestionGroup(example="Combien coûte une adhésion à la CRESS ?", count=2, wordings=2),
        QuestionGroup(example="Quel est le salaire minimum en Belgique ?", count=1, wordings=1),
    ]


def test_different_questions_stay_apart():
    groups = group_questions(
        ["Qu'est-ce qu'une SCIC ?", "Quelles aides pour embaucher ?", "Comment créer une association ?"]
    )
    assert [group.count for group in groups] == [1, 1, 1]


def test_blank_questions_are_ignored():
    assert group_questions(["", "   "]) == []
