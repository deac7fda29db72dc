"""Night-window tables with literal datetimes, in a DST-free zone and in DST zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.errors import SettingsError
from moderation.night import is_night, last_night, morning
from moderation.settings import NightSettings

ALMATY = NightSettings(enabled=True, timezone="Asia/Almaty", start="23:00", end="08:00")
BERLIN = NightSettings(enabled=True, timezone="Europe/Berlin", start="22:00", end="06:30")
DAYTIME = NightSettings(enabled=True, timezone="Asia/Almaty", start="13:00", end="14:00")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("settings", "now", "expected"),
    [
        # Almaty is UTC+5 all year.
        (ALMATY, utc(2026, 3, 10, 17, 59), False),  # 22:59 local
        (ALMATY, utc(2026, 3, 10, 18, 0), True),  # 23:00 local: start is inside
        (ALMATY, utc(2026, 3, 10, 19, 0), True),  # 00:00 local, across midnight
        (ALMATY, utc(2026, 3, 11, 2, 59), True),  # 07:59 local
        (ALMATY, utc(2026, 3, 11, 3, 0), False),  # 08:00 local: end is outside
        (ALMATY, utc(2026, 3, 11, 7, 0), False),  # noon
        # Berlin: UTC+1 in winter, UTC+2 in summer.
        (BERLIN, utc(2026, 1, 15, 21, 0), True),  # 22:00 CET
        (BERLIN, utc(2026, 7, 15, 20, 0), True),  # 22:00 CEST
        (BERLIN, utc(2026, 7, 15, 19, 59), False),  # 21:59 CEST
        (BERLIN, utc(2026, 1, 16, 5, 29), True),  # 06:29 CET
        (BERLIN, utc(2026, 1, 16, 5, 30), False),  # 06:30 CET
        (BERLIN, utc(2026, 3, 29, 1, 30), True),  # 03:30 CEST, the night DST starts
        # A window inside one day.
        (DAYTIME, utc(2026, 3, 10, 8, 30), True),  # 13:30 local
        (DAYTIME, utc(2026, 3, 10, 9, 0), False),  # 14:00 local
        (DAYTIME, utc(2026, 3, 10, 7, 59), False),  # 12:59 local
        # Disabled and empty windows are never night.
        (NightSettings(enabled=False), utc(2026, 3, 10, 20, 0), False),
        (NightSettings(enabled=True, start="08:00", end="08:00"), utc(2026, 3, 10, 3, 0), False),
    ],
)
def test_is_night(settings: NightSettings, now: datetime, expected: bool) -> None:
    assert is_night(settings, now) is expected


@pytest.mark.parametrize(
    ("settings", "now", "expected"),
    [
        (ALMATY, utc(2026, 3, 10, 18, 30), utc(2026, 3, 11, 3, 0)),  # 23:30 → 08:00 next day
        (ALMATY, utc(2026, 3, 10, 22, 0), utc(2026, 3, 11, 3, 0)),  # 03:00 → 08:00 same day
        (ALMATY, utc(2026, 3, 10, 7, 0), utc(2026, 3, 10, 7, 0)),  # day: now itself
        (BERLIN, utc(2026, 1, 15, 22, 0), utc(2026, 1, 16, 5, 30)),  # CET
        (BERLIN, utc(2026, 3, 28, 22, 0), utc(2026, 3, 29, 4, 30)),  # night of the DST jump
        (BERLIN, utc(2026, 10, 24, 21, 0), utc(2026, 10, 25, 5, 30)),  # back to CET overnight
    ],
)
def test_morning(settings: NightSettings, now: datetime, expected: datetime) -> None:
    assert morning(settings, now) == expected


def test_last_night_is_the_window_that_just_ended() -> None:
    since, until = last_night(ALMATY, utc(2026, 3, 11, 3, 5))  # 08:05 local
    assert (since, until) == (utc(2026, 3, 10, 18, 0), utc(2026, 3, 11, 3, 0))
    since, until = last_night(ALMATY, utc(2026, 3, 11, 2, 0))  # 07:00 local: still last one
    assert until == utc(2026, 3, 10, 3, 0)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"start": "24:00"}, "night.start"),
        ({"end": "7:00"}, "night.end"),
        ({"timezone": "Mars/Olympus"}, "night.timezone"),
    ],
)
def test_invalid_night_settings_name_the_key(changes: dict[str, str], key: str) -> None:
    with pytest.raises(SettingsError, match=key):
        NightSettings(**changes)  # type: ignore[arg-type]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        is_night(ALMATY, datetime(2026, 3, 10, 23, 0))


@given(
    minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
    start=st.sampled_from(["22:00", "23:30", "00:00", "01:15", "02:15", "13:00"]),
    end=st.sampled_from(["06:00", "08:00", "02:30", "14:00", "23:00"]),
    zone=st.sampled_from(["Asia/Almaty", "Europe/Berlin", "Europe/Moscow", "America/New_York"]),
)
def test_the_morning_ends_the_night(minutes: int, start: str, end: str, zone: str) -> None:
    night = NightSettings(enabled=True, timezone=zone, start=start, end=end)
    now = utc(2026, 1, 1) + timedelta(minutes=minutes)
    if is_night(night, now):
        ends = morning(night, now)
        assert now < ends <= now + timedelta(hours=24)
        assert not is_night(night, ends)
    else:
        assert morning(night, now) == now
