"""`purge` and `erase`: deleting conversations from the tracker store.

Safe from cron and on several replicas at once: each conversation is deleted by one statement in
its own transaction, which re-checks that the conversation has no recent event; running it again
deletes nothing more.

On SQLite, what is deleted is also gone from the database file: deletions run with `secure_delete`,
which overwrites the freed bytes with zeros. Debian's SQLite has it on by default, other builds do not,
and without it a deleted conversation's text stays readable in the file (tests/unit/operator/
test_retention.py). PostgreSQL's deleted rows are reclaimed by its own VACUUM.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.operator.errors import EXIT_USAGE, OperatorError
from bot.operator.store import events

RETENTION_VARIABLE = "RETENTION_DAYS"
# Our choice, not a legal figure: six months is enough to see what people ask across a season.
DEFAULT_RETENTION_DAYS = 180
SECONDS_PER_DAY = 86_400


def parse_days(text: str, source: str) -> int:
    """A retention in whole days (>= 1) from `text`; `source` names where it came from."""
    try:
        days = int(text.strip())
    except ValueError:
        days = 0
    if days < 1:
        raise OperatorError(
            f"Erreur : {source} « {text} » n'est pas un nombre de jours valide (un entier d'au moins 1).", EXIT_USAGE
        )
    return days


def retention_days(env: Mapping[str, str]) -> int:
    value = env.get(RETENTION_VARIABLE, "").strip()
    return parse_days(value, RETENTION_VARIABLE) if value else DEFAULT_RETENTION_DAYS


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    cutoff: float


def _expired_senders(engine: Engine, cutoff: float) -> list[str]:
    query = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
        .order_by(events.c.sender_id)
    )
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def _count_events(engine: Engine, senders: list[str]) -> int:
    total = 0
    with engine.connect() as connection:
        for start in range(0, len(senders), 500):
            chunk = senders[start : start + 500]
            query = sa.select(sa.func.count()).select_from(events).where(events.c.sender_id.in_(chunk))
            total += connection.execute(query).scalar_one()
    return total


def _scrubbing(connection: sa.engine.Connection) -> None:
    """On SQLite, the deletions of `connection` overwrite what they free (see the module docstring)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")


def purge(engine: Engine, days: int, dry_run: bool = False, now: float | None = None) -> Purged:
    """Deletes every conversation whose last event is older than `days` days (counts only, with
    `dry_run`)."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    senders = _expired_senders(engine, cutoff)
    if dry_run:
        return Purged(len(senders), _count_events(engine, senders), cutoff)
    recent = events.alias("recent")
    conversations = deleted = 0
    for sender in senders:
        # One statement: the conversation goes only if, at that moment, none of its events is recent.
        statement = events.delete().where(
            events.c.sender_id == sender,
            ~sa.exists().where(recent.c.sender_id == sender, recent.c.timestamp >= cutoff),
        )
        try:
            with engine.begin() as connection:
                _scrubbing(connection)
                count = connection.execute(statement).rowcount
        except SQLAlchemyError:
            raise OperatorError(
                f"Erreur : la purge s'est arrêtée sur une erreur de la base ; {conversations} conversation(s) "
                f"({deleted} événements) avaient déjà été supprimées. Relancez-la : elle reprendra où elle en était."
            ) from None
        if count > 0:
            conversations += 1
            deleted += count
    return Purged(conversations, deleted, cutoff)


@dataclass(frozen=True)
class Erased:
    events: int
    by_type: Counter[str]


def erase(engine: Engine, sender_id: str) -> Erased:
    """Deletes every event of conversation `sender_id`, in one transaction."""
    by_type = sa.select(events.c.type_name, sa.func.count()).where(events.c.sender_id == sender_id)
    with engine.begin() as connection:
        counts = Counter({name: count for name, count in connection.execute(by_type.group_by(events.c.type_name))})
        if not counts:
            raise OperatorError(f"Erreur : aucune conversation « {sender_id} » dans la base ; rien n'a été effacé.")
        _scrubbing(connection)
        deleted = connection.execute(events.delete().where(events.c.sender_id == sender_id)).rowcount
    return Erased(deleted, counts)
