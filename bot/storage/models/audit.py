"""The audit log: one row for every change an admin makes (lists, settings, FAQ, undo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_community_id_at", "community_id", "at"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))  # who: "tg:123", "system", "cli"
    action: Mapped[str] = mapped_column(String(64))  # what: "addword", "ban", "undo", ...
    detail: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
