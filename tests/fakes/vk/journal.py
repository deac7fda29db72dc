"""The fake VK's journal: every API call, long-poll answer and callback push, plus waits.

Tests synchronise on the journal (`wait_for_call`) instead of sleeping; waits are built on
an `asyncio.Condition` notified on every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.call_journal import CallJournal


@dataclass
class Call:
    method: str  # exact VK spelling ("wall.deleteComment"), or "longpoll" / "callback"
    params: dict[str, Any]  # type-coerced: digit strings become ints
    response: Any  # the JSON body sent (API / long poll) or the bot's answer text (callback)
    token: str | None = None
    status: int = 200
    fault: str | None = None
    seq: int = 0

    @property
    def ok(self) -> bool:
        if self.method == "callback":
            return self.status == 200 and self.response == "ok"
        return (
            isinstance(self.response, dict)
            and "error" not in self.response
            and (self.status == 200)
        )

    @property
    def error_code(self) -> int | None:
        if isinstance(self.response, dict) and "error" in self.response:
            return int(self.response["error"]["error_code"])
        return None


class Journal(CallJournal[Call]):
    """VK method names are case-sensitive."""
