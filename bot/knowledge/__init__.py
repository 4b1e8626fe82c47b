"""Knowledge of the guide « Association & Coopération : jouez collectif ! » and of today's law
(official snapshots), as cited data and answer units.

This package never imports Rasa: the action server and any other client use it the same way.
"""

from bot.knowledge.answers import Answer, Button
from bot.knowledge.base import KnowledgeBase, load
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.respond import Question, ask, respond

__all__ = ["Answer", "Button", "KnowledgeBase", "KnowledgeError", "Question", "ask", "load", "respond"]
