"""Who may do what in a moderators' chat: admins (config list + the chat's administrators)
run commands; moderators (admins + members of the moderators' chat) press card buttons.

Telegram is asked once per chat/user and the answer is cached for a few minutes, so a tap
or a command costs no extra API call most of the time, and a demoted admin loses the right
soon after.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from aiogram import Bot

from bot.telegram.errors import TelegramGatewayError

log = logging.getLogger(__name__)

TTL = 300.0
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

    async def chat_admins(self, chat_id: int) -> frozenset[int]:
        cached = self._admins.get(chat_id)
        if cached is not None and self._clock() - cached[0] < TTL:
            return cached[1]
        try:
            members = await self.bot.get_chat_administrators(chat_id)
        except TelegramGatewayError as exc:
            log.warning("telegram: cannot list admins of %s: %s", chat_id, exc)
            return frozenset()
        ids = frozenset(m.user.id for m in members)
        self._admins[chat_id] = (self._clock(), ids)
        return ids

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
