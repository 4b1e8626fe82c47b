"""The start speedups change no answer: the model loaded by bot/runtime/rasa_server.py (DIET's weights
created eagerly, prediction graph traced without AutoGraph) and by Rasa's own loader give the same
intent, ranking and confidences for every message of the held-out NLU set. Two fresh processes, so
that nothing is shared but the model file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.runtime import settings

ROOT = settings.ROOT
PARSE_ALL = """
import asyncio, json, re, sys
import yaml
if sys.argv[1] == "fast":
    from bot.runtime import rasa_server
    assert rasa_server.install()
from rasa.core.agent import Agent

texts = []
for item in yaml.safe_load(open("tests/nlu/test_nlu.yml"))["nlu"]:
    for line in (item.get("examples") or "").splitlines():
        text = re.sub(r"\\[([^\\]]*)\\](\\([^)]*\\)|\\{[^}]*\\})", r"\\1", line.strip()[2:].strip())
        if text:
            texts.append(text)
agent = Agent.load(sys.argv[2])
parsed = [asyncio.run(agent.parse_message(text)) for text in texts]
with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump([[p["text"], p["intent"], p["intent_ranking"], p["entities"]] for p in parsed], out)
"""


def parse_all(mode: str, tmp_path) -> list:
    """The parses, written to a file: once, the last 64 KiB line on a pipe came back cut at 65 536
    characters (CI on a fresh clone, 4 Dec.)."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    output = tmp_path / f"{mode}.json"
    run = subprocess.run(
        [sys.executable, "-c", PARSE_ALL, mode, str(settings.MODEL_PATH), str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(output.read_text(encoding="utf-8"))


@pytest.mark.skipif(not settings.MODEL_PATH.exists(), reason="no trained model (make train)")
def test_the_fast_load_gives_exactly_rasas_predictions(tmp_path):
    fast, stock = parse_all("fast", tmp_path), parse_all("stock", tmp_path)
    assert len(fast) > 100
    for mine, theirs in zip(fast, stock, strict=True):
        assert mine == theirs, mine[0]
