"""A fake Telegram Bot API server for tests: world model, scenarios, journal and faults."""

from tests.fakes.telegram.faults import FaultKind
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.scenario import ScenarioRefused
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.telegram.world import (
    CHANNEL_BOT_ID,
    GROUP_ANONYMOUS_BOT_ID,
    TELEGRAM_SERVICE_ID,
    Chat,
    Member,
    StoredMessage,
    User,
)

__all__ = [
    "CHANNEL_BOT_ID",
    "GROUP_ANONYMOUS_BOT_ID",
    "TELEGRAM_SERVICE_ID",
    "Call",
    "Chat",
    "FakeTelegram",
    "FaultKind",
    "Member",
    "ScenarioRefused",
    "StoredMessage",
    "User",
]
