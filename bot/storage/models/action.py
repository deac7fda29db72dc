"""Platform actions (hide, restore, ban, reply …) and their outcome.

The idempotency key is UNIQUE: recording the same action twice is a no-op, and an action
whose row says 'done' is never sent again, whichever worker or restart looks at it. An
attempt of a send is marked in flight (by an instance id) just before the platform call, so
two instances never send it at once; a mark left by a dead instance is given back, and the
send goes out again (the one in-flight call per sender that a crash may double).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, BigIntId, Json, UtcDateTime


class ActionRow(Base):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done', 'failed', 'skipped')", name="status"),
        Index("ix_actions_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(400), unique=True)
    comment_key: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(128))
    action: Mapped[dict[str, Any]] = mapped_column(Json)  # moderation.codec shape
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    # Set just before the platform call, cleared when its outcome is stored: a row still
    # in flight after a crash did reach (or not) the platform, and nobody can know which.
    in_flight_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    in_flight_by: Mapped[str | None] = mapped_column(String(64))  # the claiming instance
    outcome_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
