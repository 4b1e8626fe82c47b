"""Hand the conversation off to a human, through the contact the website's owner configured."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.runtime.settings import ROOT

FIELDS = (
    ("name", "Contact"),
    ("url", "Page de contact"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("hours", "Horaires"),
)
NOT_CONFIGURED = (
    "Aucun contact humain n'a été configuré par le site qui héberge cet assistant : je ne peux pas "
    "vous mettre en relation. Vous pouvez vous adresser à votre fédération ou à votre réseau, ou "
    "me demander « qui peut nous accompagner ? »."
)


def handoff_file() -> Path:
    return Path(os.environ.get("HANDOFF_FILE", ROOT / "handoff.yml"))


def contact_lines(path: Path) -> list[str]:
    """The configured contact as « label : value » lines (empty when none is configured)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        return []
    return [f"{label} : {contact[key]}" for key, label in FIELDS if contact.get(key)]


class ActionHandOff(Action):
    def name(self) -> str:
        return "action_hand_off"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lines = contact_lines(handoff_file())
        if lines:
            dispatcher.utter_message(text="Vous pouvez joindre une personne :\n" + "\n".join(lines))
        else:
            dispatcher.utter_message(text=NOT_CONFIGURED)
        return []
