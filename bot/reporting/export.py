"""`kuzet report`: the daily aggregates of one community as CSV (for spreadsheets) or as a
self-contained HTML page (chart inlined) a manager can send to a client."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from html import escape

from bot.reporting import charts, wording
from moderation.i18n import t
from moderation.stats import DayStats, top_sources

COLUMNS = (
    "day", "comments", "toxic", "toxic_share", "hidden", "held", "restored", "questions",
    "answered", "answered_share", "median_answer_minutes", "p90_answer_minutes",
    "new_authors", "health",
)  # fmt: skip


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def to_csv(days: Sequence[DayStats]) -> str:
    """One row per day, machine-readable (shares 0..1, times in minutes, blanks for n/a)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for d in days:
        writer.writerow([
            d.day.isoformat(), d.comments, d.toxic, _share(d.toxic_share), d.hidden, d.held,
            d.restored, d.questions, d.answered, _share(d.answered_share),
            _minutes(d.median_answer), _minutes(d.p90_answer), d.new_authors,
            "" if d.health is None else f"{d.health:.1f}",
        ])  # fmt: skip
    return buffer.getvalue()


def to_html(name: str, lang: str, count: int, days: Sequence[DayStats]) -> str:
    """A page with the chart, the summary, the top negativity sources and the daily table."""
    title = t(lang, "chart.title", name=name, days=count)
    parts = [f"<h1>{escape(title)}</h1>"]
    if wording.has_data(days):
        png = base64.b64encode(charts.render(days, lang, title)).decode()
        summary = escape(wording.summary(lang, name, count, days))
        parts.append(f"<p style='white-space:pre-line'>{summary}</p>")
        parts.append(f'<img style="max-width:100%" alt="{escape(title, quote=True)}" '
                     f'src="data:image/png;base64,{png}">')  # fmt: skip
    else:
        parts.append(f"<p>{escape(t(lang, 'stats.no_data'))}</p>")
    parts.append(f"<h2>{escape(t(lang, 'dashboard.sources'))}</h2><ol>")
    for item in top_sources(days, 10):
        label = escape(item.key)
        if item.link.startswith("https://"):
            label = f'<a href="{escape(item.link, quote=True)}">{label}</a>'
        parts.append(f"<li>{label} — {item.count}</li>")
    parts.append("</ol>")
    rows = list(csv.reader(io.StringIO(to_csv(days))))
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    parts.append(f"<table border='1' cellpadding='4' style='border-collapse:collapse'>"
                 f"<tr>{head}</tr>{body}</table>")  # fmt: skip
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        "<body style='font-family:sans-serif;max-width:1000px;margin:auto'>"
        f"{''.join(parts)}</body></html>"
    )
