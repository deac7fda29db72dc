"""The fake's world: users, chats, memberships with rights, messages and bans.

Methods and scenarios mutate this model; the JSON that goes on the wire is built from it by
`objects.py`. Ids are deterministic counters so assertions never depend on randomness.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

TELEGRAM_SERVICE_ID = 777000  # "Telegram": author of auto-forwarded channel posts
GROUP_ANONYMOUS_BOT_ID = 1087968824  # anonymous group admins post as this user
CHANNEL_BOT_ID = 136817688  # users posting "as a channel" appear as this user

ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
    "can_pin_messages",
    "can_manage_topics",
)
PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)


@dataclass
class User:
    id: int
    first_name: str
    is_bot: bool = False
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None


@dataclass
class Member:
    user: User
    status: str = "member"  # creator | administrator | member | restricted | left | kicked
    rights: dict[str, bool] = field(default_factory=dict)
    permissions: dict[str, bool] = field(default_factory=dict)
    until_date: int = 0

    def can(self, right: str) -> bool:
        if self.status == "creator":
            return True
        return self.status == "administrator" and self.rights.get(right, False)

    @property
    def is_admin(self) -> bool:
        return self.status in ("creator", "administrator")


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    linked_chat_id: int | None = None
    first_name: str | None = None  # private chats only
    members: dict[int, Member] = field(default_factory=dict)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    banned_sender_chats: set[int] = field(default_factory=set)
    next_message_id: int = 1

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class StoredMessage:
    """One message as the server keeps it; `data` is its current wire JSON."""

    chat_id: int
    message_id: int
    date: int
    data: dict[str, Any]
    sender_id: int | None = None
    sender_chat_id: int | None = None
    thread_id: int | None = None
    deleted: bool = False

    @property
    def text(self) -> str | None:
        return self.data.get("text")


@dataclass
class CallbackRecord:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None


class World:
    def __init__(self, bot: User) -> None:
        self.bot = bot
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._user_ids = itertools.count(5550001)
        self._group_ids = itertools.count(1002000000001)
        self._callback_ids = itertools.count(7340000000000001)
        for service in (
            User(TELEGRAM_SERVICE_ID, "Telegram"),
            User(GROUP_ANONYMOUS_BOT_ID, "Group", is_bot=True, username="GroupAnonymousBot"),
            User(CHANNEL_BOT_ID, "Channel", is_bot=True, username="Channel_Bot"),
        ):
            self.users[service.id] = service

    def add_user(self, first_name: str, *, id: int | None = None, **extra: Any) -> User:
        user = User(id if id is not None else next(self._user_ids), first_name, **extra)
        self.users[user.id] = user
        return user

    def add_chat(
        self,
        title: str | None,
        type: str = "supergroup",
        *,
        id: int | None = None,
        username: str | None = None,
    ) -> Chat:
        if id is None:
            serial = next(self._group_ids)
            id = -serial if type != "group" else -(serial % 10**9)  # basic groups: short ids
        chat = Chat(id, type, title, username)
        self.chats[chat.id] = chat
        return chat

    def next_callback_id(self) -> str:
        return str(next(self._callback_ids))

    def chat_by_ref(self, ref: int | str) -> Chat | None:
        if isinstance(ref, str) and ref.startswith("@"):
            return next((c for c in self.chats.values() if c.username == ref[1:]), None)
        try:
            return self.chats.get(int(ref))
        except ValueError:
            return None

    def member(self, chat: Chat, user_id: int) -> Member:
        """The membership record; users the chat never saw are `left`."""
        found = chat.members.get(user_id)
        if found is None:
            found = Member(self.users[user_id], status="left")
        return found

    def user_messages(self, chat: Chat, user_id: int) -> list[StoredMessage]:
        return [m for m in chat.messages.values() if m.sender_id == user_id and not m.deleted]
