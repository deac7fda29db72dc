"""The moderators' chat as the service's `ModeratorNotifier`: posts, edits and digests.

A card that needs a decision is one message with buttons (its id is what the card stores
and what Edit replies point at); a card too long for one message goes out as plain-text
chunks with the buttons on the last. A certain auto-hide (`moderation.triage`) becomes a
line of the chat's rolling "hidden recently" message instead (`bot.telegram.rolling`).
Times are in each community's time zone. Edits that change nothing are fine
(`NotModified`), and a card message a moderator deleted is re-posted rather than lost.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

from bot.pipeline.faults import describe_fault, is_database_fault
from bot.telegram.cards import LIMIT, Place, keyboard, render, split, strip_html
from bot.telegram.digest_text import digest_lines
from bot.telegram.errors import MessageGone, NotModified
from bot.telegram.rolling import (
    RollingBoard,
    handled_notice,
    line_id,
    page_keyboard,
    page_message_id,
    render_page,
)
from moderation.comment import CommentKey
from moderation.ports import Digest
from moderation.records import Card
from moderation.triage import is_routine

log = logging.getLogger(__name__)

AnalysisLookup = Callable[[CommentKey], Awaitable[Mapping[str, object] | None]]


_NOTES_KEPT = 5000


def _with_note(
    text: str,
    mode: str | None,
    own: InlineKeyboardMarkup | None,
    note: str,
    extra: tuple[list[InlineKeyboardButton], ...],
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """A card message's text and buttons with `note` under it and `extra` rows added; None
    when the note does not fit in the message."""
    text = f"{text}\n\n{html.escape(note) if mode else note}"
    if len(text) > LIMIT:
        return None
    rows = [*(own.inline_keyboard if own else []), *extra]
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


class TelegramNotifier:
    def __init__(
        self,
        bot: Bot,
        analysis: AnalysisLookup | None = None,
        places: Mapping[str, Place] | None = None,  # community id → its name and time zone
    ) -> None:
        self.bot = bot
        self._analysis = analysis
        self._places = dict(places or {})
        self.rolling = RollingBoard()
        self._locks: dict[str, asyncio.Lock] = {}
        # A card's note (a thread's reminder line and its extra buttons) by card id, so a
        # later edit for another reason (a failure line, a moderator's tap) keeps it
        # without reading the thread back. Kept in memory: after a restart the next edit
        # of such a card shows it without the line.
        self._notes: dict[int, tuple[str, tuple[list[InlineKeyboardButton], ...]]] = {}

    def place(self, community_id: str) -> Place:
        return self._places.get(community_id) or Place()

    def zone(self, community_id: str) -> str:
        return self.place(community_id).zone

    async def _lookup(self, card: Card) -> Mapping[str, object] | None:
        """What the card's reason lines need of the analysis: carried on the card (no read);
        a card stored before cards carried their quotes reads the stored analysis."""
        if card.quotes is not None:
            return {"matches": [asdict(quote) for quote in card.quotes], "score": card.score}
        if self._analysis is None:
            return None
        try:
            return await self._analysis(card.comment.key)
        except Exception as exc:  # the card must go out even when the lookup fails
            if is_database_fault(exc):  # an outage: one line, the worker reports it too
                log.warning(
                    "telegram: analysis lookup for card %s failed: %s", card.id, describe_fault(exc)
                )
            else:
                log.exception("telegram: analysis lookup for card %s failed", card.id)
            return None

    async def _text(self, card: Card) -> tuple[list[str], str | None]:
        text = render(card, await self._lookup(card), self.place(card.community_id))
        if len(text) <= LIMIT:
            return [text], "HTML"
        return split(strip_html(text)), None

    def _lock(self, chat_id: str) -> asyncio.Lock:
        return self._locks.setdefault(chat_id, asyncio.Lock())

    async def post_card(self, card: Card) -> str:
        if card.chat_id is None:
            raise ValueError(f"card {card.id} has no moderators' chat")
        if is_routine(card):
            return await self._roll(card)
        chunks, mode = await self._text(card)
        markup = keyboard(card)
        for chunk in chunks[:-1]:
            await self.bot.send_message(int(card.chat_id), chunk, parse_mode=mode)
        sent = await self.bot.send_message(
            int(card.chat_id), chunks[-1], parse_mode=mode, reply_markup=markup
        )
        return str(sent.message_id)

    async def _roll(self, card: Card) -> str:
        """Add a line to the chat's rolling page (or start a new page); the page's id."""
        chat = str(card.chat_id)
        zone = self.zone(card.community_id)
        analysis = await self._lookup(card)
        async with self._lock(chat):
            page, new = self.rolling.place(card, zone, analysis)
            text, markup = render_page(page.cards, zone, page.analyses), page_keyboard(page.cards)
            if not new and page.message_id is not None:
                try:
                    await self._edit(chat, page.message_id, text, markup)
                    return line_id(page.message_id, card)
                except MessageGone:  # a moderator deleted the page: start a new one
                    page = self.rolling.restart(page, card)
                    text, markup = (
                        render_page(page.cards, zone, page.analyses),
                        page_keyboard(page.cards),
                    )
            sent = await self.bot.send_message(
                int(chat), text, parse_mode="HTML", reply_markup=markup,
                disable_notification=True,  # routine: no buzz on the moderators' phones
            )  # fmt: skip
            self.rolling.sent(page, str(sent.message_id))
            return line_id(str(sent.message_id), card)

    async def _edit(
        self, chat: str, message_id: str, text: str, markup: InlineKeyboardMarkup | None,
        mode: str | None = "HTML",
    ) -> None:  # fmt: skip
        await self.bot.edit_message_text(
            text=text, chat_id=int(chat), message_id=int(message_id), parse_mode=mode,
            reply_markup=markup or InlineKeyboardMarkup(inline_keyboard=[]),
        )  # fmt: skip

    async def edit_card(self, card: Card) -> None:
        if card.chat_id is None or card.message_id is None:
            return
        if page_message_id(card.message_id) is not None:  # a line of a rolling page
            await self._edit_rolled(card)
            return
        chunks, mode = await self._text(card)
        text, markup = chunks[-1], keyboard(card)
        noted = self._notes.get(card.id)
        if noted is not None:
            text, markup = _with_note(text, mode, markup, *noted) or (text, markup)
        try:
            await self._edit(card.chat_id, card.message_id, text, markup, mode)
        except NotModified:
            pass
        except MessageGone:
            log.warning("telegram: card %s message is gone; posting it again", card.id)
            await self.post_card(card)

    async def edit_card_note(
        self, card: Card, note: str, extra: Sequence[list[InlineKeyboardButton]] = ()
    ) -> bool:
        """Show `note` (plain text) under a card's own message, its buttons kept and `extra`
        rows added: how a thread's reminder lands on the card instead of a second message.
        False when the card has no message of its own (a rolling line) or it is gone."""
        if card.chat_id is None or card.message_id is None or page_message_id(card.message_id):
            return False
        chunks, mode = await self._text(card)
        noted = _with_note(chunks[-1], mode, keyboard(card), note, tuple(extra))
        if noted is None:
            return False
        try:
            await self._edit(card.chat_id, card.message_id, *noted, mode)
        except NotModified:
            pass
        except MessageGone:
            return False
        if len(self._notes) >= _NOTES_KEPT:
            self._notes.pop(next(iter(self._notes)))  # the oldest note first
        self._notes[card.id] = (note, tuple(extra))
        return True

    async def _edit_rolled(self, card: Card) -> None:
        chat, zone = str(card.chat_id), self.zone(card.community_id)
        async with self._lock(chat):
            page = self.rolling.update(card)
            try:
                if page is not None and page.message_id is not None:
                    text = render_page(page.cards, zone, page.analyses)
                    markup = page_keyboard(page.cards)
                    await self._edit(chat, page.message_id, text, markup)
                    return
                page_id = page_message_id(card.message_id)
                if card.handled_by and page_id:  # a page from before a restart: answer under it
                    await self.bot.send_message(
                        int(chat), handled_notice(card, zone), parse_mode="HTML",
                        reply_parameters=ReplyParameters(
                            message_id=int(page_id),
                            allow_sending_without_reply=True,
                        ),
                    )  # fmt: skip
            except NotModified:
                pass
            except MessageGone:
                log.warning("telegram: rolling page of card %s is gone", card.id)

    async def send_text(self, chat_id: str, text: str) -> None:
        """A plain notice to a moderators' chat (e.g. the VK token report at start-up)."""
        for chunk in split(text):
            await self.bot.send_message(int(chat_id), chunk)

    async def send_digest(self, digest: Digest) -> None:
        lines = digest_lines(digest, self.zone(digest.community_id))
        for chunk in split("\n".join(lines)):
            await self.bot.send_message(int(digest.chat_id), chunk)
