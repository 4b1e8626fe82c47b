"""« Parler à une personne » with a contact file that cannot be read: said clearly, never a silent
« no contact » — to the person (in French), in the action server's log, and when `make run` starts."""

from __future__ import annotations

import logging

import pytest

from bot.actions.handoff import NOT_CONFIGURED, UNREADABLE, ActionHandOff
from bot.runtime.handoff_file import ContactFileError, contact_lines, startup_warning
from bot.runtime.settings import ROOT

BROKEN_YAML = 'contact:\n  name: "Maison des associations"\n   email: contact@exemple.org\n'  # line 3


@pytest.fixture
def contact_file(tmp_path, monkeypatch):
    path = tmp_path / "handoff.yml"
    monkeypatch.setenv("HANDOFF_FILE", str(path))
    return path


async def test_a_yaml_error_is_logged_with_file_and_line_and_told_politely(
    dispatcher, tracker_for, contact_file, caplog
):
    contact_file.write_text(BROKEN_YAML)
    with caplog.at_level(logging.ERROR, logger="bot.actions.handoff"):
        await ActionHandOff().run(dispatcher, tracker_for("un humain", "hand_off"), {})
    assert dispatcher.messages[0]["text"] == UNREADABLE
    assert "illisible" in UNREADABLE and NOT_CONFIGURED.endswith(UNREADABLE.split("moment. ")[1])
    (record,) = caplog.records
    assert f"{contact_file}, line 3" in record.getMessage() and "YAML error" in record.getMessage()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (BROKEN_YAML, "YAML error"),
        ("- contact\n", "must be a mapping"),
        ("contact: contact@exemple.org\n", "'contact' must be a mapping"),
        (b"contact:\n  name: \xff\n", "cannot be read"),
    ],
    ids=["yaml-error", "a-list", "contact-not-a-mapping", "not-utf8"],
)
def test_unusable_files_raise_with_the_reason(contact_file, text, reason):
    contact_file.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ContactFileError, match=reason) as error:
        contact_lines(contact_file)
    assert str(contact_file) in str(error.value)


@pytest.mark.parametrize(
    "text", [None, "", "contact:\n", "# only comments\n"], ids=["missing", "empty", "no-contact", "comments"]
)
def test_no_contact_is_not_an_error(contact_file, text):
    if text is not None:
        contact_file.write_text(text)
    assert contact_lines(contact_file) == []
    assert startup_warning(contact_file) is None


def test_make_run_prints_one_french_line_for_an_unreadable_file(contact_file):
    contact_file.write_text(BROKEN_YAML)
    warning = startup_warning()
    assert warning.count("\n") == 0
    assert str(contact_file) in warning and "illisible (ligne 3)" in warning


def test_the_repository_file_is_readable():
    assert startup_warning(ROOT / "handoff.yml") is None
