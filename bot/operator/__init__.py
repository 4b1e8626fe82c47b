"""The site operator's offline tools: usage report, retention purge and erasure of a conversation.

They read and write the events table of Rasa's SQL tracker store directly (SQLAlchemy Core) and
never import Rasa. Entry point: `python -m bot.operator` (see docs/operator.md).
"""
