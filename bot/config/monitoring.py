"""`[monitoring]`: reminders for unanswered questions, the daily digest and the dashboard link.

Times are local to each community's time zone. The dashboard token is a secret (it may be
written as "env:NAME"); without one the dashboard answers 404 to everybody.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MonitoringConfig:
    reminder_minutes: int = 60  # working time a question may wait before one reminder
    work_start: str = "09:00"  # working hours: a question asked at night counts from here
    work_end: str = "21:00"
    digest: bool = True
    digest_time: str = "09:00"  # local time of the daily digest (independent of night mode)
    dashboard_token: str = field(default="", repr=False)
