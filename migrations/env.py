"""Alembic environment (async): runs revisions on a connection the caller hands in, or on
one it opens itself from the URL the caller chose.

`bot.storage.migrate` passes an open connection in `config.attributes["connection"]`, so
the app upgrades inside its own event loop. From the `alembic` command line the URL comes
from `-x url=…`, then `config.attributes["url"]`, then KUZET_DATABASE_URL, then the
embedded SQLite default. SQLite runs in batch mode so ALTERs become table rebuilds.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import JSON
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import bot.storage.models  # noqa: F401  (registers every table on Base.metadata)
from bot.storage.base import Base, UtcDateTime

DEFAULT_URL = "sqlite+aiosqlite:///kuzet.sqlite3"

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return str(
        context.get_x_argument(as_dictionary=True).get("url")
        or config.attributes.get("url")
        or os.environ.get("KUZET_DATABASE_URL")
        or DEFAULT_URL
    )


def _render_item(kind: str, obj: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Revisions spell column types in plain SQLAlchemy, never importing app code."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, JSON):
        autogen.imports.add("from sqlalchemy.dialects import postgresql")
        return "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )


def run_on_connection(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    engine = create_async_engine(_url(), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_on_connection)
            await connection.commit()
    finally:
        await engine.dispose()


def run_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    run_on_connection(given)
else:
    asyncio.run(run_async())
