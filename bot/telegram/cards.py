"""Moderator cards rendered for Telegram: text (HTML) in the chat's language and buttons.

Pure: a `Card` (plus the stored analysis, when known, and the community's time zone) in,
text and an inline keyboard out. A card says in a glance what happened and why — the
header, short human reasons («Балағат: «…»» · «Ескерту 2/3»), who wrote it where (with a
link to the comment), the comment itself, the draft — and, once handled, who did what and
when, in the community's local time. Buttons carry `CardButton` callback data with the
versioned prefix "k1", so a future layout change can still read (or politely refuse) old
buttons. A card longer than Telegram's 4,096 characters is split; the buttons go last.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.texts import ui
from moderation.approval import Resolution, is_open
from moderation.decision import ActionKind
from moderation.explain import card_reasons, intent_line
from moderation.i18n import local_time
from moderation.records import Card, CardKind, CardState

LIMIT = 4096
DEFAULT_ZONE = "Asia/Almaty"


@dataclass(frozen=True, slots=True)
class Place:
    """How a card names its community and tells time: the config's name and time zone."""

    name: str = ""
    zone: str = DEFAULT_ZONE


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
# What a handled card says happened (its header once the buttons are gone).
FOOTERS = {
    S.RESTORED: "card.restored", S.ALLOWED: "card.allowed", S.CONFIRMED: "card.hidden_by",
    S.HIDDEN: "card.hidden_by", S.BANNED: "card.banned_by", S.APPROVED: "card.sent",
    S.EDITED: "card.edited", S.REJECTED: "card.rejected",
}  # fmt: skip


def button(card: Card, action: Resolution, text: str) -> InlineKeyboardButton:
    data = CardButton(card=card.id, act=str(action), v=card.version).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def keyboard(card: Card) -> InlineKeyboardMarkup | None:
    """The buttons of an open card; None once it has been handled (or in trial mode)."""
    if not is_open(card) or card.dry_run:
        return None
    lang = card.ui_lang
    row = [button(card, action, ui(lang, f"button.{action}")) for action in BUTTONS[card.state]]
    if len(row) == 3:  # three buttons do not fit a phone's width: the destructive one alone
        return InlineKeyboardMarkup(inline_keyboard=[row[:2], row[2:]])
    return InlineKeyboardMarkup(inline_keyboard=[row])


def author_label(card: Card) -> str:
    """ "Айгерім (@aigerim_k)", "@aigerim_k", or the bare id when nothing else is known."""
    author = card.comment.author
    if author.name and author.username and author.username != author.name:
        return f"{author.name} (@{author.username})"
    return author.display


def failure_lines(card: Card) -> list[str]:
    """Failed actions in words ("⚠️ Не получилось: скрыть комментарий. …"), no raw errors."""
    lang, lines = card.ui_lang, []
    for failure in card.failures:
        kind, _, error = failure.partition(":")
        name = ui(lang, f"action.{kind}") if kind in set(ActionKind) else kind
        # An interrupted send that must not be repeated asks for a look by hand.
        unknown = "outcome unknown" in error or "interrupted" in error
        key = "card.action_unknown" if unknown else "card.action_failed"
        lines.append(ui(lang, key, action=name))
    return lines


def reason_line(card: Card, analysis: Mapping[str, object] | None) -> str:
    lang = card.ui_lang
    if card.kind is CardKind.DRAFT and card.draft is not None:
        from_faq = str(card.draft.source) == "faq"
        parts = [intent_line(str(card.draft.intent), from_faq, lang)]
    else:
        parts = card_reasons(card.reasons, analysis, card.comment.text, lang, card.score)
    return ui(lang, "card.reasons", reasons=html.escape(" · ".join(parts))) if parts else ""


def where_line(card: Card, place: Place) -> str:
    comment, lang = card.comment, card.ui_lang
    chat = comment.metadata.get("chat_title") or place.name or card.community_id
    line = ui(lang, "card.where", chat=html.escape(chat))
    link = comment.metadata.get("link")
    if link:
        label = html.escape(ui(lang, "card.open"))
        line += f' · <a href="{html.escape(link, quote=True)}">{label}</a>'
    return line


def handled_line(card: Card, zone: str) -> str:
    footer = FOOTERS.get(card.state)
    if card.handled_by and footer:
        when = local_time(card.handled_at, zone)
        return ui(card.ui_lang, footer, moderator=html.escape(card.handled_by), time=when)
    if card.state is S.EXPIRED:
        return ui(card.ui_lang, "card.expired")
    return ""


def render(
    card: Card, analysis: Mapping[str, object] | None = None, place: Place | None = None
) -> str:
    """The card's full text (HTML), before splitting."""
    lang, comment = card.ui_lang, card.comment
    place = place or Place()
    zone = place.zone
    handled = handled_line(card, zone)
    header_key = HEADERS.get(card.state) if is_open(card) else None
    lines = [handled if handled and not header_key else ui(lang, header_key or "card.hidden")]
    if card.night and is_open(card):
        lines.append(ui(lang, "card.night"))
    if card.dry_run:
        lines.append(ui(lang, "card.dry_run"))
    reasons = reason_line(card, analysis)
    if reasons:
        lines.append(reasons)
    author = ui(lang, "card.author", author=html.escape(author_label(card)))
    when = local_time(comment.created_at, zone)
    lines += [f"{author} · {when}", where_line(card, place)]
    lines.append(f"<blockquote>{html.escape(comment.text)}</blockquote>")
    if card.draft is not None:
        lines += [ui(lang, "card.draft_text"), f"<i>{html.escape(card.draft.text)}</i>"]
        if card.state is S.PENDING:
            lines.append(ui(lang, "card.edit_prompt"))
    lines += failure_lines(card)
    return "\n".join(line for line in lines if line)


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, cut at line breaks where possible.

    A cut may fall inside an HTML tag pair; chunks are therefore sent as plain text
    by `strip_html` when splitting is needed (see notifier)."""
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
    for tag in ("<blockquote>", "</blockquote>", "<i>", "</i>", "</a>"):
        text = text.replace(tag, "")
    while '<a href="' in text:
        start = text.index('<a href="')
        end = text.index('">', start)
        text = text[:start] + text[end + 2 :]
    return html.unescape(text)


def when_text(moment: datetime | None, zone: str) -> str:
    return local_time(moment, zone, with_date=False)
