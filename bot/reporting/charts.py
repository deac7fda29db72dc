"""The community chart: four small panels over the chosen days, as PNG or SVG bytes.

Daily comments (bars), toxic share and answered share (percent lines), the median time to
answer (minutes), and the health score (0–100). Drawn with matplotlib's Agg backend (no
display needed); labels come from the UI catalogs in the chat's language.

Speed, since `/stats` and the dashboard wait for it:
- matplotlib is imported with the first chart, or by the chores a tick after start-up,
  not with the bot (half a second of start-up that crash recovery would pay for nothing);
- the figure, its four axes, grids, spines and tick locators are built once and kept;
  each chart only swaps the data artists and texts (building the axes was a quarter of
  the time). One lock serializes the template: charts are drawn in worker threads.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from moderation.i18n import t
from moderation.stats import DayStats

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

_BLUE, _RED, _GREEN, _TEAL, _PURPLE = "#3b6ea8", "#c0392b", "#27ae60", "#16617a", "#8e44ad"
_PERCENT_TICKS = (0, 25, 50, 75, 100)
DPI = 100
SIZE = (900, 760)  # pixels: wide enough for 90 daily bars, tall enough for four panels


def _percent(value: float | None) -> float:
    return float("nan") if value is None else 100.0 * value


def _last(values: Sequence[float]) -> tuple[int, float] | None:
    """The index and value of the newest real point (days without data are NaN)."""
    for index in range(len(values) - 1, -1, -1):
        if not math.isnan(values[index]):
            return index, values[index]
    return None


def _top(values: Sequence[float]) -> float:
    """An upper limit with room above the highest real value (1 when there is none)."""
    real = [v for v in values if not math.isnan(v)]
    return max(real) * 1.1 if real and max(real) > 0 else 1.0


def _apart(first: tuple[int, float] | None, second: tuple[int, float] | None) -> float:
    """Points to move the first percent label up (the second down) so both can be read."""
    if first is None or second is None or abs(first[1] - second[1]) >= 9:
        return 0.0
    return 5.0 if first[1] >= second[1] else -5.0


class _Template:
    """The figure with everything that does not depend on the data."""

    def __init__(self) -> None:
        from matplotlib.figure import Figure
        from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

        # Fixed margins: the constrained layout engine measured every label and cost half
        # the drawing time; these panels always have the same furniture.
        self.figure: Figure = Figure(figsize=(SIZE[0] / DPI, SIZE[1] / DPI), dpi=DPI)
        self.figure.subplots_adjust(left=0.07, right=0.97, top=0.92, bottom=0.05, hspace=0.42)
        axes = self.figure.subplots(4, 1, height_ratios=(1.2, 1, 1, 1))
        self.comments, self.shares, self.answer, self.health = (axis for axis in axes)
        self.title: Text = self.figure.suptitle(" ", fontsize=13, fontweight="bold")
        self.panel_titles: dict[str, Text] = {
            key: axis.text(0, 1.04, " ", transform=axis.transAxes, fontsize=10, va="bottom")
            for key, axis in (("chart.comments", self.comments),
                              ("chart.answer_minutes", self.answer),
                              ("chart.health", self.health))
        }  # fmt: skip
        for axis in axes:
            axis.set_autoscale_on(False)  # limits are set from the data below, once
            axis.grid(True, axis="y", color="#dddddd", linewidth=0.6)
            axis.spines[["top", "right"]].set_visible(False)
            # Whole comments and minutes: no "0.25" on a panel with nothing to show yet.
            axis.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            axis.xaxis.set_major_locator(NullLocator())  # dates under the lowest panel only
        for percent_axis in (self.shares, self.health):
            percent_axis.yaxis.set_major_locator(FixedLocator(_PERCENT_TICKS))
        self.shares.set_ylim(0, 105)
        self.health.set_ylim(0, 100)
        self.drawn: list[Artist] = []  # this chart's data artists, removed before the next

    def _label_last(self, axis: Axes, x: Sequence[float], values: Sequence[float], text: str,
                    color: str, lift: float = 0.0) -> None:  # fmt: skip
        """Print the newest value next to its point: the number a manager looks for first
        (`lift` points up or down, when two such labels would overlap)."""
        found = _last(values)
        if found is None:
            return
        index, value = found
        self.drawn.append(axis.annotate(
            text.format(value), (x[index], value), xytext=(6, lift), textcoords="offset points",
            va="center", fontsize=9, fontweight="bold", color=color,
        ))  # fmt: skip

    def draw(self, days: Sequence[DayStats], lang: str, title: str, fmt: str) -> bytes:
        import matplotlib.dates as mdates
        from matplotlib.ticker import FixedLocator

        for artist in self.drawn:
            artist.remove()
        self.drawn = []
        drawn = self.drawn
        x: list[float] = [float(v) for v in mdates.date2num([d.day for d in days])]  # type: ignore[no-untyped-call]
        self.title.set_text(title)
        for key, text in self.panel_titles.items():
            text.set_text(t(lang, key))

        counts = [float(d.comments) for d in days]
        # One line collection rather than a rectangle per day: a third of the drawing time.
        width = max(1.5, min(28.0, 380.0 / max(1, len(days))))
        drawn.append(self.comments.vlines(x, 0, counts, color=_BLUE, linewidth=width))
        self.comments.set_ylim(0, _top(counts))

        toxic = [_percent(d.toxic_share) for d in days]
        answered = [_percent(d.answered_share) for d in days]
        shares = self.shares
        drawn += shares.plot(x, answered, color=_GREEN, marker=".",
                             label=t(lang, "chart.answered_share"))  # fmt: skip
        drawn += shares.plot(x, toxic, color=_RED, marker=".", label=t(lang, "chart.toxic_share"))
        lift = _apart(_last(answered), _last(toxic))
        self._label_last(shares, x, answered, "{:.0f}%", _GREEN, lift)
        self._label_last(shares, x, toxic, "{:.0f}%", _RED, -lift)
        drawn.append(shares.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=9,
                                   frameon=False, ncols=2, borderaxespad=0.2))  # fmt: skip

        minutes = [float("nan") if d.median_answer is None else d.median_answer / 60 for d in days]
        drawn += self.answer.plot(x, minutes, color=_PURPLE, marker=".")
        self._label_last(self.answer, x, minutes, "{:.0f}", _PURPLE)
        self.answer.set_ylim(0, _top(minutes))

        scores = [float("nan") if d.health is None else d.health for d in days]
        drawn += self.health.plot(x, scores, color=_TEAL, linewidth=2.2)
        drawn.append(self.health.fill_between(x, scores, color=_TEAL, alpha=0.12))
        self._label_last(self.health, x, scores, "{:.0f}", _TEAL)

        limits = (x[0] - 0.7, x[-1] + max(1.0, len(days) / 12))  # room for the newest values
        for axis in (self.comments, self.shares, self.answer, self.health):
            axis.set_xlim(*limits)
        step = max(1, round(len(days) / 7))  # about seven dates, placed by hand
        self.health.xaxis.set_major_locator(FixedLocator(x[::step]))
        self.health.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
        buffer = io.BytesIO()
        options: dict[str, Any] = {}
        if fmt == "png":  # light compression: a third of the encoding time, a few KB more
            options["pil_kwargs"] = {"compress_level": 3}
        self.figure.savefig(buffer, format=fmt, **options)
        return buffer.getvalue()


_lock = threading.Lock()
_template: _Template | None = None


def _ready() -> _Template:
    global _template
    if _template is None:
        _template = _Template()
    return _template


def prepare() -> None:
    """Import matplotlib and build the figure now (the chores call it once the instance
    is up), so that the first `/stats` after a restart does not pay for it."""
    with _lock:
        _ready()


def render(days: Sequence[DayStats], lang: str, title: str, fmt: str = "png") -> bytes:
    """The chart of `days` (oldest first) as `fmt` ("png" or "svg") bytes."""
    if not days:
        raise ValueError("no days to draw: callers say 'no data yet' instead")
    with _lock:
        return _ready().draw(days, lang, title, fmt)
