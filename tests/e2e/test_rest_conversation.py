"""The whole path: REST message -> NLU -> policy -> action server -> knowledge -> reply,
persisted in the SQLite tracker store across a Rasa server restart."""

from __future__ import annotations

import re
import sqlite3

from evaluation.assistant import assistant_env, by_name, reply_text, say, started


def _event_count(db_path, sender: str) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_french_conversation_survives_a_rasa_restart(tmp_path):
    env = assistant_env(tmp_path)
    db_path = tmp_path / "tracker.db"
    services = by_name(env)
    log = tmp_path / "assistant.log"
    sender = "e2e-restart"

    with started([services["actions"]], log):
        with started([services["rasa"]], log):
            greeting = reply_text(say(env, sender, "bonjour"))
            assert "Bonjour" in greeting
            definition = reply_text(say(env, sender, "c'est quoi un groupement d'employeurs ?"))
            assert "employeur" in definition.lower()
            assert "temps plein" in definition
            assert re.search(r"Sources? :", definition)
        events_before = _event_count(db_path, sender)
        assert events_before > 0

        with started([by_name(env)["rasa"]], log):
            follow_up = reply_text(say(env, sender, "et qui peut nous aider ?"))
            assert "CRGE" in follow_up  # the topic (GE) came back from the tracker store
        assert _event_count(db_path, sender) > events_before
