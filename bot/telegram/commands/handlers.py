"""One function per admin command: parse the arguments, call the service, word the answer.

A handler gets a `Context` (who, which community, the message) and returns the reply text;
bad arguments raise `Usage` with the key of the usage line to show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.telegram.texts import ui
from classifiers.vocabulary import Category
from moderation.comment import Platform, UserRef
from moderation.service import ModerationService


class Usage(Exception):
    def __init__(self, command: str) -> None:
        super().__init__(command)
        self.command = command


@dataclass(frozen=True)
class Context:
    service: ModerationService
    community_id: str
    lang: str
    by: str
    message: dict[str, Any]
    args: str
    reply_user: UserRef | None  # the author of the card the command replies to
    monitoring: Any = None  # bot.reporting.monitor.Monitoring: /stats, /unanswered


Handler = Callable[[Context], Awaitable[Any]]  # str, or a photo (commands.monitoring)


def _user(ctx: Context, command: str) -> UserRef:
    first = ctx.args.split()[0] if ctx.args.split() else ""
    if first.lstrip("-").isdigit():
        user_id = first
        return UserRef(Platform.TELEGRAM, ctx.community_id, user_id,
                       is_channel=user_id.startswith("-100"))  # fmt: skip
    if ctx.reply_user is not None:
        return ctx.reply_user
    raise Usage(command)


async def help_(ctx: Context) -> str:
    return ui(ctx.lang, "command.help") + ", /check, /words, /banned, /untrust, /mode, /stats"


async def check(ctx: Context) -> str:
    if not ctx.args.strip():
        raise Usage("check")
    words = await ctx.service.repos.words.all(ctx.community_id)
    found = await ctx.service.analyzer(ctx.args, words)
    verdict = "toxic" if found.toxic else "ok"
    terms = ", ".join(f"{m.term} ({m.category})" for m in found.matches)
    return ui(ctx.lang, "command.check", verdict=verdict, language=str(found.lang),
              score=f"{found.score:.2f}", matches=f"\n{terms}" if terms else "")  # fmt: skip


async def words(ctx: Context) -> str:
    entries = await ctx.service.repos.words.all(ctx.community_id)
    if not entries:
        return ui(ctx.lang, "command.empty")
    items = "\n".join(f"• {e.term} — {e.mode} ({e.category})" for e in entries)
    return ui(ctx.lang, "command.words", items=items)


async def addword(ctx: Context) -> str:
    parts = ctx.args.split()
    if not parts:
        raise Usage("addword")
    category = Category.INSULT
    if len(parts) > 1 and parts[-1] in {str(c) for c in Category}:
        category, parts = Category(parts[-1]), parts[:-1]
    term = " ".join(parts)
    await ctx.service.admin.add_word(ctx.community_id, term, ctx.by, category)
    return ui(ctx.lang, "command.word_added", word=term, category=category)


async def delword(ctx: Context) -> str:
    if not ctx.args.strip():
        raise Usage("delword")
    await ctx.service.admin.del_word(ctx.community_id, ctx.args.strip(), ctx.by)
    return ui(ctx.lang, "command.word_removed", word=ctx.args.strip())


async def allowword(ctx: Context) -> str:
    if not ctx.args.strip():
        raise Usage("allowword")
    await ctx.service.admin.allow_word(ctx.community_id, ctx.args.strip(), ctx.by)
    return ui(ctx.lang, "command.word_allowed", word=ctx.args.strip())


async def ban(ctx: Context) -> str:
    user = _user(ctx, "ban")
    rest = ctx.args.split()
    if rest and rest[0].lstrip("-").isdigit():
        rest = rest[1:]
    hours = int(rest[0]) if rest and rest[0].isdigit() else None
    reason = " ".join(rest[1:] if hours is not None else rest)
    await ctx.service.admin.ban(user, ctx.by, hours, reason)
    if hours:
        return ui(ctx.lang, "command.user_banned_for", user=user.user_id, hours=hours)
    return ui(ctx.lang, "command.user_banned", user=user.user_id)


async def unban(ctx: Context) -> str:
    user = _user(ctx, "unban")
    await ctx.service.admin.unban(user, ctx.by)
    return ui(ctx.lang, "command.user_unbanned", user=user.user_id)


async def banned(ctx: Context) -> str:
    repos = ctx.service.repos
    latest: dict[str, str] = {}
    for entry in await repos.audit.recent(ctx.community_id, 500):  # newest first
        if entry.action in ("ban", "blacklist", "unban"):
            latest.setdefault(entry.detail.split(" ")[0], entry.action)
    now = ctx.service.clock.now()
    lines = []
    for key, action in latest.items():
        if action == "unban" or key.count(":") < 2:
            continue
        platform, community, user_id = key.split(":", 2)
        listed = await repos.blacklist.get(UserRef(Platform(platform), community, user_id))
        if listed is not None and listed.active(now):
            until = listed.until.strftime("%Y-%m-%d %H:%M") if listed.until else "∞"
            lines.append(f"• {user_id} — {listed.reason} ({until})")
    if not lines:
        return ui(ctx.lang, "command.empty")
    return ui(ctx.lang, "command.banned", items="\n".join(lines))


async def trust(ctx: Context) -> str:
    user = _user(ctx, "trust")
    await ctx.service.admin.trust(user, ctx.by)
    return ui(ctx.lang, "command.user_trusted", user=user.user_id)


async def untrust(ctx: Context) -> str:
    user = _user(ctx, "untrust")
    await ctx.service.admin.untrust(user, ctx.by)
    return ui(ctx.lang, "command.untrusted", user=user.user_id)


async def stats(ctx: Context) -> str:
    arg = ctx.args.strip()
    if arg and not arg.isdigit():
        raise Usage("stats")
    days = int(arg or 7)
    since = ctx.service.clock.now() - timedelta(days=days)
    records = await ctx.service.repos.decisions.since(ctx.community_id, since)
    counts = Counter(str(r.decision.verdict) for r in records)
    items = ", ".join(f"{ui(ctx.lang, 'verdict.' + k)}: {v}" for k, v in sorted(counts.items()))
    return ui(ctx.lang, "command.stats", days=days, items=items or "0")
