"""Database faults the worker outlives: which errors are faults, how to describe one in a
log line, and how long to wait before trying again.

A fault is the database (or the way to it) failing, not a comment being bad: PostgreSQL
restarted or a connection was killed, SQLite is locked by someone else, the disk is full.
The worker backs off and carries on; the rows it held are handed back without using up an
attempt, so a comment is never parked as 'failed' because the database was away.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bot.metrics import WORKER_DATABASE_FAULTS

log = logging.getLogger("bot.pipeline.worker")  # the worker's log: its faults are its story

# SQLSTATE classes that say "try again later": connection exception, transaction rollback
# (serialization failure, deadlock), insufficient resources, operator intervention (admin
# shutdown, cannot connect now), system error.
_TRANSIENT_SQLSTATE = ("08", "40", "53", "57", "58")
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
_MAX_MESSAGE = 300
_DRIVERS = frozenset({"sqlalchemy", "asyncpg", "aiosqlite", "sqlite3"})


class DatabaseUnreachable(ConnectionError):
    """A network error on the way to the database, named where only the database is reached:
    re-raised from a task awaited later, a bare `ConnectionRefusedError` may no longer carry
    the driver's frames that `is_database_fault` looks for."""


def is_database_fault(exc: BaseException) -> bool:
    """Anything from the database or the network on the way to it: SQLAlchemy's errors, and
    network errors raised inside the drivers (asyncpg lets a refused connection through as
    a bare `ConnectionRefusedError`)."""
    if isinstance(exc, SQLAlchemyError | DatabaseUnreachable):
        return True
    return isinstance(exc, OSError) and _from_driver(exc)


def is_transient(exc: BaseException) -> bool:
    """A fault that says nothing about the comment being handled when it struck: lost or
    refused connections, locks, pool timeouts. (A `DataError` or `IntegrityError` may be the
    comment's own doing, and counts against its attempts as any other error does.)"""
    lost = OperationalError | InterfaceError | PoolTimeoutError | DisconnectionError
    if isinstance(exc, lost | DatabaseUnreachable):
        return True
    if isinstance(exc, OSError):
        return _from_driver(exc)  # a platform's or the moderators' chat's is not ours
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return isinstance(state, str) and state[:2] in _TRANSIENT_SQLSTATE
    return False


def _from_driver(exc: BaseException) -> bool:
    """Whether `exc` was raised inside SQLAlchemy or a database driver."""
    frame = exc.__traceback__
    while frame is not None:
        module = frame.tb_frame.f_globals.get("__name__", "")
        if module.split(".", 1)[0] in _DRIVERS:
            return True
        frame = frame.tb_next
    return False


def describe_fault(exc: BaseException, secret: str | None = None) -> str:
    """One line for the log: the error class and the driver's first line of message,
    without the SQL and its parameters (comment texts) and without any password."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    message = lines[0] if lines else ""
    message = _PASSWORD_IN_URL.sub(r"\1***@", message)
    if secret:
        message = message.replace(secret, "***")
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "…"
    name = exc.__class__.__name__
    if cause is not exc and cause.__class__.__name__ != name:
        name = f"{name} ({cause.__class__.__name__})"
    return f"{name}: {message}" if message else name


Chore = tuple[str, Callable[[], Awaitable[object]]]


async def run_chores(kind: str, chores: Iterable[Chore], logger: logging.Logger) -> None:
    """One round of timed chores (the scheduler's, monitoring's): a failing chore is logged
    and the others still run; a database outage is one warning line per chore, not a
    traceback, since the worker reports the outage too."""
    for name, chore in chores:
        try:
            await chore()
        except Exception as exc:
            if is_database_fault(exc):
                logger.warning(
                    "%s chore %r: database unavailable (%s); it runs again next tick",
                    kind,
                    name,
                    describe_fault(exc),
                )
                continue
            logger.exception("%s chore %r failed; it runs again next tick", kind, name)


@dataclass(slots=True)
class Backoff:
    """Exponential back-off: `first`, doubling on each fault in a row, at most `cap`;
    back to `first` after a success."""

    first: float = 0.5
    cap: float = 30.0
    faults: int = field(default=0, init=False)  # in a row

    def next_delay(self) -> float:
        delay = min(self.cap, self.first * 2.0 ** min(self.faults, 60))
        self.faults += 1
        return delay

    def reset(self) -> int:
        """Forget the faults; returns how many there were in a row."""
        faults, self.faults = self.faults, 0
        return faults


class FaultTracker:
    """One worker's faults: each logged in one line and counted, the back-off advanced;
    reset when the database answers again."""

    def __init__(self, worker_id: str, backoff: Backoff, secret: str | None = None) -> None:
        self._worker_id = worker_id
        self._backoff = backoff
        self._secret = secret  # the database password: never in a log line
        self._since = 0.0  # when the current outage began (monotonic)

    def describe(self, exc: BaseException) -> str:
        return describe_fault(exc, self._secret)

    def fault(self, exc: BaseException) -> float:
        """Log and count a fault; returns how long to wait before trying again."""
        delay = self._backoff.next_delay()
        WORKER_DATABASE_FAULTS.labels(error=exc.__class__.__name__).inc()
        if self._backoff.faults == 1:  # once per outage; the recovery line says how long
            self._since = time.monotonic()
            log.warning(
                "worker %s: database fault, backing off and retrying until it is back: %s",
                self._worker_id,
                self.describe(exc),
            )
        return delay

    def succeeded(self) -> None:
        """A batch or an idle pass went through: the next fault waits the shortest time."""
        if faults := self._backoff.reset():
            log.warning(
                "worker %s: database is back after %.1f s (%d retries)",
                self._worker_id, time.monotonic() - self._since, faults,
            )  # fmt: skip
