"""The rolling "hidden recently" card: certain auto-hides as one message per moderators' chat.

A spam advert or a plain swear word needs no decision, only a way back. Instead of a card
each, they are lines of one message, edited in place as new ones arrive, each line with its
own ↩️ button (the card's ordinary Restore, so first-actor-wins and the audit stay the
same). When a page reaches `PAGE_LINES` lines or would pass Telegram's length limit, the
next hide starts a new page. Pages live in memory: after a restart the next hide starts a
new page, and a tap on an old page still works (its result is posted as a reply under it).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.cards import DEFAULT_ZONE, author_label, button, handled_line
from bot.telegram.texts import ui
from moderation.approval import Resolution, is_open
from moderation.explain import card_reasons
from moderation.i18n import local_time
from moderation.records import Card, CardState

PAGE_LINES = 15
LINE_MARK = "#"  # a rolled card's message id: "<page message id>#<card id>" (unique per card)


def line_id(page_message_id: str, card: Card) -> str:
    return f"{page_message_id}{LINE_MARK}{card.id}"


def page_message_id(card_message_id: str | None) -> str | None:
    """The page's message id of a rolled card, None for a card with a message of its own."""
    if card_message_id is None or LINE_MARK not in card_message_id:
        return None
    return card_message_id.split(LINE_MARK, 1)[0]


PAGE_CHARS = 3500
QUOTE_CHARS = 90
BUTTONS_PER_ROW = 5


@dataclass
class Page:
    """One rolling message: its id once sent, and its cards in order of arrival."""

    chat_id: str
    cards: list[Card] = field(default_factory=list)
    message_id: str | None = None
    analyses: dict[int, Mapping[str, object] | None] = field(default_factory=dict)

    def index_of(self, card_id: int) -> int | None:
        for index, card in enumerate(self.cards):
            if card.id == card_id:
                return index
        return None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def line(
    number: int, card: Card, zone: str, analysis: Mapping[str, object] | None = None,
    lang: str | None = None,
) -> str:  # fmt: skip
    """ "3. 23:05 · qara_bala_99 — Балағат: «…» · Ескерту 2/3" and the comment below it."""
    lang = lang or card.ui_lang
    found = card_reasons(card.reasons, analysis, card.comment.text, lang, card.score)
    reasons = " · ".join(found)
    when = local_time(card.comment.created_at, zone, with_date=False)
    head = f"<b>{number}.</b> {when} · {html.escape(author_label(card))}"
    if reasons:
        head += f" — {html.escape(reasons)}"
    link = card.comment.metadata.get("link")
    if link:
        head += f' · <a href="{html.escape(link, quote=True)}">↗</a>'
    body = f"<i>«{html.escape(_quote(card.comment.text))}»</i>"
    if not is_open(card) and card.handled_by:
        if card.state is CardState.RESTORED:
            status = ui(lang, "rolling.restored", moderator=html.escape(card.handled_by))
        else:
            status = ui(lang, "rolling.handled", moderator=html.escape(card.handled_by))
        body = f"<s>{body}</s> {status}"
    return f"{head}\n{body}"


def render_page(
    cards: Sequence[Card],
    zone: str = DEFAULT_ZONE,
    analyses: Mapping[int, Mapping[str, object] | None] | None = None,
) -> str:
    # One language per page: the first line's (a chat shared by a kk and a ru community
    # still reads one consistent message).
    lang = cards[0].ui_lang if cards else "ru"
    open_count = sum(1 for card in cards if is_open(card))
    title = ui(lang, "rolling.title", count=len(cards))
    known = analyses or {}
    lines = [title, ""] + [
        line(i, card, zone, known.get(card.id), lang) for i, card in enumerate(cards, start=1)
    ]
    if open_count and not all(card.dry_run for card in cards):
        lines += ["", ui(lang, "rolling.hint")]
    return "\n".join(lines)


def page_keyboard(cards: Sequence[Card]) -> InlineKeyboardMarkup:
    """A ↩️ per line still open, numbered like the lines, five to a row."""
    buttons: list[InlineKeyboardButton] = []
    for number, card in enumerate(cards, start=1):
        if is_open(card) and not card.dry_run:
            text = ui(cards[0].ui_lang, "button.restore_line", n=number)
            buttons.append(button(card, Resolution.RESTORE, text))
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


class RollingBoard:
    """The open page per moderators' chat and every page seen since start-up."""

    def __init__(self) -> None:
        self._current: dict[str, Page] = {}  # chat → its open page
        self._by_message: dict[tuple[str, str], Page] = {}

    def place(
        self, card: Card, zone: str = DEFAULT_ZONE, analysis: Mapping[str, object] | None = None
    ) -> tuple[Page, bool]:
        """The page the card goes on (appended), and whether it is a new page to send."""
        chat = str(card.chat_id)
        page = self._current.get(chat)
        if page is not None and page.message_id is not None and len(page.cards) < PAGE_LINES:
            candidate = [*page.cards, card]
            analyses = {**page.analyses, card.id: analysis}
            if len(render_page(candidate, zone, analyses)) <= PAGE_CHARS:
                page.cards.append(card)
                page.analyses[card.id] = analysis
                return page, False
        page = Page(chat, [card], analyses={card.id: analysis})
        self._current[chat] = page
        return page, True

    def restart(self, page: Page, card: Card) -> Page:
        """A fresh page for `card` after the old page's message disappeared."""
        page.cards.remove(card)
        fresh = Page(page.chat_id, [card], analyses={card.id: page.analyses.get(card.id)})
        self._current[page.chat_id] = fresh
        return fresh

    def sent(self, page: Page, message_id: str) -> None:
        page.message_id = message_id
        self._by_message[(page.chat_id, message_id)] = page

    def page_of(self, card: Card) -> Page | None:
        page_id = page_message_id(card.message_id)
        if page_id is None:
            return None
        return self._by_message.get((str(card.chat_id), page_id))

    def update(self, card: Card) -> Page | None:
        """Replace the card's line on its page; None when the page is unknown (restart)."""
        page = self.page_of(card)
        if page is None:
            return None
        index = page.index_of(card.id)
        if index is None:
            page.cards.append(card)
        else:
            page.cards[index] = card
        return page


def handled_notice(card: Card, zone: str) -> str:
    """What a tap on a page from before a restart posts under that page."""
    quote = html.escape(_quote(card.comment.text))
    return f"{handled_line(card, zone)}\n<i>«{quote}»</i>"
