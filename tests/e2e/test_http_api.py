"""Rasa's HTTP API (model parse, trackers) is off by default and requires the token when enabled."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from evaluation.assistant import assistant_env, by_name, started

PARSE = {"text": "c'est quoi un GE ?"}


def post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_api_is_off_by_default(assistant):
    base = f"http://127.0.0.1:{assistant['PORT']}"
    assert post(f"{base}/model/parse", PARSE)[0] == 404
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{base}/conversations/someone/tracker", timeout=30)
    assert error.value.code == 404


def test_api_with_a_token_refuses_requests_without_it(tmp_path):
    env = assistant_env(tmp_path, RASA_API_TOKEN="e2e-token")
    base = f"http://127.0.0.1:{env['PORT']}"
    with started([by_name(env)["rasa"]], tmp_path / "rasa.log"):
        assert post(f"{base}/model/parse", PARSE)[0] == 401
        assert post(f"{base}/model/parse?token=wrong", PARSE)[0] == 401
        status, parsed = post(f"{base}/model/parse?token=e2e-token", PARSE)
        assert status == 200 and parsed["text"] == PARSE["text"] and parsed["intent"]["name"]
