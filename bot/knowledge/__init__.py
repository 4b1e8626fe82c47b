"""Knowledge of the guide « Association & Coopération : jouez collectif ! », as cited data.

This package never imports Rasa: the action server and any other client use it the same way.
"""

from bot.knowledge.answers import Answer, Button, answer
from bot.knowledge.base import KnowledgeBase, load
from bot.knowledge.loader import KnowledgeError

__all__ = ["Answer", "Button", "KnowledgeBase", "KnowledgeError", "answer", "load"]
