"""A worker batch's record on PostgreSQL in one statement: decisions, analyses, actions,
cards and strikes.

Each table's rows go as arrays (`UnnestInsert`) into a part of one `WITH …` statement. The
decisions' part (`fresh`) skips the comment revisions decided before and returns the new
ones; the analyses, actions and cards join it by the comment's key, so only a new decision
gets them, with its id. One statement is atomic by itself: no BEGIN and COMMIT round
trips, and its text is the same for any batch, so it is prepared once per connection.
Below the peak a batch holds a handful of comments, so what a batch costs whatever its
size (7 round trips before) decides the CPU per comment and how long the next comment
waits behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.models import ActionRow, AnalysisRow, CardRow, DecisionRow, StrikeRow
from bot.storage.repositories.action import ACTION_COLUMNS, action_values
from bot.storage.repositories.bulk import UnnestInsert
from bot.storage.repositories.card import CARD_COLUMNS, card_values
from bot.storage.repositories.learning import STRIKE_COLUMNS, STRIKE_KEY, strike_values
from moderation.codec import comment_to_dict, decision_to_dict
from moderation.comment import CommentKey
from moderation.ports import NewDecision
from moderation.records import Strike

DECISION_KEY = ("platform", "chat_id", "comment_id", "revision")
DECISION_COLUMNS = (
    *DECISION_KEY,
    "community_id",
    "author_id",
    "verdict",
    "dry_run",
    "night",
    "comment",
    "decision",
    "created_at",
)
ANALYSIS_COLUMNS = (  # then the decision's id
    "lang",
    "toxic",
    "score",
    "intent",
    "model_version",
    "lexicon_version",
    "versions",
    "result",
)
Key = tuple[str, str, str, int]
_FRESH = (DecisionRow, DECISION_KEY, {"decision_id": "id"})
_PARTS = (
    (
        "fresh",
        UnnestInsert(
            DecisionRow,
            DECISION_COLUMNS,
            ignore_conflicts_on=DECISION_KEY,
            returning=("id", *DECISION_KEY),
        ),
    ),
    ("new_analyses", UnnestInsert(AnalysisRow, ANALYSIS_COLUMNS, fresh=_FRESH)),
    (
        "new_actions",
        UnnestInsert(
            ActionRow,
            ACTION_COLUMNS,
            ignore_conflicts_on=("idempotency_key",),
            returning=("idempotency_key",),
            fresh=(DecisionRow, DECISION_KEY, {}),
        ),
    ),
    (
        "new_cards",
        UnnestInsert(CardRow, CARD_COLUMNS[:-1], returning=("id", "decision_id"), fresh=_FRESH),
    ),
    (
        "new_strikes",
        UnnestInsert(StrikeRow, STRIKE_COLUMNS, ignore_conflicts_on=STRIKE_KEY),
    ),
)


def _statement() -> str:
    parts, first = [], 1
    for name, part in _PARTS:
        parts.append(f"{name} AS ({part.render(first)})")
        first += part.width
    return (
        f"WITH {', '.join(parts)} "
        "SELECT 'decision'::TEXT, id, platform::TEXT, chat_id::TEXT, comment_id::TEXT, "
        "revision FROM fresh "
        "UNION ALL SELECT 'action', NULL, idempotency_key, NULL, NULL, NULL FROM new_actions "
        "UNION ALL SELECT 'card', id, decision_id::TEXT, NULL, NULL, NULL FROM new_cards"
    )


_RECORD = _statement()


@dataclass(slots=True)
class BatchRows:
    """What one batch writes: rows per table (analyses, actions and cards with the key of
    the decision they belong to)."""

    decisions: list[dict[str, Any]] = field(default_factory=list)
    analyses: list[tuple[dict[str, Any], Key]] = field(default_factory=list)
    actions: list[tuple[dict[str, Any], Key]] = field(default_factory=list)
    cards: list[tuple[dict[str, Any], Key]] = field(default_factory=list)
    strikes: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BatchIds:
    """What the statement wrote: new decisions' ids, new action keys, new cards' ids."""

    decisions: dict[Key, int]
    actions: frozenset[str]
    cards: dict[int, int]  # decision id → card id


def comment_key(key: CommentKey) -> Key:
    return (str(key.platform), key.chat_id, key.comment_id, key.revision)


def decision_values(new: NewDecision) -> dict[str, Any]:
    comment = new.comment
    return {
        **dict(zip(DECISION_KEY, comment_key(comment.key), strict=True)),
        "community_id": comment.community_id,
        "author_id": comment.author.id,
        "verdict": str(new.decision.verdict),
        "dry_run": new.decision.dry_run,
        "night": new.decision.night,
        "comment": comment_to_dict(comment),
        "decision": decision_to_dict(new.decision),
        "created_at": new.at,
    }


def analysis_values(analysis: Mapping[str, Any], versions: Mapping[str, str]) -> dict[str, Any]:
    """An analysis row, but its decision's id."""
    score = analysis.get("score", 0.0)
    return {
        "lang": str(analysis.get("lang", ""))[:16],
        "toxic": bool(analysis.get("toxic", False)),
        "score": float(score) if isinstance(score, int | float) else 0.0,
        "intent": str(analysis.get("intent", ""))[:16],
        "model_version": str(versions.get("model", ""))[:128],
        "lexicon_version": str(versions.get("lexicon", ""))[:128],
        "versions": dict(versions),
        "result": dict(analysis),
    }


def batch_rows(
    batch: Sequence[NewDecision], strikes: Sequence[Strike]
) -> tuple[BatchRows, dict[Key, int]]:
    """The rows `record_batch` writes, and the position in `batch` of each comment key
    (a key twice in the batch is written once, the first)."""
    firsts: dict[Key, int] = {}
    for position, new in enumerate(batch):
        firsts.setdefault(comment_key(new.comment.key), position)
    rows = BatchRows(strikes=[strike_values(strike) for strike in strikes])
    for position in firsts.values():
        new = batch[position]
        key = comment_key(new.comment.key)
        rows.decisions.append(decision_values(new))
        rows.analyses.append((analysis_values(new.analysis, new.versions), key))
        rows.actions += [(action_values(a, new.at), key) for a in new.decision.actions]
        if new.card is not None:
            rows.cards.append((card_values(replace(new.card, version=0), new.at), key))
    return rows, firsts


async def record_batch(connection: AsyncConnection, rows: BatchRows) -> BatchIds:
    """Write `rows` in one statement (decision keys must be distinct)."""
    tables: tuple[tuple[list[dict[str, Any]], list[Key]], ...] = (
        (rows.decisions, []),
        ([row for row, _ in rows.analyses], [key for _, key in rows.analyses]),
        ([row for row, _ in rows.actions], [key for _, key in rows.actions]),
        ([row for row, _ in rows.cards], [key for _, key in rows.cards]),
        (rows.strikes, []),
    )
    params: list[Any] = []
    for (_, part), (table_rows, keys) in zip(_PARTS, tables, strict=True):
        params += part.arrays(table_rows, keys)
    result = await connection.exec_driver_sql(_RECORD, tuple(params))
    decisions: dict[Key, int] = {}
    actions: set[str] = set()
    cards: dict[int, int] = {}
    row: Any
    for row in result.all():
        kind, new_id, text, chat_id, comment_id, revision = row
        if kind == "decision":
            decisions[(text, chat_id, comment_id, revision)] = new_id
        elif kind == "action":
            actions.add(text)
        else:
            cards[int(text)] = new_id
    return BatchIds(decisions, frozenset(actions), cards)
