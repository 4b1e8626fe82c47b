"""Hand the conversation off to a human, through the contact the website's owner configured."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.runtime.handoff_file import ContactFileError, contact_lines, handoff_file

logger = logging.getLogger(__name__)

ALTERNATIVES = (
    "Vous pouvez vous adresser à votre fédération ou à votre réseau, ou me demander « qui peut nous accompagner ? »."
)
NOT_CONFIGURED = (
    "Aucun contact humain n'a été configuré par le site qui héberge cet assistant : je ne peux pas "
    f"vous mettre en relation. {ALTERNATIVES}"
)
UNREADABLE = (
    "La configuration du contact humain de ce site est illisible : je ne peux pas vous mettre en "
    f"relation pour le moment. {ALTERNATIVES}"
)

__all__ = ["ActionHandOff", "NOT_CONFIGURED", "UNREADABLE", "configured", "contact_lines", "handoff_file"]


def configured() -> bool:
    """Whether the site configured a readable human contact: only then is « Parler à une
    personne » offered."""
    try:
        return bool(contact_lines(handoff_file()))
    except ContactFileError:
        return False


class ActionHandOff(Action):
    def name(self) -> str:
        return "action_hand_off"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            lines = contact_lines(handoff_file())
        except ContactFileError as error:
            logger.error("Human contact configuration unreadable, no hand-off possible: %s", error)
            dispatcher.utter_message(text=UNREADABLE)
            return []
        if lines:
            dispatcher.utter_message(text="Vous pouvez joindre une personne :\n" + "\n".join(lines))
        else:
            dispatcher.utter_message(text=NOT_CONFIGURED)
        return []
