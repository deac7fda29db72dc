"""Moderators' taps on card buttons, and Edit replies, turned into service resolutions.

Every tap is answered first (Telegram shows a spinner until then). A tap from outside the
card's moderators' chat or from someone who is not a moderator is refused and audited.
The first moderator wins; later taps get "already handled". Edit = the moderator replies
to the card message with the new text.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot

from bot.telegram.cards import CardButton
from bot.telegram.errors import TelegramGatewayError
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.approval import Resolution, is_open
from moderation.errors import AlreadyHandled, CardNotFound, ModerationError
from moderation.ports import Clock, Repositories
from moderation.records import AuditEntry, Card, CardKind
from moderation.service import ModerationService

log = logging.getLogger(__name__)


def moderator_name(user: dict[str, Any]) -> str:
    """How cards and the audit log name a moderator: the name plus a stable handle."""
    name = " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)
    handle = f"@{user['username']}" if user.get("username") else f"#{user.get('id')}"
    return f"{name} ({handle})" if name else handle


class CardDesk:
    def __init__(
        self, bot: Bot, service: ModerationService, repos: Repositories, staff: Staff,
        clock: Clock,
    ) -> None:  # fmt: skip
        self.bot, self.service, self.repos, self.staff, self.clock = (
            bot, service, repos, staff, clock,
        )  # fmt: skip

    async def _answer(self, query_id: str, text: str, alert: bool = False) -> None:
        try:
            await self.bot.answer_callback_query(query_id, text=text, show_alert=alert)
        except TelegramGatewayError as exc:  # too late or answered: the resolution matters
            log.info("telegram: answering callback %s failed: %s", query_id, exc)

    async def _refuse(self, query_id: str, card: Card, user: dict[str, Any], why: str,
                      key: str, chat_id: int | None) -> None:  # fmt: skip
        await self._answer(query_id, ui(card.ui_lang, key), alert=True)
        await self.repos.audit.add(AuditEntry(
            card.community_id, f"telegram:{user.get('id')}", "card.refused",
            f"card {card.id}: {why}", self.clock.now(),
            {"card": str(card.id), "chat_id": str(chat_id), "user": str(user.get("id"))},
        ))  # fmt: skip

    async def press(self, query: dict[str, Any]) -> None:
        query_id, user = str(query["id"]), query.get("from") or {}
        try:
            button = CardButton.unpack(str(query.get("data") or ""))
        except (ValueError, TypeError):
            await self._answer(query_id, ui("ru", "callback.expired"))
            return
        card = await self.repos.cards.get(button.card)
        if card is None:
            await self._answer(query_id, ui("ru", "callback.expired"))
            return
        chat_id = ((query.get("message") or {}).get("chat") or {}).get("id")
        if chat_id is None or str(chat_id) != card.chat_id:
            await self._refuse(query_id, card, user, "outside the moderators' chat",
                               "callback.wrong_chat", chat_id)  # fmt: skip
            return
        if not await self.staff.is_moderator(int(chat_id), int(user.get("id", 0))):
            await self._refuse(query_id, card, user, "not a moderator",
                               "callback.not_allowed", chat_id)  # fmt: skip
            return
        lang = card.ui_lang
        if not is_open(card):
            who = card.handled_by or "—"
            await self._answer(query_id, ui(lang, "callback.already_handled", moderator=who))
            return
        action = Resolution(button.act)
        if action is Resolution.EDIT:
            await self._answer(query_id, ui(lang, "card.edit_prompt"), alert=True)
            return
        await self._answer(query_id, ui(lang, "callback.done"))
        # The version on the button predates the stored message id, so it is not compared;
        # compare-and-set in storage still lets only the first tap win.
        await self._resolve(card, action, moderator_name(user))

    async def _resolve(
        self,
        card: Card,
        action: Resolution,
        by: str,
        *,
        text: str | None = None,
        seen_version: int | None = None,
    ) -> None:
        try:
            await self.service.resolve(card.id, action, by, text=text, seen_version=seen_version)
        except AlreadyHandled:
            log.info("telegram: card %s was handled by someone else first", card.id)
        except (CardNotFound, ModerationError) as exc:
            log.warning("telegram: card %s %s refused: %s", card.id, action, exc)

    async def edit_reply(self, message: dict[str, Any]) -> bool:
        """A moderator's reply to a draft card with new text; True when it was one."""
        reply = message.get("reply_to_message") or {}
        chat_id = (message.get("chat") or {}).get("id")
        text = (message.get("text") or "").strip()
        if not reply or chat_id is None or not text or text.startswith("/"):
            return False
        card = await self.repos.cards.by_message(str(chat_id), str(reply.get("message_id")))
        if card is None or card.kind is not CardKind.DRAFT:
            return False
        user = message.get("from") or {}
        if not await self.staff.is_moderator(int(chat_id), int(user.get("id", 0))):
            return True  # a stranger's reply to a card is nobody's edit
        if not is_open(card):
            return True
        await self._resolve(card, Resolution.EDIT, moderator_name(user), text=text)
        return True
