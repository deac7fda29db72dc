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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from bot.clock import SystemClock
from bot.offline.preview import PreviewMessage, PreviewNotifier
from bot.offline.recording import RecordingGateway
from bot.pipeline.worker import Worker
from bot.storage import Database
from bot.storage.migrate import upgrade
from bot.storage.repositories import InboxRepository, build_repositories
from bot.telegram.cards import Place
from moderation.codec import draft_to_dict, reasons_to_list
from moderation.comment import Author, Comment, CommentKey, Platform
from moderation.ports import NewDecision
from moderation.records import FaqEntry
from moderation.settings import CommunitySettings, NightSettings

_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
OFFLINE_CHAT = "offline-moderators"


@dataclass(frozen=True, slots=True)
class ModerateOptions:
    database_url: str
    dry_run: bool = False
    language: str = "ru"
    night: NightSettings = field(default_factory=NightSettings)
    # From `--config`: the chat a row names → that community's real settings, and FAQs.
    communities: Mapping[str, CommunitySettings] = field(default_factory=dict)
    default_community: CommunitySettings | None = None
    faq: Mapping[str, tuple[FaqEntry, ...]] = field(default_factory=dict)


@dataclass
class ModerateResult:
    rows: list[dict[str, Any]]
    new: int
    calls: int
    cards: int
    messages: list[PreviewMessage] = field(default_factory=list)


def community_of(chat: str) -> str:
    slug = _SLUG.sub("-", chat).strip("-")
    return f"offline-{slug or 'default'}"[:64]


def settings_for(chat: str, options: ModerateOptions) -> CommunitySettings:
    """The configured community of a row's chat, else an offline one named after it."""
    found = options.communities.get(chat) or options.default_community
    if found is not None:
        chat_id = found.moderators_chat_id or OFFLINE_CHAT
        return replace(found, moderators_chat_id=chat_id, dry_run=found.dry_run or options.dry_run)
    return CommunitySettings(
        community_id=community_of(chat),
        name=community_of(chat),
        language=options.language,
        dry_run=options.dry_run,
        moderators_chat_id=OFFLINE_CHAT,
        night=options.night,
    )


def comment_of(
    row: dict[str, Any], index: int, now: datetime, options: ModerateOptions | None = None
) -> Comment:
    chat = str(row.get("chat") or "default")
    community_id = settings_for(chat, options or ModerateOptions("")).community_id
    author = str(row.get("author") or f"anonymous-{index}")
    text = str(row.get("text") or "")
    # The position plus a digest of the text identifies the row across re-runs.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return Comment(
        platform=Platform.TELEGRAM,
        community_id=community_id,
        chat_id=chat,
        comment_id=f"{index}-{digest}",
        author=Author(id=author, name=author),
        text=text,
        created_at=now,
        metadata={"source": "kuzet moderate"},
    )


async def moderate(rows: Sequence[dict[str, Any]], options: ModerateOptions) -> ModerateResult:
    now = datetime.now(UTC)
    comments = [comment_of(row, index, now, options) for index, row in enumerate(rows, start=1)]
    await upgrade(options.database_url)
    db = Database(options.database_url)
    try:
        repos = build_repositories(db)
        chats = {c.community_id: c.chat_id for c in comments}
        places: dict[str, Place] = {}
        for community_id, chat in sorted(chats.items()):
            settings = settings_for(chat, options)
            places[community_id] = Place(settings.name, settings.timezone)
            if await repos.communities.get(community_id) is None:
                await repos.communities.save(settings)
                for entry in options.faq.get(community_id, ()):
                    await repos.faq.add(replace(entry, id=0))
        inbox = InboxRepository(db)
        events = [(c, {"row": row}) for c, row in zip(comments, rows, strict=True)]
        stored = await inbox.store_many(events)

        async def analysis(key: CommentKey) -> dict[str, object] | None:
            found = await repos.decisions.get(key)
            return dict(found.analysis) if found is not None else None

        gateway, notifier = RecordingGateway(), PreviewNotifier(places, analysis)
        worker = Worker(db, gateway, notifier, SystemClock(), repos=repos)
        await worker.drain()
        report = []
        for comment, row in zip(comments, rows, strict=True):
            report.append(await _report_row(repos, comment, row, notifier))
        messages = list(notifier.messages.values())
        return ModerateResult(report, sum(stored), len(gateway.calls), len(messages), messages)
    finally:
        await db.dispose()


async def _report_row(
    repos: Any, comment: Comment, row: dict[str, Any], notifier: PreviewNotifier
) -> dict[str, Any]:
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
    card = (await repos.decisions.record(_again(record))).card
    message = notifier.message_of(card.message_id) if card is not None else None
    if message is not None:
        out["card"] = {"message": message.message_id, "rolling": message.rolling,
                       "text": message.text, "buttons": message.buttons}  # fmt: skip
    return out


def _again(record: Any) -> NewDecision:
    """Recording a known decision again writes nothing and returns it with its card."""
    return NewDecision(
        record.comment, record.decision, record.analysis, record.versions, None,
        record.created_at,
    )  # fmt: skip


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
            f"{lang:<8}"
            + "".join(f"{counts[v]:>8}" for v in verdicts)
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
