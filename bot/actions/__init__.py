"""Custom actions of the assistant, run by the rasa-sdk action server (`rasa run actions`).

Modules are split by domain; each imports the knowledge package, never the other way round.
"""
