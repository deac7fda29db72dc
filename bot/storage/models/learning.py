"""What the community teaches the bot: strikes against repeat offenders, FAQ answers for
drafts, and moderators' verdicts kept as labeled samples for retraining."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, UtcDateTime


class StrikeRow(Base):
    __tablename__ = "strikes"
    __table_args__ = (
        # A re-delivered comment never counts twice against its author.
        UniqueConstraint("platform", "community_id", "user_id", "comment_key"),
        Index(
            "ix_strikes_platform_community_id_user_id_at",
            "platform",
            "community_id",
            "user_id",
            "at",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    community_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    is_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    comment_key: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class FaqRow(Base):
    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class TrainingSampleRow(Base):
    __tablename__ = "training_samples"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    comment_key: Mapped[str | None] = mapped_column(String(255))
    reply: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32), default="moderator")
