"""The fake's request journal: every call with parsed params and the answer, plus waits.

Tests synchronise on the journal (`wait_for_call`) instead of sleeping; waits are built on
an `asyncio.Condition` notified on every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.call_journal import CallJournal


@dataclass
class Call:
    method: str  # canonical API spelling, e.g. "sendMessage"
    params: dict[str, Any]
    status: int
    response: dict[str, Any] | None  # None when the connection was dropped
    fault: str | None = None  # the injected fault kind, if any
    source: str = "http"  # "http" or "webhook-reply"
    seq: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result") if self.response else None


class Journal(CallJournal[Call]):
    fold_case = True  # the Bot API looks methods up case-insensitively
