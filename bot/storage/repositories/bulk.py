"""Table-level (Core) multi-row INSERTs for the pipeline's hot batch writes.

Handing SQLAlchemy an ORM class makes a multi-row insert go through the ORM's bulk
persistence, which costs about as much Python per row as the rest of the pipeline's work
on a comment; the same statement on the model's `Table` skips it (same columns, same type
processing, still one multi-row INSERT … VALUES per page of rows). Likewise `among`
keeps a batch's `IN (…)` lists from costing Python per value on PostgreSQL, and
`UnnestInsert` sends PostgreSQL a batch as one array per column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Table, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import JSON

from bot.storage.base import Base
from bot.storage.engine import encode_json


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


_PG = postgresql.dialect()  # type: ignore[no-untyped-call]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(_PG.identifier_preparer.quote(name) for name in names)


class UnnestInsert:
    """PostgreSQL: `INSERT INTO t (…) SELECT … FROM unnest($1::type[], …)`, one array per
    column. The statement text is the same for any number of rows, so it is prepared once
    per connection (a multi-row VALUES is new SQL for every batch size, and PostgreSQL
    parses and plans each), and asyncpg encodes the arrays in C where SQLAlchemy would
    process every parameter of every row in Python. JSON columns go as text and are cast
    in the statement."""

    def __init__(
        self,
        model: type[Base],
        columns: Sequence[str],
        *,
        ignore_conflicts_on: Sequence[str] = (),
        returning: Sequence[str] = (),
        before: str = "",
    ) -> None:
        """`before`: SQL put in front of the INSERT (a `WITH …` that writes too), whose
        `{0}`, `{1}` … are the parameters `execute` passes after the arrays."""
        table = table_of(model)
        self._columns = tuple(columns)
        self._json = tuple(isinstance(table.c[name].type, JSON) for name in self._columns)
        params, selects = [], []
        for n, name in enumerate(self._columns, 1):
            # VARCHAR, not VARCHAR(n): an explicit cast would cut a long value silently,
            # where storing it into the column fails as any INSERT does.
            kind = re.sub(r"\(\d+\)", "", table.c[name].type.compile(dialect=_PG))
            json = isinstance(table.c[name].type, JSON)
            params.append(f"${n}::{'TEXT' if json else kind}[]")
            selects.append(f"c{n}::{kind}" if json else f"c{n}")
        aliases = ", ".join(f"c{n}" for n in range(1, len(self._columns) + 1))
        sql = (
            f"INSERT INTO {_quoted([table.name])} ({_quoted(self._columns)}) "
            f"SELECT {', '.join(selects)} FROM unnest({', '.join(params)}) AS t({aliases})"
        )
        if ignore_conflicts_on:
            sql += f" ON CONFLICT ({_quoted(ignore_conflicts_on)}) DO NOTHING"
        if returning:
            sql += f" RETURNING {_quoted(returning)}"
        extra = [f"${n}" for n in range(len(self._columns) + 1, len(self._columns) + 11)]
        self.sql = before.format(*extra) + sql

    async def execute(
        self, connection: AsyncConnection, rows: Sequence[dict[str, Any]], *extra: Any
    ) -> CursorResult[Any]:
        arrays = tuple(
            [encode_json(row[name]) for row in rows] if json else [row[name] for row in rows]
            for name, json in zip(self._columns, self._json, strict=True)
        )
        return await connection.exec_driver_sql(self.sql, (*arrays, *extra))
