"""The community chart: four small panels over the chosen days, as PNG or SVG bytes.

Daily comments (bars), toxic share and answered share (percent lines), the median time to
answer (minutes), and the health score (0–100). Drawn with matplotlib's Agg backend (no
display needed); labels come from the UI catalogs in the chat's language.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from moderation.i18n import t
from moderation.stats import DayStats

_BLUE, _RED, _GREEN, _TEAL, _PURPLE = "#3b6ea8", "#c0392b", "#27ae60", "#16617a", "#8e44ad"


def _percent(value: float | None) -> float:
    return float("nan") if value is None else 100.0 * value


def _last(values: Sequence[float]) -> tuple[int, float] | None:
    """The index and value of the newest real point (days without data are NaN)."""
    for index in range(len(values) - 1, -1, -1):
        if not math.isnan(values[index]):
            return index, values[index]
    return None


def _label_last(axis: Axes, dates: Sequence[date], values: Sequence[float], text: str,
                color: str) -> None:  # fmt: skip
    """Print the newest value next to its point: the number a manager looks for first."""
    found = _last(values)
    if found is None:
        return
    index, value = found
    axis.annotate(
        text.format(value), (dates[index], value), xytext=(6, 0), textcoords="offset points",
        va="center", fontsize=9, fontweight="bold", color=color,
    )  # fmt: skip


def _title(axis: Axes, text: str) -> None:
    """A small panel title above the top-left corner (cheaper than `set_title`)."""
    axis.text(0, 1.04, text, transform=axis.transAxes, fontsize=10, va="bottom")


def render(days: Sequence[DayStats], lang: str, title: str, fmt: str = "png") -> bytes:
    """The chart of `days` (oldest first) as `fmt` ("png" or "svg") bytes."""
    if not days:
        raise ValueError("no days to draw: callers say 'no data yet' instead")
    dates = [d.day for d in days]
    # Fixed margins: the constrained layout engine measured every label and cost half the
    # drawing time; these panels always have the same furniture.
    figure = Figure(figsize=(9, 7.6), dpi=100)
    figure.subplots_adjust(left=0.07, right=0.97, top=0.92, bottom=0.05, hspace=0.42)
    axes = figure.subplots(4, 1, height_ratios=(1.2, 1, 1, 1))
    figure.suptitle(title, fontsize=13, fontweight="bold")

    comments = axes[0]
    # One line collection rather than a rectangle per day: a third of the drawing time.
    width = max(1.5, min(28.0, 380.0 / max(1, len(days))))
    comments.vlines(dates, 0, [d.comments for d in days], color=_BLUE, linewidth=width)
    comments.set_ylim(bottom=0)
    _title(comments, t(lang, "chart.comments"))

    shares = axes[1]
    toxic = [_percent(d.toxic_share) for d in days]
    answered = [_percent(d.answered_share) for d in days]
    shares.plot(dates, answered, color=_GREEN, marker=".", label=t(lang, "chart.answered_share"))
    shares.plot(dates, toxic, color=_RED, marker=".", label=t(lang, "chart.toxic_share"))
    _label_last(shares, dates, answered, "{:.0f}%", _GREEN)
    _label_last(shares, dates, toxic, "{:.0f}%", _RED)
    shares.set_ylim(0, 105)
    shares.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=9, frameon=False,
                  ncols=2, borderaxespad=0.2)  # fmt: skip

    answer = axes[2]
    minutes = [float("nan") if d.median_answer is None else d.median_answer / 60 for d in days]
    answer.plot(dates, minutes, color=_PURPLE, marker=".")
    _label_last(answer, dates, minutes, "{:.0f}", _PURPLE)
    _title(answer, t(lang, "chart.answer_minutes"))
    answer.set_ylim(bottom=0)

    health = axes[3]
    scores = [float("nan") if d.health is None else d.health for d in days]
    health.plot(dates, scores, color=_TEAL, linewidth=2.2)
    health.fill_between(dates, scores, color=_TEAL, alpha=0.12)
    _label_last(health, dates, scores, "{:.0f}", _TEAL)
    health.set_ylim(0, 100)
    _title(health, t(lang, "chart.health"))
    # Ticks are most of matplotlib's work here: dates only under the lowest panel, four
    # values per panel, about seven dates placed by hand.
    first, last = mdates.date2num(dates[0]), mdates.date2num(dates[-1])  # type: ignore[no-untyped-call]
    limits = (first - 0.7, last + max(1.0, len(dates) / 12))
    step = max(1, round(len(dates) / 7))
    for axis in axes:
        axis.grid(True, axis="y", color="#dddddd", linewidth=0.6)
        axis.spines[["top", "right"]].set_visible(False)
        axis.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axis.set_xlim(*limits)  # room on the right for the newest values
        axis.xaxis.set_major_locator(NullLocator())
    for percent_axis in (shares, health):
        percent_axis.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    ticks = mdates.date2num(dates[::step])  # type: ignore[no-untyped-call]
    health.xaxis.set_major_locator(FixedLocator(ticks))
    health.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    if fmt == "png":  # light compression: a third of the encoding time, a few KB more
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    else:
        figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
