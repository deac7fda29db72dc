"""Kuzet's domain core: comments, the decision policy, strikes, the night window, reply
drafts, the approval workflow and the `ModerationService` with its ports.

Pure Python on top of `classifiers`; the shell (`bot`) plugs platforms and storage in
through the `typing.Protocol` ports in `moderation.ports`.
"""

from moderation.approval import Resolution
from moderation.comment import Author, Comment, CommentKey, Platform, UserRef
from moderation.decision import (
    Action,
    ActionKind,
    Decision,
    Draft,
    DraftSource,
    Reason,
    ReasonCode,
    Verdict,
)
from moderation.errors import AlreadyHandled, ModerationError
from moderation.service import ModerationService
from moderation.settings import CommunitySettings, NightSettings, StrikeSettings

__all__ = [
    "Action",
    "ActionKind",
    "AlreadyHandled",
    "Author",
    "Comment",
    "CommentKey",
    "CommunitySettings",
    "Decision",
    "Draft",
    "DraftSource",
    "ModerationError",
    "ModerationService",
    "NightSettings",
    "Platform",
    "Reason",
    "ReasonCode",
    "Resolution",
    "StrikeSettings",
    "UserRef",
    "Verdict",
]
