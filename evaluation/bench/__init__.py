"""Load benchmark of the assistant against Rasa's stock starter bot (`rasa init`): `python -m evaluation.bench`.

Modules: `results` (samples and statistics), `load` (the asyncio load generator and its two profiles),
`machine` (machine facts and process memory), `servers` (starting the bots, and our assistant with
several workers or replicas), `events` (lost or duplicated events in the tracker store), `start` (cold
start of `make run`, phases of the Rasa start), `report` (Markdown and targets), `plot` (p95 plot),
`__main__` (command line). Apart: `profile` (per-message cost of a Rasa server, py-spy) and `ab`
(A/B of the per-message speedups in one run).
"""
