"""Threads to answer and daily community aggregates (dialog and monitoring).

`threads` holds one row per question or complaint, unique per comment (an edit does not
open a second thread). `daily_stats` holds one row per community per local day, so charts
over a year read 365 rows instead of every decision; the day's top lists and answer times
ride along as JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime
from bot.storage.models.decision import DecisionRow

# "Is this author new here?" looks up earlier decisions of one author in one community.
Index("ix_decisions_community_id_author_id", DecisionRow.community_id, DecisionRow.author_id)


class ThreadRow(Base):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "comment_id"),
        Index("ix_threads_community_id_opened_at", "community_id", "opened_at"),
        Index("ix_threads_community_id_answered_at", "community_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    comment_id: Mapped[str] = mapped_column(String(64))
    post_id: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(16))
    link: Mapped[str] = mapped_column(String(512), default="")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(255))
    answer_kind: Mapped[str | None] = mapped_column(String(32))
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminder_chat_id: Mapped[str | None] = mapped_column(String(64))
    reminder_message_id: Mapped[str | None] = mapped_column(String(64))


class DailyStatsRow(Base):
    __tablename__ = "daily_stats"

    community_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    toxic: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[int] = mapped_column(Integer, default=0)
    held: Mapped[int] = mapped_column(Integer, default=0)
    restored: Mapped[int] = mapped_column(Integer, default=0)
    questions: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    new_authors: Mapped[int] = mapped_column(Integer, default=0)
    median_answer: Mapped[float | None] = mapped_column(Float)
    p90_answer: Mapped[float | None] = mapped_column(Float)
    health: Mapped[float | None] = mapped_column(Float)
    # by_category, answer_seconds, top_offenders, negativity
    detail: Mapped[dict[str, Any]] = mapped_column(Json)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
