"""The report's charts: PNG images drawn with matplotlib's Agg backend, returned base64-encoded so
the HTML report embeds them (no file beside it, no network)."""

from __future__ import annotations

import base64
import io
import warnings
from collections import Counter
from datetime import date

with warnings.catch_warnings():
    # matplotlib 3.5 uses pyparsing names that pyparsing 3.3 deprecates: noise on the operator's stderr.
    warnings.simplefilter("ignore", DeprecationWarning)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

from bot.operator.analysis import Insights, JourneyStats
from bot.operator.labels import TOP, journey

BLUE, ORANGE, GREY = "#1d4e89", "#e07a1f", "#9aa5b1"


def _png(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # No "Software" metadata: the PNG then carries no matplotlib web address.
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def activity(insights: Insights, days: list[date]) -> str:
    """Conversations and user messages per day."""
    figure = Figure(figsize=(9, 3.6))
    axes = figure.add_subplot()
    positions = range(len(days))
    width = 0.4
    axes.bar(
        [p - width / 2 for p in positions],
        [insights.conversations_per_day[d] for d in days],
        width,
        label="conversations",
        color=BLUE,
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [insights.messages_per_day[d] for d in days],
        width,
        label="messages",
        color=ORANGE,
    )
    step = max(1, len(days) // 15)
    axes.set_xticks(list(positions)[::step])
    axes.set_xticklabels([d.strftime("%d/%m") for d in days][::step], rotation=45, ha="right")
    axes.set_title("Conversations et messages par jour")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def ranking(counts: Counter[str], title: str) -> str:
    """Horizontal bars of the TOP most frequent keys, the first at the top."""
    top = counts.most_common(TOP)[::-1]
    figure = Figure(figsize=(9, 0.35 * len(top) + 1.2))
    axes = figure.add_subplot()
    axes.barh([key for key, _ in top], [count for _, count in top], color=BLUE)
    axes.set_title(title)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def journeys(stats: dict[str, JourneyStats]) -> str:
    """Guided journeys: started, finished."""
    names = sorted(stats)
    figure = Figure(figsize=(9, 0.6 * len(names) + 1.2))
    axes = figure.add_subplot()
    positions = range(len(names))
    height = 0.4
    axes.barh(
        [p - height / 2 for p in positions], [stats[n].started for n in names], height, label="commencés", color=GREY
    )
    axes.barh(
        [p + height / 2 for p in positions], [stats[n].finished for n in names], height, label="terminés", color=BLUE
    )
    axes.set_yticks(list(positions))
    axes.set_yticklabels([journey(n) for n in names])
    axes.invert_yaxis()
    axes.set_title("Parcours guidés")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
