"""Evaluation of the running assistant: end-to-end cases, reports (no Rasa import here)."""
