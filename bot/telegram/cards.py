"""Moderator cards rendered for Telegram: text (HTML) in the chat's language and buttons.

Pure: a `Card` (plus the stored analysis, when known) in, text chunks and an inline
keyboard out. Buttons carry `CardButton` callback data with the versioned prefix "k1", so a
future layout change can still read (or politely refuse) old buttons. A card longer than
Telegram's 4,096 characters is split; the buttons go on the last chunk.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.texts import ui
from moderation.approval import Resolution, is_open
from moderation.records import Card, CardKind, CardState

LIMIT = 4096
S = CardState
R = Resolution


class CardButton(CallbackData, prefix="k1"):
    card: int
    act: str  # a Resolution value
    v: int  # the card version the moderator saw


BUTTONS: dict[CardState, tuple[Resolution, ...]] = {
    S.HIDDEN: (R.RESTORE, R.BAN),
    S.HELD: (R.HIDE, R.ALLOW, R.BAN),
    S.PENDING: (R.SEND, R.EDIT, R.REJECT),
    S.BANNED: (R.RESTORE,),
}
HEADERS = {
    S.HIDDEN: "card.hidden", S.HELD: "card.held", S.PENDING: "card.draft",
    S.BANNED: "card.banned",
}  # fmt: skip
FOOTERS = {
    S.RESTORED: "card.restored", S.ALLOWED: "card.allowed", S.CONFIRMED: "card.hidden_by",
    S.HIDDEN: "card.hidden_by", S.BANNED: "card.banned_by", S.APPROVED: "card.sent",
    S.EDITED: "card.edited", S.REJECTED: "card.rejected", S.EXPIRED: "card.expired",
}  # fmt: skip


def keyboard(card: Card) -> InlineKeyboardMarkup | None:
    """The buttons of an open card; None once it has been handled."""
    if not is_open(card) or card.dry_run:
        return None
    lang = card.ui_lang
    row = [
        InlineKeyboardButton(
            text=ui(lang, f"button.{action}"),
            callback_data=CardButton(card=card.id, act=str(action), v=card.version).pack(),
        )
        for action in BUTTONS.get(card.state, ())
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _why(card: Card, analysis: Mapping[str, object] | None) -> list[str]:
    lang = card.ui_lang
    lines = []
    reasons = "; ".join(str(r) for r in card.reasons if str(r.code) != "clean")
    if reasons:
        lines.append(ui(lang, "card.reasons", reasons=html.escape(reasons)))
    matches = (analysis or {}).get("matches")
    if isinstance(matches, list) and matches:
        terms = ", ".join(
            f"{m.get('term')} ({ui(lang, 'category.' + str(m.get('category')))})"
            for m in matches[:10]
            if isinstance(m, dict)
        )
        lines.append(ui(lang, "card.matches", matches=html.escape(terms)))
    if card.kind is CardKind.MODERATION:
        lines.append(ui(lang, "card.score", score=f"{card.score:.2f}"))
    return lines


def render(card: Card, analysis: Mapping[str, object] | None = None) -> str:
    """The card's full text (HTML), before splitting."""
    lang, comment = card.ui_lang, card.comment
    header_key = HEADERS.get(card.state) if is_open(card) else None
    lines = [ui(lang, header_key) if header_key else ui(lang, f"verdict.{card.verdict}")]
    if card.night:
        lines.append(ui(lang, "card.night"))
    if card.dry_run:
        lines.append(ui(lang, "card.dry_run"))
    author = comment.author.display
    if comment.author.username and comment.author.name:
        author = f"{comment.author.name} (@{comment.author.username})"
    lines.append(ui(lang, "card.author", author=html.escape(f"{author} [{comment.author.id}]")))
    chat = comment.metadata.get("chat_title") or comment.chat_id
    lines.append(ui(lang, "card.chat", community=html.escape(card.community_id),
                    chat=html.escape(chat)))  # fmt: skip
    if comment.metadata.get("link"):
        lines.append(ui(lang, "card.link", link=html.escape(comment.metadata["link"])))
    detected = (analysis or {}).get("lang") or (card.draft.lang if card.draft else None)
    if detected:
        lines.append(ui(lang, "card.language", language=html.escape(str(detected))))
    lines += _why(card, analysis)
    lines += ["", ui(lang, "card.comment"), f"<blockquote>{html.escape(comment.text)}</blockquote>"]
    if card.draft is not None:
        lines += [ui(lang, "card.draft_text"), f"<i>{html.escape(card.draft.text)}</i>"]
        if card.state is S.PENDING:
            lines.append(ui(lang, "card.edit_prompt"))
    lines += [html.escape(failure) for failure in card.failures]
    footer = FOOTERS.get(card.state)
    if card.handled_by and footer:
        lines += ["", ui(lang, footer, moderator=html.escape(card.handled_by))]
        lines.append(ui(lang, "card.handled_by", moderator=html.escape(card.handled_by),
                        time=_when(card.handled_at)))  # fmt: skip
    elif card.state is S.EXPIRED:
        lines += ["", ui(lang, "card.expired")]
    return "\n".join(lines)


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, cut at line breaks where possible.

    A cut may fall inside an HTML tag pair; chunks are therefore sent as plain text
    by `plain_chunks` when splitting is needed (see notifier)."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    return chunks


def strip_html(text: str) -> str:
    """The card's text without markup (for cards too long for one message)."""
    for tag in ("<blockquote>", "</blockquote>", "<i>", "</i>"):
        text = text.replace(tag, "")
    return html.unescape(text)
