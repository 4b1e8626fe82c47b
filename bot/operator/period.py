"""Report periods: whole days in the site's time zone, turned into event timestamp bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.operator.errors import EXIT_USAGE, OperatorError

# The assistant serves French associations: a "day" of the report is a day in Paris, whatever the
# time zone of the server that runs it.
REPORT_TIMEZONE = ZoneInfo("Europe/Paris")


def parse_day(text: str, option: str) -> date:
    """`text` as a YYYY-MM-DD date, or an OperatorError naming the `option` it was given to."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise OperatorError(
            f"Erreur : {option} « {text} » n'est pas une date valide "
            "(format attendu AAAA-MM-JJ, par exemple 2025-03-31).",
            EXIT_USAGE,
        ) from None


def today() -> date:
    return datetime.now(REPORT_TIMEZONE).date()


def day_of(timestamp: float) -> date:
    """The day (site time zone) of an event timestamp (seconds since the epoch)."""
    return datetime.fromtimestamp(timestamp, REPORT_TIMEZONE).date()


def start_of(day: date) -> float:
    """The timestamp of midnight at the start of `day` (site time zone)."""
    return datetime.combine(day, time.min, tzinfo=REPORT_TIMEZONE).timestamp()


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise OperatorError(
                f"Erreur : la période commence le {french_date(self.since)} après sa fin le {french_date(self.until)}.",
                EXIT_USAGE,
            )

    @property
    def start(self) -> float:
        """First timestamp inside the period."""
        return start_of(self.since)

    @property
    def end(self) -> float:
        """First timestamp after the period."""
        return start_of(self.until + timedelta(days=1))

    def contains(self, timestamp: float | None) -> bool:
        return timestamp is not None and self.start <= timestamp < self.end

    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]

    def describe(self) -> str:
        return f"du {french_date(self.since)} au {french_date(self.until)}"
