"""The morning digest's text, in the chat's language and the community's time zone."""

from __future__ import annotations

from bot.telegram.texts import ui, ui_plural
from moderation.i18n import local_time
from moderation.ports import Digest

EXPIRED_KEY = "expired_drafts"  # Digest.extra: drafts that went stale unanswered


def digest_lines(digest: Digest, zone: str) -> list[str]:
    lang = digest.ui_lang
    counts = {str(k): v for k, v in digest.counts.items()}
    lines = [
        ui(
            lang, "digest.title", community=digest.community_id,
            start=local_time(digest.since, zone, with_date=False),
            end=local_time(digest.until, zone, with_date=False),
        ),
        ui(
            lang, "digest.summary",
            hidden=counts.get("hide", 0) + counts.get("hide_and_strike", 0),
            held=counts.get("review", 0), drafts=counts.get("reply", 0),
            banned=counts.get("ban", 0),
        ),
    ]  # fmt: skip
    expired = int(digest.extra.get(EXPIRED_KEY, 0))
    if expired:
        lines.append(ui(lang, "digest.expired", drafts=ui_plural(lang, "unit.drafts", expired)))
    if not any(digest.counts.values()) and not digest.queued and not expired:
        lines.append(ui(lang, "digest.empty"))
    for card in digest.queued:
        link = card.comment.metadata.get("link", "")
        lines.append(f"• {card.comment.author.display}: {card.comment.text[:200]} {link}".rstrip())
    return lines
