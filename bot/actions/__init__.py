"""Custom actions of the assistant, run by the rasa-sdk action server (`rasa run actions`).

Modules are split by domain; each imports the knowledge package, never the other way round.
"""

from bot.actions.questionnaires import FORMS
from bot.knowledge import load
from bot.knowledge.journeys import questionnaire

# Read the data when the action server imports its actions, so that the first question of the first
# person does not wait for it (~270 ms measured).
load()
for _name in FORMS.values():
    questionnaire(_name)
