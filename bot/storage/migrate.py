"""Schema upgrades at start-up: the app brings its own database to the newest revision, so
the quick start needs no manual `alembic` step.

Alembic's command API is synchronous; it runs here on an async connection through
`run_sync`, inside the caller's event loop. On PostgreSQL a transaction-scoped advisory lock
makes several workers starting at once upgrade one after another, not in a race.

Most starts find the database at the newest revision already: `upgrade` to head first
compares the stored revision with the scripts' head read from their text, and only when
they differ loads Alembic (about a second of imports and script loading on a busy 2-core
machine — on the way from a restart to the first action).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.storage.engine import check_url, create_engine
from bot.storage.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

DEFAULT_URL = "sqlite+aiosqlite:///kuzet.sqlite3"
_ADVISORY_LOCK_KEY = 0x4B757A6574  # "Kuzet"


def migrations_dir() -> Path:
    """The Alembic scripts: `migrations/` of a checkout, or the copy bundled in `bot/`."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parent / "migrations", package / "migrations_bundle"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StorageError(f"Alembic migrations not found next to {package}")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["url"] = url  # not a main option: '%' in passwords would break it
    return config


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(DEFAULT_URL))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


_REVISION = re.compile(r'^(down_revision|revision)\b[^=]*=\s*["\']([^"\']+)["\']', re.M)


def script_head() -> str | None:
    """The newest revision, read from the scripts' text without Alembic; None unless the
    history is one line with one head (Alembic then decides)."""
    revised, downs = set(), set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revised.add(found["revision"])
        if "down_revision" in found:
            downs.add(found["down_revision"])
    heads = revised - downs
    return heads.pop() if len(heads) == 1 else None


async def _stored_revision(url: str) -> str | None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except Exception:  # no table yet (an empty database): Alembic creates it
        return None
    finally:
        await engine.dispose()
    return str(rows[0][0]) if len(rows) == 1 else None


async def upgrade(url: str = DEFAULT_URL, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (creating the SQLite file if needed)."""
    check_url(url)
    head = script_head() if revision == "head" else None
    if head is not None and await _stored_revision(url) == head:
        return
    from alembic import command

    await _run(url, lambda config: command.upgrade(config, revision))


async def downgrade(url: str, revision: str) -> None:
    from alembic import command

    await _run(url, lambda config: command.downgrade(config, revision))


async def current(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


async def _run(url: str, step: Callable[[Config], None]) -> None:
    check_url(url)  # the same actionable message the app gives for a bad URL
    config = alembic_config(url)
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
                )

            def run(sync: Connection) -> None:
                config.attributes["connection"] = sync
                step(config)

            await connection.run_sync(run)
    finally:
        await engine.dispose()
