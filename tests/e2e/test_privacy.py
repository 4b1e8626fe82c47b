"""What the real assistant stores for a message (no IP address, no client metadata), and
« Effacer ma conversation »: POST /webhooks/rest/erase deletes one conversation from the SQLite
tracker store, keeps the others, and the erased events never come back."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

from evaluation.assistant import say


def post(env, path: str, body: dict) -> tuple[int, dict | list]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{env['PORT']}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def rows(env, sender: str) -> list[tuple[str, dict]]:
    path = env["TRACKER_STORE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        found = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [(type_name, json.loads(data)) for type_name, data in found]


def test_no_ip_address_and_no_client_metadata_is_stored(assistant):
    sender = "e2e-metadata"
    metadata = {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (X11)", "page": "/contact?email=a@b.fr"}
    status, _reply = post(
        assistant, "/webhooks/rest/webhook", {"sender": sender, "message": "bonjour", "metadata": metadata}
    )
    assert status == 200
    stored = rows(assistant, sender)
    text = json.dumps([data for _type, data in stored])
    for value in ("203.0.113.7", "127.0.0.1", "Mozilla", "email=", "user_agent"):
        assert value not in text, value
    (user,) = [data for type_name, data in stored if type_name == "user"]
    assert user["text"] == "bonjour" and user["input_channel"] == "rest"
    # What Rasa adds to a message: the model that understood it, and nothing about the client.
    assert set(user["metadata"]) <= {"model_id", "assistant_id"}
    assert not user["parse_data"].get("metadata")
    assert not [
        data for type_name, data in stored if type_name == "slot" and data["name"] == "session_started_metadata"
    ]


def test_erase_deletes_one_conversation_and_keeps_the_others(assistant):
    say(assistant, "e2e-erase-me", "c'est quoi un groupement d'employeurs ?", timeout=120)
    say(assistant, "e2e-erase-me", '/feedback{"feedback": "pas_utile"}')
    say(assistant, "e2e-erase-me", "j'attendais un exemple")
    say(assistant, "e2e-keep-me", "c'est quoi une SCIC ?")
    kept = rows(assistant, "e2e-keep-me")
    before = len(rows(assistant, "e2e-erase-me"))
    assert before > 10 and kept

    status, body = post(assistant, "/webhooks/rest/erase", {"sender": "e2e-erase-me"})
    assert (status, body) == (200, {"erased": before})
    assert rows(assistant, "e2e-erase-me") == []
    assert rows(assistant, "e2e-keep-me") == kept

    # the same sender id again: a new conversation, the old events do not come back
    assert "Bonjour" in say(assistant, "e2e-erase-me", "bonjour")[0]["text"]
    after = rows(assistant, "e2e-erase-me")
    assert [data["text"] for type_name, data in after if type_name == "user"] == ["bonjour"]
    bot_texts = [data.get("text") or "" for type_name, data in after if type_name == "bot"]
    assert bot_texts and not any("temps plein" in t or "Qu'attendiez" in t for t in bot_texts)
    assert [data["value"] for type_name, data in after if type_name == "slot" and data["name"] == "topic"] == []
    assert len(after) < before

    status, body = post(assistant, "/webhooks/rest/erase", {"sender": "e2e-erase-me"})
    assert status == 200 and body == {"erased": len(after)}
    status, body = post(assistant, "/webhooks/rest/erase", {"sender": "e2e-erase-me"})
    assert status == 404 and "rien n'a été effacé" in body["error"]


def test_erase_refuses_an_empty_or_wildcard_sender(assistant):
    say(assistant, "e2e-wildcard-victim", "bonjour", timeout=120)
    before = rows(assistant, "e2e-wildcard-victim")
    for sender in ("", "*", "%", "e2e-%"):
        status, body = post(assistant, "/webhooks/rest/erase", {"sender": sender})
        assert status == 400 and "'sender'" in body["error"], sender
    status, _body = post(assistant, "/webhooks/rest/erase", {"message": "x"})
    assert status == 400
    assert rows(assistant, "e2e-wildcard-victim") == before
