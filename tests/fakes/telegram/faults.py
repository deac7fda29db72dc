"""Fault injection: the next N calls of a method fail in a chosen, realistic way.

Faults are queued FIFO per method (lower-cased) and consumed one per call. Except `slow`
and `lost_answer`, a faulted call is not executed — exactly what a client sees when
Telegram rejects it; those two run the method, so a retry meets the changed world.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    RETRY_AFTER = "retry_after"  # 429 Too Many Requests, parameters.retry_after
    SERVER_ERROR = "server_error"  # 500 Internal Server Error
    RESTARTING = "restarting"  # 500 "... restart" → aiogram RestartingTelegram
    BAD_GATEWAY = "bad_gateway"  # 502 with an HTML page (non-JSON)
    DROP = "drop"  # the connection is closed without an answer
    LOST_ANSWER = "lost_answer"  # executed, then the connection drops before the answer
    SLOW = "slow"  # answered (and executed) after `delay` real seconds
    ERROR = "error"  # any Bot API error: `code` + `reason`, e.g. 400 "not enough rights"


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    retry_after: int = 1
    delay: float = 0.0
    code: int = 400
    reason: str = ""


class FaultPlan:
    def __init__(self) -> None:
        self._queued: defaultdict[str, deque[Fault]] = defaultdict(deque)

    def add(self, method: str, fault: Fault, times: int = 1) -> None:
        self._queued[method.lower()].extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        queue = self._queued.get(method.lower())
        return queue.popleft() if queue else None

    def pending(self, method: str) -> int:
        return len(self._queued.get(method.lower(), ()))

    def clear(self) -> None:
        self._queued.clear()
