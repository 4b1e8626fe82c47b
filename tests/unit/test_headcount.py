"""Headcounts asked and the bands of employees an answer states."""

from __future__ import annotations

import pytest

from bot.knowledge import headcount


@pytest.mark.parametrize(
    ("text", "count"),
    [("on a 25 salariés, on doit avoir un CSE ?", 25), ("asso de 8 salaries", 8), ("un CDD de 2 mois", None)],
)
def test_the_headcount_a_message_gives(text, count):
    assert headcount.asked(text) == count


def test_bands_are_read_most_precise_first():
    assert headcount.bands("De 11 à 24 salariés : un titulaire ; de 25 à 49 salariés : deux") == [(11, 24), (25, 49)]
    assert headcount.bands("au moins 50 salariés") == [(50, headcount.INFINITY)]
    assert headcount.bands("une structure de moins de 11 salariés") == [(0, 10)]


def test_a_yes_no_answer_is_stated_for_the_band_of_its_first_clause():
    answer = (
        "Non : une structure de moins de 11 salariés n'est pas obligée de mettre en place un CSE ; il ne devient "
        "obligatoire que si l'effectif d'au moins 11 salariés est atteint pendant 12 mois consécutifs."
    )
    assert headcount.stated_for(answer, 8) is True
    assert headcount.stated_for(answer, 25) is False
    assert headcount.stated_for("De 11 à 24 salariés : un titulaire ; de 25 à 49 salariés : deux.", 30) is True
    assert headcount.stated_for("L'employeur paie au moins la moitié de la cotisation.", 30) is None
