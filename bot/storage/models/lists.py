"""Per-community lists admins edit from the chat: word overlays, blacklisted and trusted
users. Each row says who made the change and when; the audit log keeps the history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, UtcDateTime


class WordOverlayRow(Base):
    __tablename__ = "word_overlays"
    __table_args__ = (UniqueConstraint("community_id", "term"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64))
    term: Mapped[str] = mapped_column(String(128))
    mode: Mapped[str] = mapped_column(String(16))  # add / remove / allow
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[int] = mapped_column(Integer, default=2)
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class BlacklistRow(Base):
    __tablename__ = "user_blacklist"
    __table_args__ = (UniqueConstraint("platform", "community_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    community_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    is_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TrustedUserRow(Base):
    __tablename__ = "trusted_users"
    __table_args__ = (UniqueConstraint("platform", "community_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    community_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    is_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
