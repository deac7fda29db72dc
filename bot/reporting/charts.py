"""The community chart: four small panels over the chosen days, as PNG or SVG bytes.

Daily comments (bars), toxic share and answered share (percent lines), the median time to
answer (minutes), and the health score (0–100). Drawn with matplotlib's Agg backend (no
display needed); labels come from the UI catalogs in the chat's language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from moderation.i18n import t
from moderation.stats import DayStats

_BLUE, _RED, _GREEN, _GREY, _PURPLE = "#3b6ea8", "#c0392b", "#27ae60", "#7f8c8d", "#8e44ad"


def _percent(value: float | None) -> float:
    return float("nan") if value is None else 100.0 * value


def render(days: Sequence[DayStats], lang: str, title: str, fmt: str = "png") -> bytes:
    """The chart of `days` (oldest first) as `fmt` ("png" or "svg") bytes."""
    dates = [d.day for d in days]
    figure = Figure(figsize=(9, 7.2), dpi=100, layout="constrained")
    axes = figure.subplots(4, 1, sharex=True, height_ratios=(1.2, 1, 1, 1))
    figure.suptitle(title, fontsize=13, fontweight="bold")

    comments = axes[0]
    comments.bar(dates, [d.comments for d in days], color=_BLUE, width=0.8)
    comments.set_ylabel(t(lang, "chart.comments"))

    shares = axes[1]
    shares.plot(dates, [_percent(d.toxic_share) for d in days], color=_RED, marker=".",
                label=t(lang, "chart.toxic_share"))  # fmt: skip
    shares.plot(dates, [_percent(d.answered_share) for d in days], color=_GREEN, marker=".",
                label=t(lang, "chart.answered_share"))  # fmt: skip
    shares.set_ylim(0, 100)
    shares.set_ylabel("%")
    shares.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)

    answer = axes[2]
    minutes = [float("nan") if d.median_answer is None else d.median_answer / 60 for d in days]
    answer.plot(dates, minutes, color=_PURPLE, marker=".")
    answer.set_ylabel(t(lang, "chart.answer_minutes"), fontsize=9)
    answer.set_ylim(bottom=0)

    health = axes[3]
    health.plot(dates, [float("nan") if d.health is None else d.health for d in days],
                color=_GREEN, linewidth=2)  # fmt: skip
    health.set_ylim(0, 100)
    health.set_ylabel(t(lang, "chart.health"))
    for axis in axes:
        axis.grid(True, color="#dddddd", linewidth=0.6)
        axis.spines[["top", "right"]].set_visible(False)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    health.xaxis.set_major_locator(locator)
    health.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Software": None} if fmt == "png" else None)
    return buffer.getvalue()
