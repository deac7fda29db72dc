"""The fake VK's world: users, communities with admins, wall posts, comment threads, bans.

Methods and the scenario API mutate this model; every change that VK reports as an event
goes through `events.EventLog`, so the API, Long Poll and the Callback pusher agree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

# Restore window after deletion (VK's real length is unverified; the fake models one).
RESTORE_WINDOW = 24 * 3600
ADMIN_ROLES = ("moderator", "editor", "administrator", "creator")


class VirtualClock:
    """Wall time plus an offset that tests move with `advance()`."""

    def __init__(self, start: float = 1_764_000_000.0) -> None:
        self._start, self._mono, self._offset = start, time.monotonic(), 0.0

    def now(self) -> int:
        return int(self._start + time.monotonic() - self._mono + self._offset)

    def advance(self, seconds: float) -> None:
        self._offset += seconds


@dataclass
class User:
    id: int
    first_name: str
    last_name: str

    def as_vk(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "can_access_closed": True,
            "is_closed": False,
        }


@dataclass
class Ban:
    owner_id: int
    admin_id: int
    date: int
    end_date: int  # 0 = forever
    reason: int
    comment: str
    comment_visible: int


@dataclass
class Community:
    id: int  # positive
    name: str
    screen_name: str
    admins: dict[int, str] = field(default_factory=dict)  # user id -> role
    bans: dict[int, Ban] = field(default_factory=dict)
    confirmation_code: str = "a1b2c3d4"

    def as_vk(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "screen_name": self.screen_name,
            "is_closed": 0,
            "type": "group",
        }

    def is_manager(self, user_id: int) -> bool:
        return user_id in self.admins


# Where a comment can live, and the fields VK names its owner and object by in events.
KINDS: dict[str, tuple[str, str]] = {
    "wall": ("post_owner_id", "post_id"),
    "photo": ("photo_owner_id", "photo_id"),
    "video": ("video_owner_id", "video_id"),
    "market": ("market_owner_id", "item_id"),
    "board": ("topic_owner_id", "topic_id"),
}


@dataclass
class Post:
    """Something comments hang under: a wall post, photo, video, market item or board topic."""

    owner_id: int  # negative for a community
    id: int
    text: str
    date: int
    kind: str = "wall"


@dataclass
class Comment:
    owner_id: int
    post_id: int
    id: int
    from_id: int
    text: str
    date: int
    parents_stack: list[int]
    reply_to_comment: int | None = None
    reply_to_user: int | None = None
    deleted_at: int | None = None
    kind: str = "wall"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    def event_object(self) -> dict[str, Any]:
        """The object of a `*_new/_edit/_restore` event: the comment plus where it lives."""
        owner_field, object_field = KINDS[self.kind]
        body = self.as_vk()
        if self.kind != "wall":
            del body["post_id"], body["owner_id"]
            body[object_field] = self.post_id
        body[owner_field] = self.owner_id
        return body

    def as_vk(self, thread_count: int = 0) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "from_id": self.from_id,
            "date": self.date,
            "text": self.text,
            "post_id": self.post_id,
            "owner_id": self.owner_id,
            "parents_stack": list(self.parents_stack),
            "thread": {
                "count": thread_count,
                "items": [],
                "can_post": True,
                "show_reply_button": True,
                "groups_can_post": True,
            },
        }
        if self.reply_to_comment is not None:
            body["reply_to_comment"] = self.reply_to_comment
        if self.reply_to_user is not None:
            body["reply_to_user"] = self.reply_to_user
        return body


@dataclass
class World:
    clock: VirtualClock = field(default_factory=VirtualClock)
    users: dict[int, User] = field(default_factory=dict)
    communities: dict[int, Community] = field(default_factory=dict)
    posts: dict[tuple[int, int], Post] = field(default_factory=dict)
    comments: dict[tuple[int, int], Comment] = field(default_factory=dict)
    _next_id: int = 500  # posts and comments share one counter per fake; ids are predictable

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def community_of(self, owner_id: int) -> Community | None:
        return self.communities.get(-owner_id) if owner_id < 0 else None

    def thread_count(self, comment: Comment) -> int:
        return sum(
            1
            for c in self.comments.values()
            if c.owner_id == comment.owner_id and comment.id in c.parents_stack and not c.deleted
        )

    def live_bans(self, community: Community) -> list[Ban]:
        now = self.clock.now()
        return [b for b in community.bans.values() if b.end_date == 0 or b.end_date > now]

    def restorable(self, comment: Comment) -> bool:
        return comment.deleted_at is not None and (
            self.clock.now() - comment.deleted_at <= RESTORE_WINDOW
        )
