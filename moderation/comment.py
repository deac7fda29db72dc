"""The platform-neutral comment: what the Telegram and VK adapters turn every event into.

Everything downstream (policy, storage, cards) speaks in `Comment`; the adapters' pure
converters are the only code that knows what an aiogram update or a VK event looks like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Platform(StrEnum):
    """Where a comment was written."""

    TELEGRAM = "telegram"
    VK = "vk"


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a comment, as far as the platform tells us.

    `is_channel` marks posts sent on behalf of a channel (Telegram `sender_chat`) or a VK
    community (negative `from_id`); `is_admin` is the adapter's knowledge that the author
    administers the chat/community (such authors are never auto-actioned).
    """

    id: str
    name: str | None = None
    is_channel: bool = False
    is_admin: bool = False
    username: str | None = None

    @property
    def display(self) -> str:
        """How a card or a reply addresses the author."""
        if self.name:
            return self.name
        if self.username:
            return f"@{self.username}"
        return self.id


@dataclass(frozen=True, slots=True, order=True)
class CommentKey:
    """The identity of one revision of one comment; the inbox's unique key.

    An edited comment is a new revision with its own decision; re-deliveries of the same
    revision map to the same key and so are never handled twice.
    """

    platform: Platform
    chat_id: str
    comment_id: str
    revision: int = 0

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}:{self.comment_id}:{self.revision}"

    @classmethod
    def parse(cls, text: str) -> CommentKey:
        """The inverse of `str(key)`; chat ids may contain ':' only before the last two parts."""
        platform, rest = text.split(":", 1)
        chat_id, comment_id, revision = rest.rsplit(":", 2)
        return cls(Platform(platform), chat_id, comment_id, int(revision))


@dataclass(frozen=True, slots=True)
class UserRef:
    """A user within a community: the target of bans, mutes, strikes and blacklists."""

    platform: Platform
    community_id: str
    user_id: str
    chat_id: str | None = None  # Telegram restricts per chat; VK bans per community
    is_channel: bool = False

    def __str__(self) -> str:
        return f"{self.platform}:{self.community_id}:{self.user_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """One comment (or channel-post comment, or group message) in platform-neutral form.

    `text` includes a media caption and quoted text; `created_at` is timezone-aware UTC.
    All fields are keyword-only. `metadata` carries adapter extras as strings (e.g. VK
    `owner_id`, Telegram thread id).
    """

    platform: Platform
    community_id: str
    chat_id: str
    post_id: str | None = None
    comment_id: str
    revision: int = 0
    author: Author
    text: str
    created_at: datetime
    reply_to: str | None = None
    links: tuple[str, ...] = ()
    forwarded: bool = False
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("Comment.created_at must be timezone-aware (UTC)")

    @property
    def key(self) -> CommentKey:
        return CommentKey(self.platform, self.chat_id, self.comment_id, self.revision)

    @property
    def user(self) -> UserRef:
        """The author as a target of strikes, bans and blacklists in this community."""
        return UserRef(
            self.platform,
            self.community_id,
            self.author.id,
            chat_id=self.chat_id,
            is_channel=self.author.is_channel,
        )
