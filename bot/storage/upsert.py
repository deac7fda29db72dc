"""Dialect-aware INSERT … ON CONFLICT: SQLite and PostgreSQL spell it alike, but
SQLAlchemy builds it per dialect."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.base import Base


def insert_for(dialect: str, model: type[Base]) -> Any:
    """`INSERT` for `dialect` ("sqlite" or "postgresql"), with `.on_conflict_do_*`."""
    return postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)


def insert_ignore(dialect: str, model: type[Base], keys: Sequence[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING."""
    return insert_for(dialect, model).on_conflict_do_nothing(index_elements=list(keys))


def upsert(
    dialect: str, model: type[Base], values: Mapping[str, Any], *, keys: Sequence[str]
) -> Any:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET every non-key column to the new value."""
    statement = insert_for(dialect, model).values(dict(values))
    changes = {name: statement.excluded[name] for name in values if name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
