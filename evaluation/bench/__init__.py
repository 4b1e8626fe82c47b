"""Load benchmark of the assistant against Rasa's stock starter bot (`rasa init`): `python -m evaluation.bench`.

Modules: `results` (samples and statistics), `load` (the asyncio load generator and its two profiles),
`machine` (machine facts and process memory), `servers` (starting both bots), `report` (Markdown and
targets), `__main__` (command line).
"""
