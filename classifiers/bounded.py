"""A per-string cache for detection's hot paths: a dict that computes what it lacks.

Normalization and language remember per distinct chunk, run or word what they
worked out, because comments repeat the same words. `BoundedCache` is a plain dict on a
hit — `cache[key]` and `map(cache.__getitem__, keys)` stay in C — and on a miss calls
its `compute` (dict's `__missing__` hook), keeps the value, and when it holds `limit`
entries starts over: a bound on memory that a working vocabulary refills quickly, and
cheaper to keep than any eviction order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(dict[K, V]):
    """`cache[key]` is `compute(key)`, computed once while it stays cached."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        value = self._compute(key)
        if len(self) >= self._limit:
            self.clear()
        self[key] = value
        return value
