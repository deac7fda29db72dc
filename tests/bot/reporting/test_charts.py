"""The chart reuses one figure: a chart must not carry anything over from the one before,
and importing the bot must not import matplotlib (start-up time of crash recovery)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from bot.reporting import charts
from moderation.stats import DayStats


def _days(count: int, comments: int, answered: int) -> list[DayStats]:
    first = date(2026, 1, 1)
    return [_day(first + timedelta(days=n), comments + n, n % 7, answered) for n in range(count)]


def _day(day: date, comments: int, toxic: int, answered: int) -> DayStats:
    return DayStats(
        community_id="news", day=day, comments=comments, toxic=toxic,
        by_category={"insult": toxic}, hidden=toxic, held=0, restored=0, questions=10,
        answered=answered, answer_seconds=(600.0 + 60 * comments,) * answered, new_authors=3,
    )  # fmt: skip


def test_a_chart_is_the_same_whatever_was_drawn_before() -> None:
    year = _days(90, 300, 8)
    first = charts.render(year, "kk", "Жаңалықтар: 90 күн")
    week = charts.render(_days(7, 20, 0), "ru", "Новости: 7 дней")  # no answers at all
    again = charts.render(year, "kk", "Жаңалықтар: 90 күн")
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and week.startswith(b"\x89PNG\r\n\x1a\n")
    assert again == first
    assert week != first
    assert charts.render(year, "en", "News: 90 days", fmt="svg").lstrip().startswith(b"<?xml")


def test_importing_the_bot_leaves_matplotlib_for_the_first_chart() -> None:
    probe = "import sys, bot.app; print('matplotlib' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, timeout=120)  # fmt: skip
    assert found.stdout.strip() == "False"
