"""`[monitoring]` in the config: defaults, values, and errors that name their key."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, parse_config


def test_defaults_and_values() -> None:
    assert parse_config({}, {}).monitoring.reminder_minutes == 60
    config = parse_config(
        {"monitoring": {"reminder_minutes": 30, "work_start": "08:30", "work_end": "20:00",
                        "digest_time": "10:15", "dashboard_token": "env:DASH"}},
        {"DASH": "a-long-random-dashboard-secret"},
    )  # fmt: skip
    monitoring = config.monitoring
    assert (monitoring.reminder_minutes, monitoring.work_start, monitoring.digest_time) == (
        30, "08:30", "10:15",
    )  # fmt: skip
    assert "a-long-random-dashboard-secret" in config.secrets()
    assert "a-long-random" not in repr(config)


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ({"reminder_minutes": 0}, "monitoring.reminder_minutes"),
        ({"work_start": "9"}, "monitoring.work_start"),
        ({"work_start": "09:00", "work_end": "09:00"}, "monitoring.work_end"),
        ({"digest_time": "25:00"}, "monitoring.digest_time"),
        ({"dashboard_token": "short"}, "monitoring.dashboard_token"),
        ({"colour": "red"}, "monitoring.colour"),
    ],
)
def test_mistakes_name_their_key(section: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_config({"monitoring": section}, {})
