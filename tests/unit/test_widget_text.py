"""The widget and the server say « service unavailable » with one text."""

from __future__ import annotations

import json
import re

from bot.channels.payload import UNAVAILABLE_REPLY
from bot.runtime.settings import ROOT


def test_the_widget_shows_the_servers_unavailable_text():
    source = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    match = re.search(r'^\s*var ERROR_TEXT = ("(?:[^"\\]|\\.)*");$', source, re.MULTILINE)
    assert match, "web/widget.js no longer defines ERROR_TEXT as one string literal"
    assert json.loads(match.group(1)) == UNAVAILABLE_REPLY
