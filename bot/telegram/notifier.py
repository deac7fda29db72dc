"""The moderators' chat as the service's `ModeratorNotifier`: posts, edits and digests.

A card is one message with buttons (its id is what the card stores and what Edit replies
point at); a card too long for one message goes out as plain-text chunks with the buttons
on the last. Edits that change nothing are fine (`NotModified`), and a card message a
moderator deleted is re-posted rather than lost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

from bot.telegram.cards import LIMIT, keyboard, render, split, strip_html
from bot.telegram.errors import MessageGone, NotModified
from bot.telegram.texts import ui
from moderation.comment import CommentKey
from moderation.ports import Digest
from moderation.records import Card

log = logging.getLogger(__name__)

AnalysisLookup = Callable[[CommentKey], Awaitable[Mapping[str, object] | None]]


class TelegramNotifier:
    def __init__(self, bot: Bot, analysis: AnalysisLookup | None = None) -> None:
        self.bot = bot
        self._analysis = analysis

    async def _text(self, card: Card) -> tuple[list[str], str | None]:
        found = None
        if self._analysis is not None:
            try:
                found = await self._analysis(card.comment.key)
            except Exception:  # the card must go out even when the lookup fails
                log.exception("telegram: analysis lookup for card %s failed", card.id)
        text = render(card, found)
        if len(text) <= LIMIT:
            return [text], "HTML"
        return split(strip_html(text)), None

    async def post_card(self, card: Card) -> str:
        if card.chat_id is None:
            raise ValueError(f"card {card.id} has no moderators' chat")
        chunks, mode = await self._text(card)
        markup = keyboard(card)
        for chunk in chunks[:-1]:
            await self.bot.send_message(int(card.chat_id), chunk, parse_mode=mode)
        sent = await self.bot.send_message(
            int(card.chat_id), chunks[-1], parse_mode=mode, reply_markup=markup
        )
        return str(sent.message_id)

    async def edit_card(self, card: Card) -> None:
        if card.chat_id is None or card.message_id is None:
            return
        chunks, mode = await self._text(card)
        markup = keyboard(card) or InlineKeyboardMarkup(inline_keyboard=[])
        try:
            await self.bot.edit_message_text(
                text=chunks[-1],
                chat_id=int(card.chat_id),
                message_id=int(card.message_id),
                parse_mode=mode,
                reply_markup=markup,
            )
        except NotModified:
            pass
        except MessageGone:
            log.warning("telegram: card %s message is gone; posting it again", card.id)
            await self.post_card(card)

    async def send_text(self, chat_id: str, text: str) -> None:
        """A plain notice to a moderators' chat (e.g. the VK token report at start-up)."""
        for chunk in split(text):
            await self.bot.send_message(int(chat_id), chunk)

    async def send_digest(self, digest: Digest) -> None:
        lang = digest.ui_lang
        counts = {str(k): v for k, v in digest.counts.items()}
        lines = [
            ui(
                lang, "digest.title", community=digest.community_id,
                start=digest.since.strftime("%H:%M"), end=digest.until.strftime("%H:%M"),
            ),
            ui(
                lang, "digest.summary",
                hidden=counts.get("hide", 0) + counts.get("hide_and_strike", 0),
                held=counts.get("review", 0), drafts=counts.get("reply", 0),
                banned=counts.get("ban", 0),
            ),
        ]  # fmt: skip
        if not any(digest.counts.values()) and not digest.queued:
            lines.append(ui(lang, "digest.empty"))
        for card in digest.queued:
            link = card.comment.metadata.get("link", "")
            lines.append(f"• {card.comment.author.display}: {card.comment.text[:200]} {link}")
        for chunk in split("\n".join(lines)):
            await self.bot.send_message(int(digest.chat_id), chunk)
