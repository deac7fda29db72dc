"""Alembic owns the schema: every revision goes up, down and up again on both databases,
and the head revision matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.storage.models  # noqa: F401  (registers the tables)
from bot.storage import migrate
from bot.storage.base import Base
from bot.storage.engine import create_engine


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    return set(names) - {"alembic_version"}


async def test_stairway_every_revision_up_down_up(database_url: str) -> None:
    previous: str | None = None
    for revision in migrate.revisions():
        await migrate.upgrade(database_url, revision)
        tables_after_up = await _tables(database_url)
        await migrate.downgrade(database_url, previous or "base")
        assert await migrate.current(database_url) == previous
        await migrate.upgrade(database_url, revision)
        assert await migrate.current(database_url) == revision
        assert await _tables(database_url) == tables_after_up
        previous = revision
    await migrate.downgrade(database_url, "base")
    assert await _tables(database_url) == set()


async def test_head_matches_the_models(database_url: str) -> None:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()
    assert diff == []


async def test_upgrade_is_idempotent_and_creates_the_sqlite_file(sqlite_url: str) -> None:
    await migrate.upgrade(sqlite_url)
    await migrate.upgrade(sqlite_url)
    assert await migrate.current(sqlite_url) == migrate.revisions()[-1]
    assert {"inbox", "kv_state"} <= await _tables(sqlite_url)


def test_the_head_read_from_the_scripts_text_is_alembics_head() -> None:
    # `upgrade` skips Alembic when the database is at this revision already.
    assert migrate.script_head() == migrate.revisions()[-1]


async def test_upgrading_an_up_to_date_database_changes_nothing(database_url: str) -> None:
    await migrate.upgrade(database_url)
    await migrate.upgrade(database_url)  # the quick path: nothing to do
    assert await migrate.current(database_url) == migrate.revisions()[-1]
