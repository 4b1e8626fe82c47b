"""Access to the events table of Rasa's SQL tracker store (SQLAlchemy Core, no Rasa import).

The table is Rasa's: `events(id, sender_id, type_name, timestamp, intent_name, action_name, data)`,
`data` being the event as JSON text. These tools never create it and never change its structure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from bot.operator.errors import EXIT_USAGE, OperatorError
from bot.runtime.settings import defaults

TABLE_NAME = "events"
URL_VARIABLE = "TRACKER_STORE_URL"
# Same variable as Rasa's SQLTrackerStore: the PostgreSQL schema holding the events table.
SCHEMA_VARIABLE = "POSTGRESQL_SCHEMA"
CONNECT_TIMEOUT_SECONDS = 5
EXPECTED_URL = "sqlite:////chemin/absolu.db ou postgresql://utilisateur@hôte:5432/base"

metadata = sa.MetaData()
events = sa.Table(
    TABLE_NAME,
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


@dataclass(frozen=True)
class StoredEvent:
    """One row of the events table; `data` is the decoded JSON (empty when it was not needed)."""

    sender_id: str
    type_name: str
    timestamp: float | None
    intent_name: str | None
    action_name: str | None
    data: dict[str, Any]


# Only these events carry content the report reads from their JSON.
_DECODED_TYPES = frozenset({"user", "bot", "slot"})


def tracker_store_url(env: Mapping[str, str]) -> str:
    """TRACKER_STORE_URL, or the assistant's own default (the per-port SQLite file under var/)."""
    value = env.get(URL_VARIABLE, "").strip()
    return value or defaults(dict(env))[URL_VARIABLE]


def _parse_url(text: str) -> URL:
    try:
        url = sa.engine.make_url(text)
    except ArgumentError:
        raise OperatorError(
            f"Erreur : {URL_VARIABLE} n'est pas une URL de base de données valide (attendu : {EXPECTED_URL}).",
            EXIT_USAGE,
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise OperatorError(
            f"Erreur : {URL_VARIABLE} désigne une base « {url.get_backend_name()} » ; "
            f"seules SQLite et PostgreSQL sont prises en charge (attendu : {EXPECTED_URL}).",
            EXIT_USAGE,
        )
    return url


def describe(url: URL) -> str:
    """The URL for messages, password hidden."""
    return url.render_as_string(hide_password=True)


def _engine(url: URL, env: Mapping[str, str]) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        schema = env.get(SCHEMA_VARIABLE, "").strip()
        if schema:
            connect_args["options"] = f"-csearch_path={schema}"
        kwargs["connect_args"] = connect_args
    try:
        return sa.create_engine(url, future=True, **kwargs)
    except NoSuchModuleError:
        raise OperatorError(
            f"Erreur : {URL_VARIABLE} n'est pas une URL de base de données valide (attendu : {EXPECTED_URL}).",
            EXIT_USAGE,
        ) from None
    except ImportError:
        raise OperatorError(
            f"Erreur : le pilote Python de la base « {url.get_backend_name()} » n'est pas installé.",
        ) from None


def _connection_failure(url: URL, error: DBAPIError) -> OperatorError:
    reason = str(error.orig).lower()
    if "does not exist" in reason:
        why = "la base de données n'existe pas"
    elif "authentication" in reason or "password" in reason:
        why = "l'authentification a été refusée"
    elif "unable to open" in reason:
        why = "le fichier ne peut pas être ouvert"
    else:
        why = "le serveur est injoignable"
    return OperatorError(f"Erreur : impossible de se connecter à la base de conversations {describe(url)} ({why}).")


def connect(env: Mapping[str, str]) -> Engine:
    """An engine on the tracker store, after checking that the store exists and holds the events table.

    Never creates anything: a missing SQLite file or a missing table is an OperatorError.
    """
    url = _parse_url(tracker_store_url(env))
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            raise OperatorError(
                f"Erreur : {URL_VARIABLE} désigne une base SQLite en mémoire, vide par nature "
                f"(attendu : {EXPECTED_URL})."
            )
        if not Path(database).is_file():
            raise OperatorError(f"Erreur : le fichier de conversations {database} n'existe pas.")
    engine = _engine(url, env)
    try:
        with engine.connect() as connection:
            present = sa.inspect(connection).has_table(TABLE_NAME)
    except DBAPIError as error:
        engine.dispose()
        raise _connection_failure(url, error) from None
    except SQLAlchemyError:
        engine.dispose()
        raise OperatorError(f"Erreur : la base de conversations {describe(url)} ne répond pas correctement.") from None
    if not present:
        engine.dispose()
        raise OperatorError(
            f"Erreur : la table « {TABLE_NAME} » est absente de {describe(url)} : l'assistant n'y a encore rien "
            f"enregistré, ou {URL_VARIABLE} ne désigne pas son tracker store."
        )
    return engine


def is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.select(events.c.id).limit(1)).first() is None


def _decode(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def read_events(engine: Engine, start: float, end: float) -> Iterator[StoredEvent]:
    """The events before `end` of every conversation with an event in [start, end), grouped by
    conversation and in storage order (Rasa orders a conversation's events by id, not timestamp).

    Events before `start` come along as context (the question a judged answer replied to, the start
    of a journey); the report counts only what happened inside the period.
    """
    active = sa.select(events.c.sender_id).where(events.c.timestamp >= start, events.c.timestamp < end).distinct()
    query = (
        sa.select(events)
        .where(events.c.sender_id.in_(active), events.c.timestamp < end)
        .order_by(events.c.sender_id, events.c.id)
    )
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True).execute(query)
        for row in result:
            yield StoredEvent(
                sender_id=row.sender_id,
                type_name=row.type_name,
                timestamp=row.timestamp,
                intent_name=row.intent_name,
                action_name=row.action_name,
                data=_decode(row.data) if row.type_name in _DECODED_TYPES else {},
            )
