"""Who may do what in a moderators' chat: admins (config list + the chat's administrators)
run commands; moderators (admins + members of the moderators' chat) press card buttons.

Telegram is asked once per chat/user and the answer is cached for a few minutes, so a tap
or a command costs no extra API call most of the time, and a demoted admin loses the right
soon after.

The thread tracker asks the same cache who answered a question: a group administrator
who is not in `[telegram] admins` is staff all the same. When Telegram cannot list a
chat's administrators, that is logged once (and once when it works again) and retried
after `RETRY` seconds, not on every comment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from aiogram import Bot

from bot.telegram.errors import TelegramGatewayError
from moderation.comment import Comment

log = logging.getLogger(__name__)

TTL = 300.0
RETRY = 60.0  # after a failed getChatAdministrators
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})


class Staff:
    def __init__(
        self, bot: Bot, admins: Iterable[int], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.bot = bot
        self.config_admins = frozenset(admins)
        self._clock = clock
        self._admins: dict[int, tuple[float, frozenset[int]]] = {}
        self._members: dict[tuple[int, int], tuple[float, bool]] = {}
        self._failing: set[int] = set()  # chats whose administrators Telegram would not list

    async def chat_admins(self, chat_id: int) -> frozenset[int]:
        cached = self._admins.get(chat_id)
        if cached is not None and self._clock() - cached[0] < TTL:
            return cached[1]
        try:
            members = await self.bot.get_chat_administrators(chat_id)
        except TelegramGatewayError as exc:
            if chat_id not in self._failing:
                self._failing.add(chat_id)
                log.warning("telegram: cannot list admins of %s (retrying every %.0f s): %s",
                            chat_id, RETRY, exc)  # fmt: skip
            # Remembered as "none" until RETRY has passed: one call, not one per comment.
            self._admins[chat_id] = (self._clock() - TTL + RETRY, frozenset())
            return frozenset()
        if chat_id in self._failing:
            self._failing.discard(chat_id)
            log.warning("telegram: admins of %s are listed again", chat_id)
        ids = frozenset(m.user.id for m in members)
        self._admins[chat_id] = (self._clock(), ids)
        return ids

    async def staff_ids(self, comment: Comment) -> frozenset[str]:
        """The administrators of the chat `comment` was posted in (the thread tracker's
        `StaffSource` for Telegram)."""
        try:
            chat_id = int(comment.chat_id)
        except ValueError:
            return frozenset()
        return frozenset(str(user_id) for user_id in await self.chat_admins(chat_id))

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        return user_id in self.config_admins or user_id in await self.chat_admins(chat_id)

    async def is_moderator(self, chat_id: int, user_id: int) -> bool:
        if await self.is_admin(chat_id, user_id):
            return True
        cached = self._members.get((chat_id, user_id))
        if cached is not None and self._clock() - cached[0] < TTL:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
            ok = member.status in MEMBER_STATUSES
        except TelegramGatewayError as exc:
            log.warning("telegram: membership of %s in %s unknown: %s", user_id, chat_id, exc)
            return False
        self._members[(chat_id, user_id)] = (self._clock(), ok)
        return ok
