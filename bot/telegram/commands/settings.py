"""Admin commands that change a community's settings and FAQ: /faq, /threshold, /night,
/mode. Changes go through `Administration`, which audits them; they apply at once."""

from __future__ import annotations

from bot.telegram.commands.handlers import Context, Usage
from bot.telegram.texts import ui


async def faq(ctx: Context) -> str:
    verb, _, rest = ctx.args.strip().partition(" ")
    admin = ctx.service.admin
    if verb == "list":
        entries = await admin.faq_list(ctx.community_id)
        if not entries:
            return ui(ctx.lang, "command.empty")
        return "\n".join(
            ui(
                ctx.lang,
                "command.faq_line",
                id=e.id,
                language=ui(ctx.lang, f"lang.{e.lang}"),
                question=e.question,
                answer=e.answer,
            )
            for e in entries
        )
    if verb == "add":
        question, bar, answer = rest.partition("|")
        if not bar or not question.strip() or not answer.strip():
            raise Usage("faq_full")
        lang = faq_language(question)
        entry = await admin.faq_add(
            ctx.community_id, lang, question.strip(), answer.strip(), ctx.by
        )
        return ui(ctx.lang, "command.faq_added", id=getattr(entry, "id", "?"))
    if verb == "del" and rest.strip().lstrip("#").isdigit():
        faq_id = int(rest.strip().lstrip("#"))
        await admin.faq_del(ctx.community_id, faq_id, ctx.by)
        return ui(ctx.lang, "command.faq_deleted", id=faq_id)
    raise Usage("faq_full")


async def threshold(ctx: Context) -> str:
    parts = ctx.args.split()
    if len(parts) != 2 or parts[0] not in ("hide", "review"):
        raise Usage("threshold")
    try:
        value = float(parts[1].replace(",", "."))
    except ValueError:
        raise Usage("threshold") from None
    if not 0.0 <= value <= 1.0:
        raise Usage("threshold")
    await ctx.service.admin.set_threshold(ctx.community_id, parts[0], value, ctx.by)
    return ui(ctx.lang, f"command.threshold_{parts[0]}", value=f"{value:g}")


async def night(ctx: Context) -> str:
    arg = ctx.args.strip().replace(" ", "-")
    if arg == "off":
        await ctx.service.admin.set_night(ctx.community_id, ctx.by, enabled=False)
        return ui(ctx.lang, "command.night_off")
    start, dash, end = arg.partition("-")
    if not dash or len(start) != 5 or len(end) != 5 or start[2] != ":" or end[2] != ":":
        raise Usage("night")
    changed = await ctx.service.admin.set_night(ctx.community_id, ctx.by, start, end)
    zone = getattr(getattr(changed, "night", None), "timezone", ctx.zone)
    return ui(ctx.lang, "command.night_set", start=start, end=end, zone=zone)


async def mode(ctx: Context) -> str:
    value = ctx.args.strip().lower()
    if value not in ("live", "dry"):
        raise Usage("mode")
    await ctx.service.admin.set_mode(ctx.community_id, value == "dry", ctx.by)
    return ui(ctx.lang, "command.mode_dry" if value == "dry" else "command.mode_live")


_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def faq_language(question: str) -> str:
    """The language of a new FAQ entry: the question's own (Kazakh letters make it kk), so a
    Russian question added from a Kazakh chat still answers Russian comments."""
    return "kk" if _KAZAKH_LETTERS & set(question) else "ru"
