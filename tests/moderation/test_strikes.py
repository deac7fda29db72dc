"""Strike escalation (warn → mute → ban) and decay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from moderation.errors import SettingsError
from moderation.settings import StrikeSettings
from moderation.strikes import StrikeStep, active_count, escalate

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DEFAULT = StrikeSettings(warn_after=1, mute_after=2, mute_hours=24, ban_after=3, decay_days=30)


@pytest.mark.parametrize(
    ("prior", "settings", "step"),
    [
        (0, DEFAULT, StrikeStep.WARN),
        (1, DEFAULT, StrikeStep.MUTE),
        (2, DEFAULT, StrikeStep.BAN),
        (7, DEFAULT, StrikeStep.BAN),
        (0, StrikeSettings(warn_after=2, mute_after=3, ban_after=4), StrikeStep.NONE),
        (1, StrikeSettings(warn_after=1, mute_after=0, ban_after=3), StrikeStep.WARN),  # no mute
        (5, StrikeSettings(warn_after=1, mute_after=2, ban_after=0), StrikeStep.MUTE),  # no ban
        (0, StrikeSettings(warn_after=0, mute_after=0, ban_after=1), StrikeStep.BAN),
    ],
)
def test_escalation(prior: int, settings: StrikeSettings, step: StrikeStep) -> None:
    found = escalate(prior, settings, NOW)
    assert found.step is step
    assert found.count == prior + 1


def test_mute_lasts_the_configured_hours() -> None:
    found = escalate(1, StrikeSettings(mute_after=2, mute_hours=6, ban_after=5), NOW)
    assert found.mute_until == NOW + timedelta(hours=6)
    assert escalate(0, DEFAULT, NOW).mute_until is None


def test_old_strikes_decay() -> None:
    strikes = (
        NOW - timedelta(days=31),  # forgotten
        NOW - timedelta(days=30),  # exactly at the edge: still counts
        NOW - timedelta(days=2),
    )
    assert active_count(strikes, DEFAULT, NOW) == 2
    assert active_count(strikes, StrikeSettings(decay_days=0), NOW) == 3  # 0: never decays
    assert active_count(strikes, DEFAULT, NOW + timedelta(days=27)) == 1


def test_negative_settings_are_refused() -> None:
    with pytest.raises(SettingsError, match=r"strikes\.mute_hours"):
        StrikeSettings(mute_hours=-1)
