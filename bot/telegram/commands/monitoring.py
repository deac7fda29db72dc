"""`/stats [7|30|90]`, `/unanswered`, thread reminders and their "no answer needed" button.

`/stats` answers with a PNG chart (sendPhoto) and a short summary in the chat's language;
nonsense arguments get the usage line and a community without data gets "no data yet",
never an empty chart. Reminders are posted once per thread and edited when the thread is
answered, so the chat is never pinged twice about one question; a question that already
has a card (its draft, a held comment) gets the reminder as a line on that card instead.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
)

from bot.reporting import charts, wording
from bot.reporting.digest import DigestMessage
from bot.reporting.monitor import Monitoring
from bot.telegram.callbacks import moderator_name
from bot.telegram.cards import CardButton
from bot.telegram.commands import handlers as h
from bot.telegram.commands.handlers import Context
from bot.telegram.commands.registry import DESK, Command, add
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.i18n import local_time
from moderation.records import Card
from moderation.settings import CommunitySettings
from moderation.threads import AnswerKind, Thread

log = logging.getLogger(__name__)

PERIODS = (7, 30, 90)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CAPTION_LIMIT = 1024


@dataclass(frozen=True)
class Photo:
    """A command's answer that is a picture with a caption."""

    png: bytes
    caption: str
    filename: str = "stats.png"


class ThreadButton(CallbackData, prefix="t1"):
    thread: int


def _monitoring(ctx: Context) -> Monitoring | None:
    found = getattr(ctx, "monitoring", None)
    return found if isinstance(found, Monitoring) else None


async def stats(ctx: Context) -> str | Photo:
    arg = ctx.args.strip()
    if arg and (not arg.isdigit() or int(arg) not in PERIODS):
        return ui(ctx.lang, "stats.usage")
    count = int(arg or 7)
    monitoring = _monitoring(ctx)
    if monitoring is None:  # a desk built without monitoring: the plain verdict counts
        return await h.stats(ctx)
    await monitoring.refresh(ctx.community_id)
    days = await monitoring.days(ctx.community_id, count)
    if not wording.has_data(days):
        return ui(ctx.lang, "stats.no_data")
    settings = await monitoring.settings(ctx.community_id)
    name = settings.name or settings.community_id
    title = ui(ctx.lang, "chart.title", name=name, days=count)
    png = await asyncio.to_thread(charts.render, days, ctx.lang, title)
    caption = wording.summary(ctx.lang, name, count, days)[:CAPTION_LIMIT]
    return Photo(png, caption)


async def unanswered(ctx: Context) -> str:
    monitoring = _monitoring(ctx)
    if monitoring is None:  # no tracker in this desk: say so rather than "all answered"
        return ui(ctx.lang, "stats.no_data")
    threads = await monitoring.unanswered(ctx.community_id)
    if not threads:
        return ui(ctx.lang, "unanswered.empty")
    now = monitoring.clock.now()
    total = await monitoring.threads.count_open(ctx.community_id)
    lines = [ui(ctx.lang, "unanswered.header", n=total)]
    for thread in threads:
        link = f" {thread.link}" if thread.link else ""
        text = thread.text if len(thread.text) <= 120 else thread.text[:119] + "…"
        age = wording.waiting(ctx.lang, thread, now)
        lines.append(f"• {age} — {thread.author}: «{text}»{link}")
    return "\n".join(lines)


def reminder_text(thread: Thread, settings: CommunitySettings, now: datetime) -> str:
    lang = settings.language
    text = ui(
        lang, "reminder.text",
        kind=wording.thread_kind(lang, thread),
        age=wording.waiting(lang, thread, thread.answered_at or now),
        author=thread.author, text=thread.text, link=thread.link,
    ).rstrip()  # fmt: skip
    if thread.is_open:
        return text
    return f"{text}\n\n{answer_line(thread, settings)}"


def answer_line(thread: Thread, settings: CommunitySettings) -> str:
    """ "✅ Answered by Mira, 14:05" (or "no answer needed") for a closed thread."""
    key = (
        "reminder.dismissed" if thread.answer_kind is AnswerKind.DISMISSED else "reminder.answered"
    )
    at = local_time(thread.answered_at, settings.timezone)
    return ui(settings.language, key, by=thread.answered_by or "—", at=at)


def card_line(thread: Thread, settings: CommunitySettings, now: datetime) -> str:
    """The line a card of the thread's comment gets: waiting since…, or answered by…"""
    if not thread.is_open:
        return answer_line(thread, settings)
    lang = settings.language
    return ui(lang, "reminder.on_card", kind=wording.thread_kind(lang, thread),
              age=wording.waiting(lang, thread, now))  # fmt: skip


