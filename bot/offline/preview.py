"""A moderators' chat on paper: cards rendered exactly as Telegram would show them.

`kuzet moderate` uses this notifier instead of a bot: the same card text (`bot.telegram.cards`),
the same rolling "hidden recently" pages (`bot.telegram.rolling`) and the same buttons, kept
as messages (text + button rows) that the report prints. Edits replace a message's text, as
Telegram's editMessageText does, so the report shows each message's final state.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from aiogram.types import InlineKeyboardMarkup

from bot.telegram.cards import Place, keyboard, render, strip_html
from bot.telegram.digest_text import digest_lines
from bot.telegram.notifier import AnalysisLookup
from bot.telegram.rolling import (
    Page,
    RollingBoard,
    line_id,
    page_keyboard,
    page_message_id,
    render_page,
)
from moderation.ports import Digest
from moderation.records import Card
from moderation.triage import is_routine


@dataclass
class PreviewMessage:
    """One message in the previewed moderators' chat."""

    message_id: str
    chat_id: str
    html: str
    buttons: list[list[str]] = field(default_factory=list)
    rolling: bool = False
    card_ids: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text as the moderator reads it (markup applied, i.e. removed)."""
        return strip_html(self.html.replace("<b>", "").replace("</b>", "")
                          .replace("<s>", "").replace("</s>", ""))  # fmt: skip

    def format(self) -> str:
        rows = ["  ".join(f"[{label}]" for label in row) for row in self.buttons]
        return "\n".join([self.text, *rows])


def _labels(markup: InlineKeyboardMarkup | None) -> list[list[str]]:
    if markup is None:
        return []
    return [[button.text for button in row] for row in markup.inline_keyboard]


@dataclass
class PreviewNotifier:
    """Implements `moderation.ports.ModeratorNotifier` by rendering into memory."""

    places: Mapping[str, Place] = field(default_factory=dict)
    analysis: AnalysisLookup | None = None
    messages: dict[str, PreviewMessage] = field(default_factory=dict)
    digests: list[str] = field(default_factory=list)
    rolling: RollingBoard = field(default_factory=RollingBoard)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def zone(self, community_id: str) -> str:
        return self.places.get(community_id, Place()).zone

    async def _lookup(self, card: Card) -> Mapping[str, object] | None:
        return await self.analysis(card.comment.key) if self.analysis is not None else None

    async def post_card(self, card: Card) -> str:
        analysis = await self._lookup(card)
        if is_routine(card):
            zone = self.zone(card.community_id)
            page, new = self.rolling.place(card, zone, analysis)
            if new:
                self.rolling.sent(page, f"msg-{next(self._ids)}")
            assert page.message_id is not None
            self._store_page(page.message_id, str(card.chat_id), page, zone)
            return line_id(page.message_id, card)
        message_id = f"msg-{next(self._ids)}"
        self._store_card(message_id, card, analysis)
        return message_id

    async def edit_card(self, card: Card) -> None:
        if card.message_id is None:
            return
        page = self.rolling.update(card)
        if page is not None and page.message_id is not None:
            zone = self.zone(card.community_id)
            self._store_page(page.message_id, str(card.chat_id), page, zone)
        else:
            self._store_card(card.message_id, card, await self._lookup(card))

    async def send_digest(self, digest: Digest) -> None:
        self.digests.append("\n".join(digest_lines(digest, self.zone(digest.community_id))))

    def _store_card(
        self, message_id: str, card: Card, analysis: Mapping[str, object] | None
    ) -> None:
        html = render(card, analysis, self.places.get(card.community_id, Place()))
        self.messages[message_id] = PreviewMessage(
            message_id, str(card.chat_id), html, _labels(keyboard(card)), False, [card.id]
        )

    def _store_page(self, message_id: str, chat_id: str, page: Page, zone: str) -> None:
        cards = page.cards
        self.messages[message_id] = PreviewMessage(
            message_id, chat_id, render_page(cards, zone, page.analyses),
            _labels(page_keyboard(cards)), True, [card.id for card in cards],
        )  # fmt: skip

    def message_of(self, card_message_id: str | None) -> PreviewMessage | None:
        """The message showing a card (its own, or the rolling page it is a line of)."""
        if card_message_id is None:
            return None
        return self.messages.get(page_message_id(card_message_id) or card_message_id)

    @property
    def cards(self) -> dict[str, PreviewMessage]:
        """Messages by id (the number of cards a moderators' chat would receive)."""
        return self.messages

    def asks_for_decision(self) -> list[PreviewMessage]:
        return [m for m in self.messages.values() if m.buttons]
