"""Where every Telegram update goes, from polling or the webhook, before it is confirmed.

Comments from moderated chats are written to the inbox (idempotent on their key) and the
worker is woken. Button taps, commands and Edit replies in the moderators' chat are handled
right here; a "done" mark in the state table makes a re-delivered one a no-op, so a crash
between handling and confirming does nothing twice. An exception propagates, so polling
keeps the offset and the webhook answers 500: Telegram sends the update again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from bot.scheduler import DONE_MARK_PREFIX
from bot.sides import Kernel
from bot.telegram.callbacks import CardDesk
from bot.telegram.commands import CommandDesk, GroupDesk
from bot.telegram.commands.ids import answer_id
from bot.telegram.commands.monitoring import TelegramMonitoringChat, is_thread_button
from bot.telegram.convert import convert_update, update_message
from bot.telegram.polling import OffsetSave

log = logging.getLogger(__name__)


class TelegramIngest:
    def __init__(
        self,
        kernel: Kernel,
        bot_id: int,
        chats: Mapping[int, str],  # moderated chat id → community id
        # moderators' chat → the (community, language) pairs it serves, in config order
        mods_chats: Mapping[int, Sequence[tuple[str, str]]],
        cards: CardDesk,
        commands: CommandDesk,
        group_commands: GroupDesk | None = None,
        reminders: TelegramMonitoringChat | None = None,
    ) -> None:
        self.kernel, self.bot_id = kernel, bot_id
        self.chats, self.mods_chats = dict(chats), dict(mods_chats)
        self.cards, self.commands = cards, commands
        self.group_commands = group_commands
        self.reminders = reminders

    async def store_page(
        self, updates: list[dict[str, Any]], then: OffsetSave | None = None
    ) -> None:
        """A whole `getUpdates` page: the moderators' taps and commands one by one, in
        order, then every comment into the inbox and `then()` (the poller's offset) in one
        transaction — one commit per page. Taps and commands stay outside it: they call
        Telegram, and a transaction is not held open across network calls."""
        comments = []
        for update in updates:
            comment = self._comment_of(update)
            if comment is not None:
                comments.append((comment, update))
            else:
                await self.store(update)
        state = then.state if then is not None else None  # the offset, as a state key
        if comments and state is not None:  # one statement for the page and its offset
            stored = await self.kernel.inbox.store_many(comments, state=state)
        else:
            async with self.kernel.db.shared():
                stored = await self.kernel.inbox.store_many(comments)
                if then is not None:
                    await then()
        if any(stored):
            self.kernel.wake_worker()

    def _comment_of(self, update: dict[str, Any]) -> Any:
        """The comment an update carries, None for anything handled by `store` instead."""
        if "callback_query" in update:
            return None
        message = update_message(update)
        if message is None:
            return None
        chat_id = int((message.get("chat") or {}).get("id", 0))
        if chat_id in self.mods_chats and "message" in update:
            return None
        if self._maybe_group_command(update, message, chat_id):
            return None  # `store` runs it (or, if it is not ours, moderates it)
        return convert_update(update, self.chats, self.bot_id)

    def _maybe_group_command(
        self, update: dict[str, Any], message: dict[str, Any], chat_id: int
    ) -> bool:
        if self.group_commands is None or chat_id not in self.chats or "message" not in update:
            return False
        return str(message.get("text") or "").startswith("/")

    async def store(self, update: dict[str, Any]) -> None:
        if "callback_query" in update:
            query = update["callback_query"]
            work = self.cards.press(query)
            if self.reminders is not None and is_thread_button(str(query.get("data") or "")):
                work.close()
                work = self.reminders.press(query, self.cards.staff)
            await self._once(f"{DONE_MARK_PREFIX}cb:{query.get('id')}", work)
            return
        if await answer_id(self.commands.bot, self.commands.staff, self.kernel.state, update):
            return
        message = update_message(update)
        if message is None:
            return
        chat_id = int((message.get("chat") or {}).get("id", 0))
        if chat_id in self.mods_chats and "message" in update:
            key = f"{DONE_MARK_PREFIX}msg:{chat_id}:{message.get('message_id')}"
            await self._once(key, self._staff_message(message, self.mods_chats[chat_id]))
            return
        if await self._group_command(update, message, chat_id):
            return
        comment = convert_update(update, self.chats, self.bot_id)
        if comment is None:
            return
        if await self.kernel.inbox.store(comment, update):
            self.kernel.wake_worker()

    async def _group_command(
        self, update: dict[str, Any], message: dict[str, Any], chat_id: int
    ) -> bool:
        """An admin's /warn, /mute … in a moderated group: handled here, never moderated."""
        desk, community_id = self.group_commands, self.chats.get(chat_id)
        if desk is None or community_id is None:
            return False
        if not self._maybe_group_command(update, message, chat_id):
            return False
        key = f"{DONE_MARK_PREFIX}msg:{chat_id}:{message.get('message_id')}"
        if await self.kernel.state.get(key) is not None:
            return True  # handled before a crash; the re-delivery does nothing
        handled = await desk.handle(message, community_id)
        if handled:
            await self.kernel.state.set(key, "1")
        return handled

    async def _staff_message(
        self, message: dict[str, Any], communities: Sequence[tuple[str, str]]
    ) -> None:
        if await self.commands.handle(message, communities):
            return
        await self.cards.edit_reply(message)

    async def _once(self, key: str, work: Any) -> None:
        state = self.kernel.state
        if await state.get(key) is not None:
            work.close()  # the coroutine never runs: this update was handled before
            return
        await work
        await state.set(key, "1")
