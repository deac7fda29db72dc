"""Small durable key-value state: VK Long Poll `ts`, Telegram `getUpdates` offset, and such.

An adapter advances its cursor only after the events before it are in the inbox, so the
cursor lives in the same database as the inbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UtcDateTime


class KeyValueRow(Base):
    __tablename__ = "kv_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
