"""`kuzet moderate`: the real pipeline over a file of comments, with no platform attached.

Each row becomes a `Comment` in the inbox of an embedded SQLite database; the real worker
analyzes, decides, records and "acts" through a recording gateway, and a report lists
every decision with its reasons, actions and draft. Rows are keyed by their position and
chat, so re-running on the same database finds everything already handled: nothing twice.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.clock import SystemClock
from bot.offline.recording import RecordingGateway, RecordingNotifier
from bot.pipeline.worker import Worker
from bot.storage import Database
from bot.storage.migrate import upgrade
from bot.storage.repositories import InboxRepository, build_repositories
from moderation.codec import draft_to_dict, reasons_to_list
from moderation.comment import Author, Comment, Platform
from moderation.settings import CommunitySettings, NightSettings

_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
OFFLINE_CHAT = "offline-moderators"


@dataclass(frozen=True, slots=True)
class ModerateOptions:
    database_url: str
    dry_run: bool = False
    language: str = "ru"
    night: NightSettings = field(default_factory=NightSettings)


@dataclass
class ModerateResult:
    rows: list[dict[str, Any]]
    new: int
    calls: int
    cards: int


def community_of(chat: str) -> str:
    slug = _SLUG.sub("-", chat).strip("-")
    return f"offline-{slug or 'default'}"[:64]


def comment_of(row: dict[str, Any], index: int, now: datetime) -> Comment:
    chat = str(row.get("chat") or "default")
    author = str(row.get("author") or f"anonymous-{index}")
    text = str(row.get("text") or "")
    # The position plus a digest of the text identifies the row across re-runs.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return Comment(
        platform=Platform.TELEGRAM,
        community_id=community_of(chat),
        chat_id=chat,
        comment_id=f"{index}-{digest}",
        author=Author(id=author, name=author),
        text=text,
        created_at=now,
        metadata={"source": "kuzet moderate"},
    )


async def moderate(rows: Sequence[dict[str, Any]], options: ModerateOptions) -> ModerateResult:
    now = datetime.now(UTC)
    comments = [comment_of(row, index, now) for index, row in enumerate(rows, start=1)]
    await upgrade(options.database_url)
    db = Database(options.database_url)
    try:
        repos = build_repositories(db)
        for community_id in sorted({c.community_id for c in comments}):
            if await repos.communities.get(community_id) is None:
                await repos.communities.save(
                    CommunitySettings(
                        community_id=community_id,
                        name=community_id,
                        language=options.language,
                        dry_run=options.dry_run,
                        moderators_chat_id=OFFLINE_CHAT,
                        night=options.night,
                    )
                )
        inbox = InboxRepository(db)
        events = [(c, {"row": row}) for c, row in zip(comments, rows, strict=True)]
        stored = await inbox.store_many(events)
        gateway, notifier = RecordingGateway(), RecordingNotifier()
        worker = Worker(db, gateway, notifier, SystemClock(), repos=repos)
        await worker.drain()
        report = []
        for comment, row in zip(comments, rows, strict=True):
            report.append(await _report_row(repos, comment, row))
        return ModerateResult(report, sum(stored), len(gateway.calls), len(notifier.cards))
    finally:
        await db.dispose()


async def _report_row(repos: Any, comment: Comment, row: dict[str, Any]) -> dict[str, Any]:
    record = await repos.decisions.get(comment.key)
    out: dict[str, Any] = {**row, "key": str(comment.key)}
    if record is None:
        out["verdict"] = "unprocessed"
        return out
    decision = record.decision
    analysis = record.analysis
    actions = await repos.actions.for_comment(comment.key)
    out.update(
        verdict=str(decision.verdict),
        reasons=reasons_to_list(decision.reasons),
        lang=analysis.get("lang"),
        toxic=analysis.get("toxic"),
        score=analysis.get("score"),
        intent=analysis.get("intent"),
        categories=sorted({m["category"] for m in analysis.get("matches", [])}),
        actions=[{"kind": str(a.action.kind), "status": str(a.status)} for a in actions],
        draft=draft_to_dict(decision.draft) if decision.draft else None,
        dry_run=decision.dry_run,
        night=decision.night,
    )
    return out


def summarize(rows: Sequence[dict[str, Any]]) -> str:
    """Verdicts by language, categories found, and actions taken, as a small text table."""
    verdicts = ("allow", "reply", "review", "hide", "ban")
    by_lang: dict[str, Counter[str]] = {}
    categories: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    for row in rows:
        lang = str(row.get("lang") or "?")
        by_lang.setdefault(lang, Counter())[str(row.get("verdict"))] += 1
        categories.update(row.get("categories") or [])
        actions.update(a["kind"] for a in row.get("actions") or [])
    header = f"{'lang':<8}" + "".join(f"{v:>8}" for v in verdicts) + f"{'total':>8}"
    lines = [header]
    total: Counter[str] = Counter()
    for lang in sorted(by_lang):
        counts = by_lang[lang]
        total.update(counts)
        lines.append(
            f"{lang:<8}" + "".join(f"{counts[v]:>8}" for v in verdicts)
            + f"{sum(counts.values()):>8}"
        )
    lines.append(
        f"{'all':<8}" + "".join(f"{total[v]:>8}" for v in verdicts) + f"{sum(total.values()):>8}"
    )
    if categories:
        lines.append("categories: " + ", ".join(f"{k} {n}" for k, n in categories.most_common()))
    if actions:
        lines.append("actions:    " + ", ".join(f"{k} {n}" for k, n in actions.most_common()))
    return "\n".join(lines)
