"""E-mail addresses and French phone numbers typed by people are masked in the report."""

from __future__ import annotations

import pytest

from bot.operator.privacy import EMAIL_MASK, PHONE_MASK, mask


@pytest.mark.parametrize(
    "phone",
    ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0612345678", "06-12-34-56-78", "+33612345678",
     "01 45 67 89 10", "0033 6 12 34 56 78", "+33 (0)6 12 34 56 78"],
)  # fmt: skip
def test_french_phone_numbers_are_masked(phone):
    assert mask(f"Rappelez-moi au {phone}, merci") == f"Rappelez-moi au {PHONE_MASK}, merci"


@pytest.mark.parametrize("email", ["marie.dupont@example.org", "contact+ess@asso-sport.fr", "Élise_B@mairie.paris"])
def test_email_addresses_are_masked(email):
    assert mask(f"écrivez à {email} svp") == f"écrivez à {EMAIL_MASK} svp"


def test_several_in_one_message():
    text = "moi c'est jean@asso.org ou 06 11 22 33 44, sinon paul@asso.org / 07.00.00.00.01"
    assert mask(text) == f"moi c'est {EMAIL_MASK} ou {PHONE_MASK}, sinon {EMAIL_MASK} / {PHONE_MASK}"


@pytest.mark.parametrize(
    "text",
    [
        "Article L. 1253-1 du code du travail",
        "un budget de 10 000 euros en 2025",
        "SIRET 12345678901234",
        "loi n° 2014-856 du 31 juillet 2014",
        "entre 50 et 250 salariés",
    ],
)
def test_numbers_that_are_not_phones_stay(text):
    assert mask(text) == text
