"""Table-level (Core) multi-row INSERTs for the pipeline's hot batch writes.

Handing SQLAlchemy an ORM class makes a multi-row insert go through the ORM's bulk
persistence, which costs about as much Python per row as the rest of the pipeline's work
on a comment; the same statement on the model's `Table` skips it (same columns, same type
processing, still one multi-row INSERT … VALUES per page of rows). Likewise `among`
keeps a batch's `IN (…)` lists from costing Python per value on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, any_, bindparam
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


def among(dialect: str, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`. On PostgreSQL `column = ANY(:values)` instead: one array
    parameter, where SQLAlchemy renders IN as one parameter per value (Python work per
    value on every execution, and a new statement to prepare for every list length)."""
    items = list(dict.fromkeys(values))
    if dialect != "postgresql":
        return cast(ColumnElement[bool], column.in_(items))
    array = bindparam(None, items, type_=postgresql.ARRAY(column.type))
    return cast(ColumnElement[bool], column == any_(array))
