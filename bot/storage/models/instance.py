"""Running Kuzet processes and when each was last seen alive (the heartbeat table).

A process registers under a fresh id at start and refreshes `seen_at` every few seconds.
Rows and claims held by an id whose heartbeat stopped belong to a dead process, and any
live one takes them back at once instead of waiting for a lease to run out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UtcDateTime


class InstanceRow(Base):
    __tablename__ = "instances"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
