"""The command menus: admin commands only where admins and moderators see them.

Group commands go to each moderated group's administrators (`chat_administrators` scope);
the moderators' chat gets its own list (`chat` scope). Nothing is registered for all group
chats any more, and an older all-groups menu is removed, so ordinary members never see
/ban or /addword. Each menu is set in Kazakh, Russian and, as the default, the
community's language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiogram import Bot
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
)

from bot.telegram.commands.registry import Place, menu
from bot.telegram.errors import TelegramGatewayError

log = logging.getLogger(__name__)

Scope = BotCommandScopeChat | BotCommandScopeChatAdministrators


async def _set(bot: Bot, scope: Scope, place: Place, default_lang: str) -> None:
    for language_code, lang in (("kk", "kk"), ("ru", "ru"), (None, default_lang)):
        commands = [BotCommand(command=c, description=d) for c, d in menu(lang, place)]
        await bot.set_my_commands(commands, scope=scope, language_code=language_code)


async def register_commands(
    bot: Bot,
    groups: Mapping[int, str] | None = None,  # moderated chat → its community's language
    desks: Mapping[int, str] | None = None,  # moderators' chat → its (first) language
) -> None:
    """setMyCommands per scope; a chat the bot cannot reach is logged and skipped."""
    for code in ("kk", "ru", None):
        try:
            await bot.delete_my_commands(BotCommandScopeAllGroupChats(), language_code=code)
        except TelegramGatewayError as exc:
            log.info("telegram: removing the old all-groups menu failed: %s", exc)
    for chat_id, lang in (groups or {}).items():
        try:
            await _set(bot, BotCommandScopeChatAdministrators(chat_id=chat_id), Place.GROUP, lang)
        except TelegramGatewayError as exc:
            log.warning("telegram: group menu for %s not set: %s", chat_id, exc)
    for chat_id, lang in (desks or {}).items():
        try:
            await _set(bot, BotCommandScopeChat(chat_id=chat_id), Place.DESK, lang)
        except TelegramGatewayError as exc:
            log.warning("telegram: moderators' menu for %s not set: %s", chat_id, exc)
