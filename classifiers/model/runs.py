"""Runs of equal values in sorted integer arrays, and CSR row gathers: the grouping steps
of batch scoring, each a few numpy calls over the whole batch."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Ints = npt.NDArray[np.integer[Any]]
ArrayT = TypeVar("ArrayT", npt.NDArray[np.uint32], npt.NDArray[np.int32])


def gather(flat: ArrayT, start: IntArray, length: IntArray) -> ArrayT:
    """The CSR rows start/length of `flat`, laid end to end."""
    total = int(length.sum())
    ends = np.cumsum(length)
    at = np.repeat(start - ends + length, length)
    at += np.arange(total)
    result: ArrayT = flat[at]
    return result


def run_bounds(ordered: Ints) -> IntArray:
    """The start of every run of equal values in a sorted array, then its size (so that
    consecutive differences are the runs' lengths)."""
    size = ordered.size
    flag = np.empty(size + 1, dtype=np.bool_)
    flag[0] = True
    flag[size] = True
    np.not_equal(ordered[1:], ordered[:-1], out=flag[1:size])
    bounds: IntArray = flag.nonzero()[0]
    return bounds


def runs_starts(ordered: Ints) -> tuple[Ints, IntArray]:
    """The distinct values of a sorted array and where each run of them starts."""
    starts = run_bounds(ordered)[:-1]
    return ordered[starts], starts


def runs(ordered: Ints) -> tuple[Ints, IntArray]:
    """The distinct values of a sorted array and how often each occurs."""
    bounds = run_bounds(ordered)
    starts = bounds[:-1]
    return ordered[starts], bounds[1:] - starts
