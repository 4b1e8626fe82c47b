"""Custom actions of the assistant, run by the rasa-sdk action server (`rasa run actions`).

Modules are split by feature (knowledge, challenges, questionnaires, handoff); each imports the
knowledge package, never the other way round.
"""

from bot.knowledge import load

# Read the data and build the ranker when the action server imports its actions, so that the first
# question of the first person does not wait for them.
load().ranker  # noqa: B018
