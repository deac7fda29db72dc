"""`kuzet doctor`, local part: the database and the HTTP port, which need no platform.

The database must be reachable and at the newest schema revision; `kuzet run` upgrades an
older one at start, so "behind" is a warning (back it up first), while a revision this
Kuzet does not know — a database upgraded by a newer version — is an error: this code would
misread it. SQLite files that do not exist yet are not created by the doctor.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.cli.checklist import Check
from bot.config import Config
from bot.storage.migrate import alembic_config

CONNECT_TIMEOUT = 10.0


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://")).get_current_head()


async def database_checks(config: Config) -> list[Check]:
    url = config.database.url
    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database))
        if not path.exists():
            writable = path.parent.resolve()
            if not writable.is_dir():
                return [
                    Check.fail(
                        f"Database {shown}: its directory exists",
                        f"create {writable} or point database.url elsewhere",
                    )
                ]
            return [
                Check.warn(
                    f"Database {shown} does not exist yet",
                    "kuzet run creates and migrates it at start",
                )
            ]
    postgres = parsed.drivername.startswith("postgresql")
    connect_args = {"timeout": CONNECT_TIMEOUT} if postgres else {}
    engine = create_async_engine(url, poolclass=NullPool, connect_args=connect_args)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT * 2), engine.connect() as connection:
            current = await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    except Exception as exc:  # any driver's refusal: the message is the diagnosis
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [
            Check.fail(
                f"Database {shown} is reachable",
                f"{reason}: check database.url, the server and the password",
            )
        ]
    finally:
        await engine.dispose()
    checks = [Check.ok(f"Database {shown} is reachable")]
    head = head_revision()
    name = f"Database schema is at the newest revision ({head})"
    if current == head:
        checks.append(Check.ok(name))
    elif current is None:
        checks.append(
            Check.warn(name + ": the database is empty", "kuzet run creates the schema at start")
        )
    elif current in _known_revisions():
        checks.append(
            Check.warn(
                name + f": it is at {current}", "back it up, then kuzet run upgrades it at start"
            )
        )
    else:
        checks.append(
            Check.fail(
                name + f": it is at {current}, unknown to this version",
                "run the Kuzet version that upgraded it, or downgrade the "
                "database with that version's alembic (docs/deploy.md)",
            )
        )
    return checks


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    return {revision.revision for revision in script.walk_revisions()}


def port_check(config: Config) -> list[Check]:
    http = config.http
    if not http.enabled or http.port == 0:
        return []
    name = f"HTTP port {http.host}:{http.port} is free"
    family = socket.AF_INET6 if ":" in http.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
        try:
            probe.bind((http.host, http.port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return [
                    Check.fail(
                        name,
                        "another program (a running kuzet?) holds it: stop it or set [http] port",
                    )
                ]
            return [Check.fail(name, f"{exc.strerror}: check [http] host and port")]
    return [Check.ok(name)]
