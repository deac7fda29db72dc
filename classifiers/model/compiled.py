"""numba, optional: the model's kernels are compiled with it when it is installed.

Without numba the library still works, slower: `BatchScorer` keeps its numpy path and
`WordTable` its Python one. `compile_kernel` is the one place that decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _njit() -> Any:
    try:  # an optional accelerator
        from numba import njit
    except ImportError:  # pragma: no cover - exercised where numba is missing
        return None
    return njit


_NJIT = _njit()


def compile_kernel(function: Callable[..., Any]) -> Any:
    """`function` compiled (cached on disk, releasing the GIL), or None without numba."""
    if _NJIT is None:  # pragma: no cover - exercised where numba is missing
        return None
    return _NJIT(cache=True, nogil=True)(function)
