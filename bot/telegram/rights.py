"""Start-up check of the bot's rights in every moderated chat, reported to moderators.

The bot needs to be an administrator that may delete messages and restrict members; what is
missing is logged and sent, in the community's language, to its moderators' chat, because a
bot that silently cannot delete is worse than one that says so.
"""

from __future__ import annotations

import logging

from aiogram import Bot

from bot.telegram.errors import TelegramGatewayError
from bot.telegram.texts import ui

log = logging.getLogger(__name__)

REQUIRED = ("can_delete_messages", "can_restrict_members")


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
