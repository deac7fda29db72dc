"""`kuzet doctor`'s output: one line per check, ✓ / ! / ✗, and the fix under each ✗ or !."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    OK = "✓"
    WARN = "!"  # works, but not as it could: does not change the exit code
    FAIL = "✗"


@dataclass(frozen=True)
class Check:
    name: str  # what was checked, e.g. "Telegram chat -100123: bot is an administrator"
    status: Status
    fix: str = ""  # one line saying what to do; empty for ✓

    @classmethod
    def ok(cls, name: str) -> Check:
        return cls(name, Status.OK)

    @classmethod
    def fail(cls, name: str, fix: str) -> Check:
        return cls(name, Status.FAIL, fix)

    @classmethod
    def warn(cls, name: str, fix: str) -> Check:
        return cls(name, Status.WARN, fix)


def render(checks: Iterable[Check]) -> str:
    lines = []
    for check in checks:
        lines.append(f"{check.status} {check.name}")
        if check.fix and check.status is not Status.OK:
            lines.append(f"    → {check.fix}")
    return "\n".join(lines)


def exit_code(checks: Iterable[Check]) -> int:
    return 1 if any(check.status is Status.FAIL for check in checks) else 0
