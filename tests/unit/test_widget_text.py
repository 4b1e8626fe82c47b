"""The widget and the server say « service unavailable » and the default privacy notice with one
text each; /config.js hands the site's notice to the widget."""

from __future__ import annotations

import json
import re

import pytest

from bot.channels.payload import UNAVAILABLE_REPLY
from bot.operator.retention import DEFAULT_RETENTION_DAYS
from bot.runtime.settings import ROOT
from bot.runtime.web import DEFAULT_PRIVACY_NOTICE, privacy

WIDGET = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")


def widget_string(name: str) -> str:
    match = re.search(rf'^\s*var {name} = ("(?:[^"\\]|\\.)*");$', WIDGET, re.MULTILINE)
    assert match, f"web/widget.js no longer defines {name} as one string literal"
    return json.loads(match.group(1))


def test_the_widget_shows_the_servers_unavailable_text():
    assert widget_string("ERROR_TEXT") == UNAVAILABLE_REPLY


def test_the_widget_has_the_servers_default_privacy_notice():
    assert widget_string("DEFAULT_PRIVACY_TEXT") == DEFAULT_PRIVACY_NOTICE
    assert f"var DEFAULT_RETENTION_DAYS = {DEFAULT_RETENTION_DAYS};" in WIDGET


def test_the_default_notice_says_what_is_kept_how_long_and_how_to_erase_it():
    notice = privacy({})
    assert notice == {
        "privacyText": DEFAULT_PRIVACY_NOTICE.replace("{days}", "180"),
        "privacyUrl": "",
        "retentionDays": 180,
    }
    assert "conservés 180 jours" in notice["privacyText"] and "adresse IP" in notice["privacyText"]
    assert "« Effacer ma conversation »" in notice["privacyText"]
    assert "conservés 90 jours" in privacy({"RETENTION_DAYS": "90"})["privacyText"]


@pytest.mark.parametrize(
    ("env", "text", "url"),
    [
        (
            {"PRIVACY_NOTICE": " Vos messages restent 30 jours. ", "PRIVACY_URL": "https://asso.example/vie-privee"},
            "Vos messages restent 30 jours.",
            "https://asso.example/vie-privee",
        ),
        ({"PRIVACY_URL": "javascript:alert(1)"}, None, ""),
        ({"RETENTION_DAYS": "bientôt"}, DEFAULT_PRIVACY_NOTICE.replace("{days}", "180"), ""),
    ],
    ids=["configured", "not-http", "invalid-retention"],
)
def test_the_site_configures_the_notice(env, text, url):
    notice = privacy(env)
    assert notice["privacyUrl"] == url
    if text is not None:
        assert notice["privacyText"] == text
