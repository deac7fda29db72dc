"""Decisions and the analyses behind them: one of each per comment revision.

The decision's unique key mirrors the inbox key, so a re-delivered or re-claimed comment
finds its earlier decision instead of deciding twice. The analysis keeps the detector's
full JSON plus the model and lexicon versions that produced it, so a verdict can be
explained (and re-examined) after the model changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "comment_id", "revision"),
        Index("ix_decisions_community_id_created_at", "community_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    comment_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)
    community_id: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[dict[str, Any]] = mapped_column(Json)  # moderation.codec shape
    decision: Mapped[dict[str, Any]] = mapped_column(Json)  # reasons, actions, draft ...
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AnalysisRow(Base):
    __tablename__ = "analyses"

    decision_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(16), default="")
    toxic: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    intent: Mapped[str] = mapped_column(String(16), default="")
    model_version: Mapped[str] = mapped_column(String(128), default="")
    lexicon_version: Mapped[str] = mapped_column(String(128), default="")
    versions: Mapped[dict[str, Any]] = mapped_column(Json)  # every component's version
    result: Mapped[dict[str, Any]] = mapped_column(Json)  # Analysis.to_json()
