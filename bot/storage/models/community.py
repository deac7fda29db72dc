"""Communities and their settings.

Config seeds a community at start-up; admins change thresholds, modes and the night window
with bot commands, and those edits land here. The whole `CommunitySettings` is one JSON
document (moderation.codec shape), so a new setting needs no schema change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, Json, UtcDateTime


class CommunityRow(Base):
    __tablename__ = "communities"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(256), default="")
    settings: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
