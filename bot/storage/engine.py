"""Connections: one async engine per database URL and the transactions repositories use.

SQLite is the embedded default and gets what a multi-task writer needs: WAL (readers never
block the writer), foreign keys (off by default in SQLite), a busy timeout, and write
transactions that start with `BEGIN IMMEDIATE`, so two writers queue on the lock up front
instead of one failing with "database is locked" when it upgrades a read lock mid-way.
PostgreSQL runs at READ COMMITTED; the inbox relies on `FOR UPDATE SKIP LOCKED` there.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.storage.errors import UnsupportedDatabaseError

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Set by `Database.shared()`: repository calls in this task join one transaction.
_SHARED: ContextVar[AsyncSession | None] = ContextVar("kuzet_shared_session", default=None)
_BEGIN_OPTION = "kuzet_sqlite_begin"
# JSON columns as compact UTF-8: Kazakh and Russian text as \uXXXX escapes is over twice as
# many bytes to send, store (SQLite) and parse (PostgreSQL's jsonb); and one encoder built
# once instead of one per value halves the encoding time (comments, decisions, actions).
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
encode_json = _JSON_ENCODER.encode  # for statements that pass JSON as text themselves


def check_url(url: str) -> str:
    """The dialect of a supported URL ("sqlite" or "postgresql"); raises otherwise."""
    try:
        driver = make_url(url).drivername
    except Exception as exc:  # ArgumentError and friends: the message names the problem
        raise UnsupportedDatabaseError(f"database.url is not a database URL: {exc}") from exc
    if driver == "sqlite+aiosqlite":
        return "sqlite"
    if driver == "postgresql+asyncpg":
        return "postgresql"
    raise UnsupportedDatabaseError(
        f"database.url uses {driver!r}; Kuzet supports sqlite+aiosqlite:///PATH "
        "and postgresql+asyncpg://USER@HOST:PORT/DB"
    )


def create_engine(
    url: str, *, echo: bool = False, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> AsyncEngine:
    """An async engine for `sqlite+aiosqlite://…` or `postgresql+asyncpg://…`."""
    if check_url(url) == "sqlite":
        engine = create_async_engine(url, echo=echo, json_serializer=_JSON_ENCODER.encode)
        _tune_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=10, max_overflow=10, json_serializer=_JSON_ENCODER.encode
    )


def _tune_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, with the right mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """An engine plus the two kinds of transaction repositories open on it."""

    def __init__(
        self, url: str, *, echo: bool = False, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
    ) -> None:
        """`sqlite_busy_timeout_ms`: how long a SQLite write waits for another process's
        lock before failing with "database is locked"."""
        self.url = url
        self.engine = create_engine(url, echo=echo, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
        self.dialect = self.engine.dialect.name  # "sqlite" or "postgresql"
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        reader_engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        self._reader = async_sessionmaker(reader_engine, expire_on_commit=False)
        # PostgreSQL: statements that are atomic on their own, without BEGIN and COMMIT.
        single = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._single = async_sessionmaker(single, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on an exception.
        Inside `shared()` it is the shared transaction instead (no savepoint: they cost two
        round trips each; a statement that fails there fails the whole shared block)."""
        shared = _SHARED.get()
        if shared is not None:
            yield shared
            return
        async with self._writer() as session, session.begin():
            yield session

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncSession]:
        """For reads. On SQLite a deferred transaction (it does not take the write lock);
        on PostgreSQL each statement on its own, without BEGIN and COMMIT (see
        `single_statements`: at READ COMMITTED that is what a transaction's reads see)."""
        shared = _SHARED.get()
        if shared is not None:
            yield shared
            return
        reader = self._single if self.dialect == "postgresql" else self._reader
        async with reader() as session, session.begin():
            yield session

    @asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        """Every repository call made in this task inside the block joins one transaction,
        committed once at the end: many small writes for the price of one commit."""
        async with self._joined(self._writer):
            yield

    @asynccontextmanager
    async def single_statements(self) -> AsyncIterator[None]:
        """Every repository call made in this task inside the block runs as its own
        statement on one connection, each committed by itself (PostgreSQL autocommit): a
        single-statement write (`UPDATE … RETURNING`, the inbox's claim) or a read costs
        one round trip instead of three (BEGIN, the statement, COMMIT). At READ COMMITTED
        a transaction's statements each see their own snapshot anyway, so reads lose
        nothing; only what must commit together still needs `transaction()`/`shared()`.
        Inside `shared()` it joins that transaction; on SQLite it is a plain `shared()`
        (the write lock and BEGIN IMMEDIATE stay as they are)."""
        if _SHARED.get() is not None:
            yield
            return
        maker = self._single if self.dialect == "postgresql" else self._writer
        async with self._joined(maker):
            yield

    @asynccontextmanager
    async def _joined(self, maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
        """One session of `maker` that the repository calls of this task join."""
        async with maker() as session, session.begin():
            token = _SHARED.set(session)
            try:
                yield
            finally:
                _SHARED.reset(token)

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.dispose()
