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
from aiogram.types import ReplyParameters

from bot.telegram.callbacks import moderator_name
from bot.telegram.commands import model as _model  # noqa: F401  (registers /model)
from bot.telegram.commands import monitoring as m
from bot.telegram.commands.group_desk import GroupDesk
from bot.telegram.commands.handlers import Context, Usage
from bot.telegram.commands.menu import register_commands
from bot.telegram.commands.registry import COMMANDS, GROUP_COMMANDS, add
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.errors import ModerationError
from moderation.i18n import UiStrings
from moderation.records import AuditEntry, Card
from moderation.service import ModerationService

__all__ = [
    "COMMANDS", "GROUP_COMMANDS", "CommandDesk", "GroupDesk", "add", "choose_community",
    "parse", "register_commands",
]  # fmt: skip

log = logging.getLogger(__name__)
_STRINGS = UiStrings()


def parse(text: str) -> tuple[str, str] | None:
    """("addword", "args") for "/addword@kuzet_bot args"; None for non-commands."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    return head.split("@", 1)[0].lower(), args.strip()


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
    def __init__(
        self, bot: Bot, service: ModerationService, staff: Staff,
        zones: dict[str, str] | None = None, monitoring: Any = None,
    ) -> None:  # fmt: skip
        self.bot, self.service, self.staff = bot, service, staff
        self.zones = zones or {}
        self.monitoring = monitoring

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
        zone = self.zones.get(community_id, "Asia/Almaty")
        ctx = Context(self.service, community_id, lang, by, message, args, user_ref, zone,
                      self.monitoring)  # fmt: skip
        try:
            answer = await COMMANDS[name].handler(ctx)
        except Usage as usage:
            answer = ui(lang, f"command.usage.{usage.command}")
        except ModerationError as exc:
            # The domain's message is for the log; the admin gets the usage line or a plain
            # "not done", never an English exception text.
            log.info("telegram: /%s refused: %s", name, exc)
            usage_key = f"command.usage.{name}"
            known = _STRINGS.has(lang, usage_key)
            hint = ui(lang, usage_key if known else "callback.failed")
            answer = ui(lang, "command.error", error=hint)
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

    async def _reply(self, message: dict[str, Any], text: str | m.Photo) -> None:
        if isinstance(text, m.Photo):
            await m.send_photo(self.bot, message, text)
            return
        for start in range(0, len(text), 4096):
            await self.bot.send_message(
                int(message["chat"]["id"]), text[start : start + 4096],
                reply_parameters=ReplyParameters(
                    message_id=int(message["message_id"]), allow_sending_without_reply=True
                ),
            )  # fmt: skip
