"""The human contact file (HANDOFF_FILE, default handoff.yml) filled in by the website's owner:
read by the « parler à une personne » action (bot/actions/handoff.py) and checked by `make run`
(bot/runtime/serve.py). A file that is missing or has an empty `contact` means « no contact »;
a file that cannot be read or used raises ContactFileError, never a silent « no contact ».
Light on purpose (no Rasa, no knowledge): the supervisor of `make run` imports it."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from bot.runtime.settings import ROOT

FIELDS = (
    ("name", "Contact"),
    ("url", "Page de contact"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("hours", "Horaires"),
)


class ContactFileError(ValueError):
    """The contact file exists but cannot be used; `line` is 1-based when known."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def handoff_file() -> Path:
    return Path(os.environ.get("HANDOFF_FILE", ROOT / "handoff.yml"))


def contact_lines(path: Path) -> list[str]:
    """The configured contact as « label : value » lines (empty when none is configured);
    ContactFileError when the file is unreadable (YAML error, not a mapping, no permission…)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise ContactFileError(path, f"cannot be read ({error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ContactFileError(path, f"YAML error: {problem}", mark.line + 1 if mark else None) from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ContactFileError(path, "the file must be a mapping with a 'contact' key")
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        raise ContactFileError(path, f"'contact' must be a mapping of {', '.join(key for key, _ in FIELDS)}")
    return [f"{label} : {contact[key]}" for key, label in FIELDS if contact.get(key)]


def startup_warning(path: Path | None = None) -> str | None:
    """One French line for `make run` when the contact file is unreadable, else None."""
    path = path or handoff_file()
    try:
        contact_lines(path)
    except ContactFileError as error:
        where = f" (ligne {error.line})" if error.line else ""
        return (
            f"Attention : le fichier de contact humain {path} est illisible{where} ; « parler à une "
            "personne » proposera d'autres solutions tant qu'il n'est pas corrigé."
        )
    return None
