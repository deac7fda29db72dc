"""The bot's rights in every moderated chat: reported to moderators at start-up, and
inspected in full by `kuzet doctor`.

In a moderated chat the bot needs to be an administrator that may delete messages
(`can_delete_messages`: hide) and restrict members (`can_restrict_members`: mute and ban);
no other right is used. What is missing is logged and sent, in the community's language,
to its moderators' chat, because a bot that silently cannot delete is worse than one that
says so. In a moderators' chat it only needs to be a member that may send messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot

from bot.telegram.errors import TelegramGatewayError
from bot.telegram.texts import ui

log = logging.getLogger(__name__)

REQUIRED = ("can_delete_messages", "can_restrict_members")
PRESENT = frozenset({"creator", "administrator", "member", "restricted"})


@dataclass(frozen=True)
class ChatInspection:
    """What Telegram says about one chat and the bot in it (`error`: it said no)."""

    chat_id: int
    error: str = ""  # getChat/getChatMember's refusal, e.g. "chat not found"
    chat_type: str = ""  # group / supergroup / channel / private
    title: str = ""
    linked_chat_id: int | None = None  # a channel's discussion group, or the group's channel
    status: str = ""  # the bot's: creator / administrator / member / restricted / left / kicked
    missing: tuple[str, ...] = ()  # REQUIRED rights the bot lacks (administrators only)
    can_send: bool = False

    @property
    def present(self) -> bool:
        return not self.error and self.status in PRESENT

    @property
    def admin(self) -> bool:
        return self.status in ("creator", "administrator")


async def inspect_chat(bot: Bot, chat_id: int, bot_id: int) -> ChatInspection:
    """getChat + getChatMember(bot): the chat's kind and the bot's place in it."""
    try:
        chat = await bot.get_chat(chat_id)
        member = await bot.get_chat_member(chat_id, bot_id)
    except TelegramGatewayError as exc:
        return ChatInspection(chat_id, error=exc.description)
    missing: tuple[str, ...] = ()
    if member.status == "administrator":
        missing = tuple(right for right in REQUIRED if not getattr(member, right, False))
    can_send = member.status in ("creator", "administrator", "member") or bool(
        getattr(member, "can_send_messages", False)
    )
    return ChatInspection(
        chat_id,
        chat_type=chat.type,
        title=chat.title or chat.first_name or "",
        linked_chat_id=chat.linked_chat_id,
        status=member.status,
        missing=missing,
        can_send=member.status in PRESENT and can_send,
    )


async def missing_rights(bot: Bot, chat_id: int, bot_id: int) -> list[str] | None:
    """The rights the bot lacks in `chat_id` (empty: all fine); None: it is no admin."""
    member = await bot.get_chat_member(chat_id, bot_id)
    if member.status == "creator":
        return []
    if member.status != "administrator":
        return None
    return [right for right in REQUIRED if not getattr(member, right, False)]


async def report_rights(
    bot: Bot, bot_id: int, chat_id: int, mods_chat: int | None, lang: str
) -> str | None:
    """Check one chat; returns the report line sent to the moderators (None when all ok)."""
    try:
        missing = await missing_rights(bot, chat_id, bot_id)
    except TelegramGatewayError as exc:
        line = ui(lang, "rights.not_admin", chat=chat_id) + f" ({exc.description})"
    else:
        if missing == []:
            return None
        if missing is None:
            line = ui(lang, "rights.not_admin", chat=chat_id)
        else:
            line = ui(lang, "rights.missing", chat=chat_id, rights=", ".join(missing))
    log.warning("telegram rights: %s", line)
    if mods_chat is not None:
        try:
            await bot.send_message(mods_chat, line)
        except TelegramGatewayError as exc:
            log.error("telegram: cannot tell moderators' chat %s: %s", mods_chat, exc)
    return line
