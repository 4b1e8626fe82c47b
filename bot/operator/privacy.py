"""Masking of what could identify a person in the texts the report shows: e-mail addresses and
French phone numbers typed into the conversation."""

from __future__ import annotations

import re

EMAIL_MASK = "[courriel masqué]"
PHONE_MASK = "[téléphone masqué]"

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 0612345678, +33 6 12 34 56 78, +33 (0)6…, 0033 6…
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")


def mask(text: str) -> str:
    """`text` with every e-mail address and phone number replaced by a French placeholder."""
    return PHONE.sub(PHONE_MASK, EMAIL.sub(EMAIL_MASK, text))
