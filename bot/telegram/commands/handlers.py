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

from bot.telegram.texts import ui, ui_plural
from classifiers.vocabulary import Category
from moderation.comment import Platform, UserRef
from moderation.i18n import duration, local_time
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
    zone: str = "Asia/Almaty"  # the community's time zone, for times in answers
    monitoring: Any = None  # bot.reporting.monitor.Monitoring: /stats, /unanswered


Handler = Callable[[Context], Awaitable[str]]


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
    from bot.telegram.commands.registry import help_text  # the registry imports this module

    return help_text(ctx.lang, desk=True)


async def check(ctx: Context) -> str:
    if not ctx.args.strip():
        raise Usage("check")
    words = await ctx.service.repos.words.all(ctx.community_id)
    found = await ctx.service.analyzer(ctx.args, words)
    lang = ctx.lang
    verdict = ui(lang, "check.violation" if found.toxic else "check.clean")
    terms = ", ".join(f"{m.term} ({ui(lang, f'category.{m.category}')})" for m in found.matches)
    return ui(lang, "command.check", verdict=verdict, language=ui(lang, f"lang.{found.lang}"),
              percent=round(100 * found.score),
              matches=f"\n{terms}" if terms else "")  # fmt: skip


async def words(ctx: Context) -> str:
    entries = await ctx.service.repos.words.all(ctx.community_id)
    if not entries:
        return ui(ctx.lang, "command.empty")
    items = "\n".join(
        ui(
            ctx.lang,
            "command.word_line",
            term=e.term,
            mode=ui(ctx.lang, f"mode.{e.mode}"),
            category=ui(ctx.lang, f"category.{e.category}"),
        )
        for e in entries
    )
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
    return ui(ctx.lang, "command.word_added", word=term,
              category=ui(ctx.lang, f"category.{category}"))  # fmt: skip


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
        return ui(ctx.lang, "command.user_banned_for", user=user.user_id,
                  duration=duration(ctx.lang, hours))  # fmt: skip
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
            until = (
                local_time(listed.until, ctx.zone) if listed.until
                else ui(ctx.lang, "command.banned_forever")
            )  # fmt: skip
            lines.append(ui(ctx.lang, "command.banned_line", user=user_id,
                            reason=listed.reason or "—", until=until))  # fmt: skip
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
    span = ui_plural(ctx.lang, "unit.days", days)
    return ui(ctx.lang, "command.stats", days=span, items=items or "0")