def dismiss_button(thread: Thread, lang: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=ui(lang, "reminder.dismiss"), callback_data=ThreadButton(thread=thread.id).pack()
    )


class TelegramMonitoringChat:
    """`MonitoringChat` on the real Bot API: reminders with a "no answer needed" button."""

    def __init__(
        self, bot: Bot, monitoring: Monitoring, cards: TelegramNotifier | None = None
    ) -> None:
        self.bot, self.monitoring = bot, monitoring
        self.cards = cards  # renders and edits the cards; without it reminders are messages

    async def post_reminder(self, thread: Thread, settings: CommunitySettings) -> str:
        assert settings.moderators_chat_id is not None
        button = dismiss_button(thread, settings.language)
        sent = await self.bot.send_message(
            int(settings.moderators_chat_id),
            reminder_text(thread, settings, self.monitoring.clock.now()),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
            link_preview_options=NO_PREVIEW,
        )
        return str(sent.message_id)

    async def note_on_card(self, thread: Thread, card: Card, settings: CommunitySettings) -> bool:
        if self.cards is None:
            return False
        line = card_line(thread, settings, self.monitoring.clock.now())
        extra = [[dismiss_button(thread, settings.language)]] if thread.is_open else []
        return await self.cards.edit_card_note(card, line, extra)

    async def edit_reminder(self, thread: Thread, settings: CommunitySettings) -> None:
        assert thread.reminder_chat_id and thread.reminder_message_id
        await self.bot.edit_message_text(
            text=reminder_text(thread, settings, self.monitoring.clock.now()),
            chat_id=int(thread.reminder_chat_id),
            message_id=int(thread.reminder_message_id),
            link_preview_options=NO_PREVIEW,
        )

    async def send_digest(self, digest: DigestMessage, settings: CommunitySettings) -> None:
        lang = settings.language
        rows = [
            [InlineKeyboardButton(
                text=ui(lang, "digest.undo", author=undo.author)[:64],
                callback_data=CardButton(card=undo.card_id, act="restore", v=undo.version).pack(),
            )]
            for undo in digest.undo
        ]  # fmt: skip
        await self.bot.send_message(
            int(digest.chat_id),
            digest.text[:4096],
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None,
            link_preview_options=NO_PREVIEW,
        )

    async def press(self, query: dict[str, Any], staff: Staff) -> None:
        """A tap on "no answer needed": only moderators of the thread's own chat count."""
        button = ThreadButton.unpack(str(query.get("data") or ""))
        thread = await self.monitoring.threads.get(button.thread)
        settings = (
            await self.monitoring.repos.communities.get(thread.community_id) if thread else None
        )
        lang = settings.language if settings else "ru"
        user = query.get("from") or {}
        chat_id = ((query.get("message") or {}).get("chat") or {}).get("id")
        allowed = (
            thread is not None
            and chat_id is not None
            and str(chat_id) == thread.reminder_chat_id
            and await staff.is_moderator(int(chat_id), int(user.get("id", 0)))
        )
        if thread is None or not allowed:
            await self._answer(query, ui(lang, "callback.not_allowed"))
            return
        closed = await self.monitoring.dismiss(thread.id, moderator_name(user))
        await self._answer(query, ui(lang, "reminder.marked" if closed else "reminder.closed"))

    async def _answer(self, query: dict[str, Any], text: str) -> None:
        try:
            await self.bot.answer_callback_query(str(query["id"]), text=html.unescape(text))
        except Exception as exc:  # a late answer only loses the toast, not the change
            log.info("telegram: answering callback %s failed: %s", query.get("id"), exc)


# The registry types handlers as returning text; the command desk also sends a `Photo`.
add("stats", Command(cast(Any, stats), DESK))
add("unanswered", Command(unanswered, DESK))


def is_thread_button(data: str) -> bool:
    return data.startswith(f"{ThreadButton.__prefix__}:")


async def send_photo(bot: Bot, message: dict[str, Any], photo: Photo) -> None:
    """Answer a command with a picture (the caption carries the summary)."""
    await bot.send_photo(
        int(message["chat"]["id"]),
        BufferedInputFile(photo.png, filename=photo.filename),
        caption=photo.caption,
        reply_parameters=ReplyParameters(
            message_id=int(message["message_id"]), allow_sending_without_reply=True
        ),
    )
