"""After a level: did the tracker store keep every message exactly once? For each conversation, the
`user` events stored must equal the messages the load generator sent, and the `bot` events the bot
responses it received (results.bot_events: a text with its image is one response). `check` is pure;
`stored_counts` reads any SQL tracker store (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from evaluation.bench.results import Sample


@dataclass
class EventCheck:
    """Lost and duplicated `user` / `bot` events over the conversations of one level."""

    conversations: int = 0
    lost_user: int = 0
    duplicated_user: int = 0
    lost_bot: int = 0
    duplicated_bot: int = 0
    mismatched: list[str] = field(default_factory=list)  # senders whose counts differ

    @property
    def lost(self) -> int:
        return self.lost_user + self.lost_bot

    @property
    def duplicated(self) -> int:
        return self.duplicated_user + self.duplicated_bot

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0


def expected_counts(samples: Iterable[Sample]) -> dict[str, tuple[int, int]]:
    """sender -> (user messages sent, bot responses received), from the load generator's samples.
    Every sent message counts (a failed request must not leave a trace twice either)."""
    sent: Counter = Counter()
    received: Counter = Counter()
    for sample in samples:
        sent[sample.sender] += 1
        received[sample.sender] += sample.replies
    return {sender: (sent[sender], received[sender]) for sender in sent}


def check(expected: dict[str, tuple[int, int]], stored: dict[str, tuple[int, int]]) -> EventCheck:
    """Compare per conversation what was sent/received with what the tracker store holds."""
    result = EventCheck(conversations=len(expected))
    for sender, (user, bot) in sorted(expected.items()):
        stored_user, stored_bot = stored.get(sender, (0, 0))
        result.lost_user += max(0, user - stored_user)
        result.duplicated_user += max(0, stored_user - user)
        result.lost_bot += max(0, bot - stored_bot)
        result.duplicated_bot += max(0, stored_bot - bot)
        if (stored_user, stored_bot) != (user, bot):
            result.mismatched.append(sender)
    return result


def describe(result: EventCheck | None) -> str:
    """A table cell: `OK (10 conv.)`, the losses and duplicates, or a dash when not checked."""
    if result is None:
        return "—"
    if result.ok:
        return f"OK ({result.conversations} conv.)"
    parts = [
        f"{count} {what}"
        for count, what in (
            (result.lost_user, "user perdus"),
            (result.duplicated_user, "user dupliqués"),
            (result.lost_bot, "bot perdus"),
            (result.duplicated_bot, "bot dupliqués"),
        )
        if count
    ]
    return f"{', '.join(parts)} ({len(result.mismatched)}/{result.conversations} conv.)"


def stored_counts(url: str, senders: list[str]) -> dict[str, tuple[int, int]]:
    """sender -> (user events, bot events) in the SQL tracker store at `url` (a SQLAlchemy URL)."""
    import sqlalchemy

    if not senders:
        return {}
    query = sqlalchemy.text(
        "SELECT sender_id, type_name, COUNT(*) FROM events "
        "WHERE sender_id IN :senders AND type_name IN ('user', 'bot') GROUP BY sender_id, type_name"
    ).bindparams(sqlalchemy.bindparam("senders", expanding=True))
    engine = sqlalchemy.create_engine(url)
    counts: dict[str, list[int]] = {sender: [0, 0] for sender in senders}
    try:
        with engine.connect() as connection:
            for sender, kind, number in connection.execute(query, {"senders": senders}):
                counts[sender][0 if kind == "user" else 1] = int(number)
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise RuntimeError(f"tracker store unreadable ({url.split('@')[-1]}): {error}") from error
    finally:
        engine.dispose()
    return {sender: (user, bot) for sender, (user, bot) in counts.items()}


def delete_conversations(url: str, prefix: str) -> None:
    """Remove the benchmark's conversations (sender ids starting with `prefix`) from a shared database."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sqlalchemy.text("DELETE FROM events WHERE sender_id LIKE :pattern ESCAPE '!'"),
                {"pattern": prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"},
            )
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise RuntimeError(f"could not delete the benchmark's conversations ({prefix}…): {error}") from error
    finally:
        engine.dispose()
