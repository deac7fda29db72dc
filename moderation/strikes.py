"""Strike escalation: repeat offences warn, then mute for N hours, then ban; old ones decay.

Pure functions over the author's active strike times; the service loads them from the
strike repository and stores the new one only when the policy says the offence counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from moderation.settings import StrikeSettings


class StrikeStep(StrEnum):
    NONE = "none"
    WARN = "warn"
    MUTE = "mute"
    BAN = "ban"


@dataclass(frozen=True, slots=True)
class Escalation:
    """What this offence leads to: the step, the offence's number, and a mute's end."""

    step: StrikeStep
    count: int  # this offence's number among the active ones (1 = first)
    limit: int  # the number that bans (0: never)
    mute_until: datetime | None = None


def decay_cutoff(settings: StrikeSettings, now: datetime) -> datetime | None:
    """Strikes before this moment are forgotten; None when strikes never decay."""
    if settings.decay_days <= 0:
        return None
    return now - timedelta(days=settings.decay_days)


def active_count(strikes: Sequence[datetime], settings: StrikeSettings, now: datetime) -> int:
    """How many strikes still count at `now` (future-dated ones count too)."""
    cutoff = decay_cutoff(settings, now)
    return sum(1 for at in strikes if cutoff is None or at >= cutoff)


def escalate(prior: int, settings: StrikeSettings, now: datetime) -> Escalation:
    """The step for an offence after `prior` active strikes; a step set to 0 is off."""
    count = prior + 1
    if settings.ban_after and count >= settings.ban_after:
        step = StrikeStep.BAN
    elif settings.mute_after and count >= settings.mute_after:
        step = StrikeStep.MUTE
    elif settings.warn_after and count >= settings.warn_after:
        step = StrikeStep.WARN
    else:
        step = StrikeStep.NONE
    mute_until = now + timedelta(hours=settings.mute_hours) if step is StrikeStep.MUTE else None
    return Escalation(step=step, count=count, limit=settings.ban_after, mute_until=mute_until)
