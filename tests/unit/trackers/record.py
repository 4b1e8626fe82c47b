"""Record the tracker fixtures of tests/unit/test_actions_recorded.py: each message is parsed by the
trained model (intent, and the entities of KnowledgeEntityExtractor), put in a real Rasa tracker
with the conversation's slots, and saved as the JSON the action server receives.

Usage (after `make train`): .venv/bin/python -m tests.unit.trackers.record
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.runtime.settings import MODEL_PATH, ROOT

HERE = Path(__file__).parent
# name -> (message, slots of the conversation so far)
CONVERSATIONS = {
    "definition": ("c'est quoi un groupement d'employeurs ?", {}),
    "follow_up": ("et ses inconvénients ?", {"topic": "faire_avec", "answer_unit": "faire_avec.definition"}),
    "law_yes_no": ("la mutuelle est obligatoire pour notre apprentie ?", {}),
    "out_of_scope": ("tu peux me réserver un train pour Lyon ?", {}),
    "no_sure_answer": ("combien coûte la taxe foncière d'un gymnase municipal ?", {"topic": "ge"}),
    "button": ('/ask_aspect{"unit": "ge.advantages"}', {"topic": "ge"}),
    "place_later": ("et dans mon département ? on est dans le 29", {"topic": "ge", "answer_unit": "ge.contacts"}),
}


async def record() -> None:
    agent = Agent.load(str(MODEL_PATH))
    domain = Domain.load(str(ROOT / "bot" / "data"))
    for name, (text, slots) in CONVERSATIONS.items():
        parse = await agent.parse_message(text)
        events = [ActionExecuted("action_listen"), *(SlotSet(k, v) for k, v in slots.items())]
        events.append(UserUttered(text, parse["intent"], parse["entities"], parse_data=parse))
        tracker = DialogueStateTracker.from_events(f"recorded-{name}", events, slots=domain.slots)
        state = tracker.current_state(EventVerbosity.AFTER_RESTART)
        (HERE / f"{name}.json").write_text(json.dumps(state, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {parse['intent']['name']} {[(e['entity'], e['value']) for e in parse['entities']]}")


if __name__ == "__main__":
    asyncio.run(record())
