"""Admin commands in a moderators' chat: who may run them, dispatch, and registration.

Admins are the config's `telegram.admins` plus the moderators' chat administrators. Anyone
else gets a polite refusal and an audit record. Bad arguments get the usage line; a
refused change (e.g. a bad threshold) gets the reason; never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, ReplyParameters

from bot.telegram.callbacks import moderator_name
from bot.telegram.commands import handlers as h
from bot.telegram.commands import model
from bot.telegram.commands import settings as s
from bot.telegram.commands.handlers import Context, Handler, Usage
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.errors import ModerationError
from moderation.records import AuditEntry, Card
from moderation.service import ModerationService

log = logging.getLogger(__name__)

COMMANDS: dict[str, Handler] = {
    "help": h.help_, "start": h.help_, "check": h.check, "words": h.words,
    "addword": h.addword, "delword": h.delword, "allowword": h.allowword, "ban": h.ban,
    "unban": h.unban, "banned": h.banned, "trust": h.trust, "untrust": h.untrust,
    "faq": s.faq, "threshold": s.threshold, "night": s.night, "mode": s.mode,
    "stats": h.stats, "model": model.model,
}  # fmt: skip
DESCRIPTIONS = {
    "kk": {"help": "Командалар", "check": "Мәтінді тексеру", "words": "Сөздер тізімі",
           "addword": "Сөз қосу", "delword": "Сөзді алып тастау", "allowword": "Сөзге рұқсат",
           "ban": "Бұғаттау", "unban": "Бұғаттан шығару", "banned": "Бұғатталғандар",
           "trust": "Сенімді автор", "untrust": "Сенімнен алу", "faq": "Жиі сұрақтар",
           "threshold": "Шек", "night": "Түнгі режим", "mode": "Режим", "stats": "Статистика",
           "model": "Модель"},
    "ru": {"help": "Команды", "check": "Проверить текст", "words": "Слова сообщества",
           "addword": "Добавить слово", "delword": "Удалить слово", "allowword": "Разрешить слово",
           "ban": "Заблокировать", "unban": "Разблокировать", "banned": "Заблокированные",
           "trust": "Доверенный автор", "untrust": "Убрать из доверенных", "faq": "FAQ",
           "threshold": "Порог", "night": "Ночной режим", "mode": "Режим", "stats": "Статистика",
           "model": "Модель"},
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


# Commands that mean the same for every community a chat serves.
_ANY_COMMUNITY = frozenset({"help", "start"})


def choose_community(
    name: str, args: str, communities: Sequence[tuple[str, str]], card: Card | None
) -> tuple[str, str, str] | str:
    """(community, language, args without the selector) a command acts on, or the answer
    that asks which. A chat may moderate several communities: "/addword #news казино"
    names one; a command replying to a card acts on that card's community; a chat of one
    community needs neither."""
    by_id = dict(communities)
    first_id, first_lang = communities[0]
    selector, _, rest = args.partition(" ")
    # In a chat of one community "#…" is only a selector when it names that community:
    # "/addword #казино" adds a hashtag there.
    wanted = selector[1:] if selector.startswith("#") else ""
    if wanted and (len(by_id) > 1 or wanted in by_id):
        if wanted not in by_id:
            listed = ", ".join(f"#{c}" for c in by_id)
            return ui(first_lang, "command.community_not_here", id=wanted, ids=listed)
        return wanted, by_id[wanted], rest.strip()
    if card is not None and card.community_id in by_id:
        return card.community_id, by_id[card.community_id], args
    if len(by_id) == 1 or name in _ANY_COMMUNITY:
        return first_id, first_lang, args
    listed = ", ".join(f"#{c}" for c in by_id)
    return ui(first_lang, "command.which_community", ids=listed, command=name, first=first_id)


class CommandDesk:
    def __init__(self, bot: Bot, service: ModerationService, staff: Staff) -> None:
        self.bot, self.service, self.staff = bot, service, staff

    async def handle(self, message: dict[str, Any], communities: Sequence[tuple[str, str]]) -> bool:
        """Run the command in `message`, sent to a moderators' chat serving `communities`
        ((id, language) pairs, in config order); False when it is not a command of ours."""
        parsed = parse(message.get("text") or "")
        if parsed is None or parsed[0] not in COMMANDS:
            return False
        name, args = parsed
        chat_id = int(message["chat"]["id"])
        user = message.get("from") or {}
        by = moderator_name(user)
        community_id, lang = communities[0]
        if not await self.staff.is_admin(chat_id, int(user.get("id", 0))):
            await self.service.repos.audit.add(AuditEntry(
                community_id, f"telegram:{user.get('id')}", "command.refused",
                f"/{name} by a non-admin", self.service.clock.now(), {"command": name},
            ))  # fmt: skip
            await self._reply(message, ui(lang, "command.refused_not_admin"))
            return True
        card = await self._replied_card(message)
        chosen = choose_community(name, args, communities, card)
        if isinstance(chosen, str):
            await self._reply(message, chosen)
            return True
        community_id, lang, args = chosen
        user_ref = card.comment.user if card is not None else None
        ctx = Context(self.service, community_id, lang, by, message, args, user_ref)
        try:
            answer = await COMMANDS[name](ctx)
        except Usage as usage:
            answer = ui(lang, f"command.usage.{usage.command}")
        except ModerationError as exc:
            answer = ui(lang, "command.error", error=str(exc))
        await self._reply(message, answer)
        return True

    async def _replied_card(self, message: dict[str, Any]) -> Card | None:
        """The card this command replies to (its author is the one /ban, /trust … mean)."""
        reply = message.get("reply_to_message") or {}
        if not reply:
            return None
        return await self.service.repos.cards.by_message(
            str(message["chat"]["id"]), str(reply.get("message_id"))
        )

    async def _reply(self, message: dict[str, Any], text: str) -> None:
        for start in range(0, len(text), 4096):
            await self.bot.send_message(
                int(message["chat"]["id"]), text[start : start + 4096],
                reply_parameters=ReplyParameters(
                    message_id=int(message["message_id"]), allow_sending_without_reply=True
                ),
            )  # fmt: skip
