"""Fault injection for the fake VK: API errors, HTTP 5xx, slow answers, long-poll `failed`.

Faults are FIFO per method and fire `times` times; `match` narrows them to calls whose
params equal the given values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fault:
    method: str
    kind: str  # "error" | "http" | "slow"
    code: int = 0  # VK error code, or HTTP status for kind "http"
    delay: float = 0.0
    times: int = 1
    match: dict[str, Any] = field(default_factory=dict)


@dataclass
class FaultBook:
    faults: list[Fault] = field(default_factory=list)
    longpoll: list[int] = field(default_factory=list)  # queued `failed` codes

    def add(self, fault: Fault) -> None:
        self.faults.append(fault)

    def take(self, method: str, params: dict[str, Any]) -> list[Fault]:
        """The faults firing for this call: at most one slow plus one error/http, FIFO."""
        fired: list[Fault] = []
        for kind_group in (("slow",), ("error", "http")):
            for fault in self.faults:
                if (
                    fault.kind in kind_group
                    and fault.method == method
                    and all(params.get(k) == v for k, v in fault.match.items())
                ):
                    fault.times -= 1
                    fired.append(fault)
                    break
        self.faults = [f for f in self.faults if f.times > 0]
        return fired
