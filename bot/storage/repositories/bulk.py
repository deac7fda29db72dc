"""Table-level (Core) multi-row INSERTs for the pipeline's hot batch writes.

Handing SQLAlchemy an ORM class makes a multi-row insert go through the ORM's bulk
persistence, which costs about as much Python per row as the rest of the pipeline's work
on a comment; the same statement on the model's `Table` skips it (same columns, same type
processing, still one multi-row INSERT … VALUES per page of rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.base import Base


def table_of(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def insert_rows(dialect: str, model: type[Base]) -> Any:
    """INSERT into `model`'s table (dialect-specific, so `.on_conflict_do_*` is there)."""
    table = table_of(model)
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def insert_rows_ignoring(dialect: str, model: type[Base], keys: Sequence[str]) -> Any:
    """INSERT into `model`'s table … ON CONFLICT (keys) DO NOTHING."""
    return insert_rows(dialect, model).on_conflict_do_nothing(index_elements=list(keys))
