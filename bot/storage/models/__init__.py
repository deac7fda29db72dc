"""Every table of the Kuzet schema; importing this package registers them on `Base.metadata`."""

from bot.storage.models.action import ActionRow
from bot.storage.models.audit import AuditRow
from bot.storage.models.card import CardRow
from bot.storage.models.community import CommunityRow
from bot.storage.models.decision import AnalysisRow, DecisionRow
from bot.storage.models.inbox import InboxRow, InboxStatus
from bot.storage.models.instance import InstanceRow
from bot.storage.models.learning import FaqRow, StrikeRow, TrainingSampleRow
from bot.storage.models.lists import BlacklistRow, TrustedUserRow, WordOverlayRow
from bot.storage.models.monitoring import DailyStatsRow, ThreadRow
from bot.storage.models.state import KeyValueRow

__all__ = [
    "ActionRow",
    "AnalysisRow",
    "AuditRow",
    "BlacklistRow",
    "CardRow",
    "CommunityRow",
    "DailyStatsRow",
    "DecisionRow",
    "FaqRow",
    "InboxRow",
    "InboxStatus",
    "InstanceRow",
    "KeyValueRow",
    "StrikeRow",
    "ThreadRow",
    "TrainingSampleRow",
    "TrustedUserRow",
    "WordOverlayRow",
]
