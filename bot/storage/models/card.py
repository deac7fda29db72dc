"""Approval cards in the moderators' Telegram chat: drafts and held/hidden comments.

`version` implements compare-and-set: an update applies only where the stored version is
the one the change was computed from, so of two moderators tapping at once exactly one wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index("ix_cards_community_id_state_created_at", "community_id", "state", "created_at"),
        Index("ix_cards_message_id_deliver_after", "message_id", "deliver_after"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    comment_key: Mapped[str] = mapped_column(String(255), index=True)
    # The decision that opened the card; None for cards opened by a moderator's command.
    decision_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    comment: Mapped[dict[str, Any]] = mapped_column(Json)  # snapshot: restore re-posts it
    verdict: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    draft: Mapped[dict[str, Any] | None] = mapped_column(Json)
    chat_id: Mapped[str | None] = mapped_column(String(64))  # the moderators' Telegram chat
    message_id: Mapped[str | None] = mapped_column(String(64))  # the card's message there
    handled_by: Mapped[str | None] = mapped_column(String(128))
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deliver_after: Mapped[datetime | None] = mapped_column(UtcDateTime)
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    failures: Mapped[list[str]] = mapped_column(Json)
    ui_lang: Mapped[str] = mapped_column(String(8), default="ru")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # The lexicon hits the card quotes (`Quote`s); NULL on cards from before 0007.
    quotes: Mapped[list[dict[str, Any]] | None] = mapped_column(Json)
    # Set just before the card is posted (by `posting_by`, an instance id), cleared by
    # storing its message id: the worker and the scheduler can never both post it, and a
    # claim left by a dead instance is taken back (at most that one card is doubled).
    posting_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    posting_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
