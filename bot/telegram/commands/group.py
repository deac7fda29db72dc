"""Rose-style commands in a moderated group, sent by an admin as a reply to a message:
/warn, /mute [time], /unmute, /ban, /unban, /warns, /resetwarns.

A warning is a strike like the bot's own (the same escalation: the last warning bans), a
mute and a ban go through the platform gateway, and every one is audited. The user is told
in the group, in the community's language (`notice.*`); the handler's return value is
what the admin sees (empty when the notice already says it all).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.telegram.texts import ui, ui_plural
from moderation.comment import CommentKey, Platform, UserRef
from moderation.i18n import duration
from moderation.records import AuditEntry, Strike
from moderation.service import ModerationService
from moderation.settings import CommunitySettings
from moderation.strikes import decay_cutoff

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# "30m", "2h", "3d" and their Russian and Kazakh spellings; a bare number means hours.
_SPAN = re.compile(r"^(\d{1,4})\s*(m|min|м|мин|h|ч|час|с|сағ|d|д|дн|к|күн)?$", re.IGNORECASE)
_MINUTES = {"m": 1, "min": 1, "м": 1, "мин": 1, "h": 60, "ч": 60, "час": 60, "с": 60,
            "сағ": 60, "d": 1440, "д": 1440, "дн": 1440, "к": 1440, "күн": 1440}  # fmt: skip


class BadTime(ValueError):
    """The /mute argument is not a time span."""


def parse_span(text: str) -> timedelta | None:
    """ "2h" → 2 hours; "" → None (the community's default); anything else → BadTime."""
    text = text.strip()
    if not text:
        return None
    found = _SPAN.match(text)
    if not found:
        raise BadTime(text)
    unit = (found.group(2) or "h").lower()
    minutes = int(found.group(1)) * _MINUTES[unit]
    if minutes <= 0:
        raise BadTime(text)
    return timedelta(minutes=minutes)


def span_words(lang: str, span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60:
        return ui_plural(lang, "unit.minutes", minutes)
    return duration(lang, minutes // 60)


@dataclass(frozen=True)
class GroupContext:
    service: ModerationService
    settings: CommunitySettings
    lang: str
    by: str  # the admin, as the audit names them
    args: str
    target: UserRef
    target_name: str
    target_message: CommentKey  # the message the command replies to
    notify: Callable[[str], Awaitable[None]]  # a reply to the target's message
    mute: Callable[[UserRef, datetime], Awaitable[None]]  # the platform's mute
    unmute: Callable[[UserRef], Awaitable[None]]  # lift a mute (Telegram-specific)

    async def audit(self, action: str, detail: str, **params: str) -> None:
        now = self.service.clock.now()
        entry = AuditEntry(self.settings.community_id, self.by, action,
                           f"{self.target} {detail}".strip(), now,
                           {"user": self.target.user_id, **params})  # fmt: skip
        await self.service.repos.audit.add(entry)

    async def active_strikes(self) -> int:
        now = self.service.clock.now()
        since = decay_cutoff(self.settings.strikes, now) or _EPOCH
        return len(await self.service.repos.strikes.active(self.target, since))


Handler = Callable[[GroupContext], Awaitable[str]]


async def help_(ctx: GroupContext) -> str:
    from bot.telegram.commands.registry import help_text

    return help_text(ctx.lang, desk=False)


async def warn(ctx: GroupContext) -> str:
    now = ctx.service.clock.now()
    strike = Strike(ctx.target, ctx.target_message, now, f"warned by {ctx.by}")
    await ctx.service.repos.strikes.add(strike)
    count, limit = await ctx.active_strikes(), ctx.settings.strikes.ban_after
    await ctx.audit("rose.warn", f"{count}/{limit}")
    if limit and count >= limit:
        await ctx.service.admin.ban(ctx.target, ctx.by, None, "warnings")
        await ctx.notify(ui(ctx.lang, "notice.banned", author=ctx.target_name))
        return ui(ctx.lang, "rose.warned_banned", user=ctx.target_name, limit=limit)
    shown = f"{count}/{limit}" if limit else str(count)
    count_text, limit_text = shown.split("/") if limit else (shown, "∞")
    await ctx.notify(ui(ctx.lang, "notice.warn_manual", author=ctx.target_name,
                        count=count_text, limit=limit_text))  # fmt: skip
    return ""


async def mute(ctx: GroupContext) -> str:
    span = parse_span(ctx.args) or timedelta(hours=ctx.settings.strikes.mute_hours or 24)
    until = ctx.service.clock.now() + span
    await ctx.mute(ctx.target, until)
    words = span_words(ctx.lang, span)
    await ctx.audit("rose.mute", words, until=until.isoformat())
    await ctx.notify(ui(ctx.lang, "notice.muted", author=ctx.target_name, duration=words))
    return ""


async def unmute(ctx: GroupContext) -> str:
    await ctx.unmute(ctx.target)
    await ctx.audit("rose.unmute", "")
    return ui(ctx.lang, "rose.unmuted", user=ctx.target_name)


async def ban(ctx: GroupContext) -> str:
    await ctx.service.admin.ban(ctx.target, ctx.by, None, ctx.args.strip())
    await ctx.audit("rose.ban", ctx.args.strip())
    await ctx.notify(ui(ctx.lang, "notice.banned", author=ctx.target_name))
    return ""


async def unban(ctx: GroupContext) -> str:
    await ctx.service.admin.unban(ctx.target, ctx.by)
    await ctx.audit("rose.unban", "")
    return ui(ctx.lang, "rose.unbanned", user=ctx.target_name)


async def warns(ctx: GroupContext) -> str:
    count, limit = await ctx.active_strikes(), ctx.settings.strikes.ban_after
    return ui(ctx.lang, "rose.warns", user=ctx.target_name, count=count,
              warnings=ui_plural(ctx.lang, "unit.warnings", count), limit=limit)  # fmt: skip


async def resetwarns(ctx: GroupContext) -> str:
    removed = await ctx.service.repos.strikes.clear(ctx.target)
    await ctx.audit("rose.resetwarns", str(removed))
    return ui(ctx.lang, "rose.reset", user=ctx.target_name)


def target_of(message: dict[str, Any], community_id: str) -> tuple[UserRef, str] | None:
    """The user a command's replied-to message came from, and how to call them."""
    replied = message.get("reply_to_message") or {}
    sender_chat, sender = replied.get("sender_chat"), replied.get("from") or {}
    chat_id = str((message.get("chat") or {}).get("id"))
    if sender_chat and str(sender_chat.get("id")) != chat_id:
        name = str(sender_chat.get("title") or sender_chat.get("id"))
        user = UserRef(Platform.TELEGRAM, community_id, str(sender_chat["id"]), chat_id, True)
        return user, name
    if not sender or sender.get("is_bot"):
        return None
    name = " ".join(p for p in (sender.get("first_name"), sender.get("last_name")) if p)
    name = name or (f"@{sender['username']}" if sender.get("username") else str(sender["id"]))
    return UserRef(Platform.TELEGRAM, community_id, str(sender["id"]), chat_id), name
