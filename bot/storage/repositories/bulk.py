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
from collections.abc import Iterable, Mapping, Sequence
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
        fresh: tuple[type[Base], Sequence[str], Mapping[str, str]] | None = None,
    ) -> None:
        """`before`: SQL put in front of the INSERT (a `WITH …` that writes too), whose
        `{0}`, `{1}` … are the parameters `execute` passes after the arrays.
        `fresh`: (its model, key columns, {column: its column}) when the INSERT is a part
        of a larger statement (`render`) after a `fresh` part that inserted rows of that
        model: each row carries the key (one more array per key column, not stored) and
        is inserted only if `fresh` returned that key, with the named columns from it."""
        self._table = table_of(model)
        self._columns = tuple(columns)
        self._json = tuple(isinstance(self._table.c[name].type, JSON) for name in self._columns)
        self._conflicts = tuple(ignore_conflicts_on)
        self._returning = tuple(returning)
        self._fresh = fresh
        self.keys = tuple(fresh[1]) if fresh else ()  # the join's extra arrays, in order
        self.width = len(self._columns) + len(self.keys)  # parameters `render` numbers
        extra = [f"${n}" for n in range(self.width + 1, self.width + 11)]
        self.sql = before.format(*extra) + self.render(1)

    def render(self, first: int) -> str:
        """The INSERT with its arrays numbered from `$first`."""
        params, selects, aliases = [], [], []
        for n, name in enumerate(self._columns, first):
            kind = _array_kind(self._table, name)
            json = isinstance(self._table.c[name].type, JSON)
            params.append(f"${n}::{'TEXT' if json else kind}[]")
            selects.append(f"c{n}::{kind}" if json else f"c{n}")
            aliases.append(f"c{n}")
        targets = list(self._columns)
        join = ""
        if self._fresh is not None:
            model, keys, taken = self._fresh
            for n, key in enumerate(keys, first + len(self._columns)):
                params.append(f"${n}::{_array_kind(table_of(model), key)}[]")
                aliases.append(key)
            join = f" JOIN fresh USING ({_quoted(keys)})"
            targets += list(taken)
            selects += [f"fresh.{_quoted([column])}" for column in taken.values()]
        sql = (
            f"INSERT INTO {_quoted([self._table.name])} ({_quoted(targets)}) "
            f"SELECT {', '.join(selects)} FROM unnest({', '.join(params)}) "
            f"AS t({', '.join(aliases)}){join}"
        )
        if self._conflicts:
            sql += f" ON CONFLICT ({_quoted(self._conflicts)}) DO NOTHING"
        if self._returning:
            sql += f" RETURNING {_quoted(self._returning)}"
        return sql

    def arrays(
        self, rows: Sequence[dict[str, Any]], keys: Sequence[Sequence[Any]] = ()
    ) -> tuple[list[Any], ...]:
        """The parameters `render` numbers: one array per column, then one per key column
        of `fresh` (`keys`: each row's key, in the order of `fresh`'s key columns)."""
        columns = tuple(
            [encode_json(row[name]) for row in rows] if json else [row[name] for row in rows]
            for name, json in zip(self._columns, self._json, strict=True)
        )
        return columns + tuple([key[n] for key in keys] for n in range(len(self.keys)))

    async def execute(
        self, connection: AsyncConnection, rows: Sequence[dict[str, Any]], *extra: Any
    ) -> CursorResult[Any]:
        return await connection.exec_driver_sql(self.sql, (*self.arrays(rows), *extra))


def _array_kind(table: Table, name: str) -> str:
    # VARCHAR, not VARCHAR(n): an explicit cast would cut a long value silently, where
    # storing it into the column fails as any INSERT does.
    return re.sub(r"\(\d+\)", "", table.c[name].type.compile(dialect=_PG))
