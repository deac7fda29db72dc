"""Admin commands in a moderators' chat: who may run them, dispatch, and registration.

Admins are the config's `telegram.admins` plus the moderators' chat administrators. Anyone
else gets a polite refusal and an audit record. Bad arguments get the usage line; a
refused change (e.g. a bad threshold) gets the reason; never a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, ReplyParameters

from bot.telegram.callbacks import moderator_name
from bot.telegram.commands import handlers as h
from bot.telegram.commands import settings as s
from bot.telegram.commands.handlers import Context, Handler, Usage
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.errors import ModerationError
from moderation.records import AuditEntry
from moderation.service import ModerationService

log = logging.getLogger(__name__)

COMMANDS: dict[str, Handler] = {
    "help": h.help_, "start": h.help_, "check": h.check, "words": h.words,
    "addword": h.addword, "delword": h.delword, "allowword": h.allowword, "ban": h.ban,
    "unban": h.unban, "banned": h.banned, "trust": h.trust, "untrust": h.untrust,
    "faq": s.faq, "threshold": s.threshold, "night": s.night, "mode": s.mode,
    "stats": h.stats,
}  # fmt: skip
DESCRIPTIONS = {
    "kk": {"help": "Командалар", "check": "Мәтінді тексеру", "words": "Сөздер тізімі",
           "addword": "Сөз қосу", "delword": "Сөзді алып тастау", "allowword": "Сөзге рұқсат",
           "ban": "Бұғаттау", "unban": "Бұғаттан шығару", "banned": "Бұғатталғандар",
           "trust": "Сенімді автор", "untrust": "Сенімнен алу", "faq": "Жиі сұрақтар",
           "threshold": "Шек", "night": "Түнгі режим", "mode": "Режим", "stats": "Статистика"},
    "ru": {"help": "Команды", "check": "Проверить текст", "words": "Слова сообщества",
           "addword": "Добавить слово", "delword": "Удалить слово", "allowword": "Разрешить слово",
           "ban": "Заблокировать", "unban": "Разблокировать", "banned": "Заблокированные",
           "trust": "Доверенный автор", "untrust": "Убрать из доверенных", "faq": "FAQ",
           "threshold": "Порог", "night": "Ночной режим", "mode": "Режим", "stats": "Статистика"},
}  # fmt: skip


def parse(text: str) -> tuple[str, str] | None:
    """("addword", "args") for "/addword@kuzet_bot args"; None for non-commands."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    return head.split("@", 1)[0].lower(), args.strip()


async def register_commands(bot: Bot) -> None:
    """setMyCommands in Kazakh, Russian and the default (Russian) list."""
    scope = BotCommandScopeAllGroupChats()
    for lang in ("kk", "ru", None):
        texts = DESCRIPTIONS[lang or "ru"]
        commands = [BotCommand(command=name, description=text) for name, text in texts.items()]
        await bot.set_my_commands(commands, scope=scope, language_code=lang)


class CommandDesk:
    def __init__(self, bot: Bot, service: ModerationService, staff: Staff) -> None:
        self.bot, self.service, self.staff = bot, service, staff

    async def handle(self, message: dict[str, Any], community_id: str, lang: str) -> bool:
        """Run the command in `message`; False when it is not a command of ours."""
        parsed = parse(message.get("text") or "")
        if parsed is None or parsed[0] not in COMMANDS:
            return False
        name, args = parsed
        chat_id = int(message["chat"]["id"])
        user = message.get("from") or {}
        by = moderator_name(user)
        if not await self.staff.is_admin(chat_id, int(user.get("id", 0))):
            await self.service.repos.audit.add(AuditEntry(
                community_id, f"telegram:{user.get('id')}", "command.refused",
                f"/{name} by a non-admin", self.service.clock.now(), {"command": name},
            ))  # fmt: skip
            await self._reply(message, ui(lang, "command.refused_not_admin"))
            return True
        ctx = Context(self.service, community_id, lang, by, message, args,
                      await self._reply_user(message))  # fmt: skip
        try:
            answer = await COMMANDS[name](ctx)
        except Usage as usage:
            answer = ui(lang, f"command.usage.{usage.command}")
        except ModerationError as exc:
            answer = ui(lang, "command.error", error=str(exc))
        await self._reply(message, answer)
        return True

    async def _reply_user(self, message: dict[str, Any]) -> Any:
        """The author of the card this command replies to (for /ban, /trust …)."""
        reply = message.get("reply_to_message") or {}
        if not reply:
            return None
        card = await self.service.repos.cards.by_message(
            str(message["chat"]["id"]), str(reply.get("message_id"))
        )
        return card.comment.user if card is not None else None

    async def _reply(self, message: dict[str, Any], text: str) -> None:
        for start in range(0, len(text), 4096):
            await self.bot.send_message(
                int(message["chat"]["id"]), text[start : start + 4096],
                reply_parameters=ReplyParameters(
                    message_id=int(message["message_id"]), allow_sending_without_reply=True
                ),
            )  # fmt: skip
