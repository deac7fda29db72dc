"""The night window: when nobody watches, the policy hides instead of holding, and drafts wait.

The window's settings live here with its rules, so deciding a comment reads the clock in one
place (`moderation.settings` names them for every source of settings).

Times are local to the community's time zone (zoneinfo); the window [start, end) may cross
midnight ("23:00"–"08:00"). `now` is always an argument, so every rule is testable with
literal datetimes. A window whose start equals its end is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderation.errors import SettingsError

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str, key: str = "time") -> time:
    """'23:00' → time(23, 0); anything else is refused with the key's name."""
    found = _HHMM.match(value.strip())
    if not found:
        raise SettingsError(f"{key}: expected HH:MM (00:00–23:59), got {value!r}")
    return time(int(found.group(1)), int(found.group(2)))


@dataclass(frozen=True, slots=True)
class NightSettings:
    """When nobody is watching: [start, end) local time in `timezone`, may cross midnight."""

    enabled: bool = False
    timezone: str = "Asia/Almaty"
    start: str = "23:00"
    end: str = "08:00"
    holding_reply: bool = False

    def __post_init__(self) -> None:
        parse_hhmm(self.start, "night.start")
        parse_hhmm(self.end, "night.end")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"night.timezone: unknown time zone {self.timezone!r}") from exc


def _local(now: datetime, zone: ZoneInfo) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone)


def _inside(clock: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end  # across midnight


def is_night(settings: NightSettings, now: datetime) -> bool:
    """Is `now` inside the community's night window (and is the window enabled)?"""
    if not settings.enabled:
        return False
    zone = ZoneInfo(settings.timezone)
    clock = _local(now, zone).time().replace(tzinfo=None)
    return _inside(clock, parse_hhmm(settings.start), parse_hhmm(settings.end))


def _at_local(day: datetime, clock: time, zone: ZoneInfo) -> datetime:
    """`clock` on `day`'s local date, as UTC; a time skipped by a DST jump moves forward."""
    naive = datetime.combine(day.date(), clock)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC: a wall time inside a DST gap comes back normalized.
    return aware.astimezone(UTC)


def morning(settings: NightSettings, now: datetime) -> datetime:
    """When the current night ends (UTC); `now` itself when it is not night."""
    if not is_night(settings, now):
        return now
    zone = ZoneInfo(settings.timezone)
    local = _local(now, zone)
    end = parse_hhmm(settings.end)
    day = local if local.time().replace(tzinfo=None) < end else local + timedelta(days=1)
    return _at_local(day, end, zone)


def last_night(settings: NightSettings, now: datetime) -> tuple[datetime, datetime]:
    """The most recent night window that ended at or before `now` (UTC), for the digest."""
    zone = ZoneInfo(settings.timezone)
    local = _local(now, zone)
    start, end = parse_hhmm(settings.start), parse_hhmm(settings.end)
    end_day = local if local.time().replace(tzinfo=None) >= end else local - timedelta(days=1)
    ended = _at_local(end_day, end, zone)
    start_day = end_day if start < end else end_day - timedelta(days=1)
    return _at_local(start_day, start, zone), ended
