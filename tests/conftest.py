"""Shared fixtures: real databases for every test that needs one.

`database_url` is parametrized over SQLite (a file in tmp_path) and PostgreSQL (a fresh,
uniquely named database on 127.0.0.1:5432, dropped afterwards). Without a reachable
PostgreSQL the PostgreSQL half skips with a reason, except under CI=true, where it fails:
CI must prove both databases work.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST = os.environ.get("KUZET_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("KUZET_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("KUZET_TEST_PG_USER", "postgres")
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


async def _pg_admin_execute(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=5
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _postgres_unavailable_reason() -> str | None:
    try:
        asyncio.run(_pg_admin_execute("SELECT 1"))
    except Exception as exc:  # any failure means "no usable server here"
        where = f"{PG_HOST}:{PG_PORT}"
        return f"PostgreSQL at {where} is not reachable ({exc.__class__.__name__}: {exc})"
    return None


_PG_REASON: str | bool | None = False  # False = not probed yet


def postgres_skip_reason() -> str | None:
    """Probe PostgreSQL once per session; under CI=true absence is a failure, not a skip."""
    global _PG_REASON
    if _PG_REASON is False:
        _PG_REASON = _postgres_unavailable_reason()
    reason = _PG_REASON
    assert reason is not True
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires PostgreSQL: {reason}")
    return reason


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'kuzet.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    name = f"kuzet_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin_execute(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        asyncio.run(_pg_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """A URL of an empty, real database: once SQLite, once PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def shared_datasets() -> Path:
    """`../shared/datasets` when present (developer machines, CI); otherwise the test skips."""
    path = SHARED_DIR / "datasets"
    if not path.is_dir():
        pytest.skip("../shared/datasets is not present in this checkout")
    return path
