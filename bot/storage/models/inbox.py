"""The inbox: every received comment event, written before the platform is acknowledged.

A row is the durable promise that a comment will be moderated. The unique key
`(platform, chat_id, comment_id, revision)` makes re-deliveries harmless; `status`,
`attempts` and the lease let any worker take over rows a crashed worker left behind.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime


class InboxStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class InboxRow(Base):
    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "comment_id", "revision"),
        CheckConstraint("status IN ('received', 'processing', 'done', 'failed')", name="status"),
        # Claiming scans pending rows in arrival order; reclaiming scans expired leases.
        Index("ix_inbox_status_id", "status", "id"),
        Index("ix_inbox_status_lease_until", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    comment_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    community_id: Mapped[str] = mapped_column(String(64), index=True)
    post_id: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(256), default="")
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    comment: Mapped[dict[str, Any]] = mapped_column(Json)  # the whole Comment, lossless
    raw: Mapped[dict[str, Any]] = mapped_column(Json)  # the platform event as received
    status: Mapped[str] = mapped_column(String(16), default=InboxStatus.RECEIVED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker_id: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
