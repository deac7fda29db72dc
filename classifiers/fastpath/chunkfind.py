"""The batch front end's first compiled pass: every chunk of every text, found by hash.

A batch arrives as the code points of its texts end to end (`bounds[d]:bounds[d + 1]` is
text d). `find_chunks` cuts each text at whitespace, as `str.split()` does, and looks each
chunk up in an open-addressing table keyed by its code points (FNV-1a; each candidate is
compared point by point, so a collision costs time, never a wrong word). A chunk not in
the table gets id -1 and its span, for Python to fold once and insert (`insert_chunks`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from classifiers.model.compiled import compile_kernel

FNV_OFFSET = np.uint64(14695981039346656037)
FNV_PRIME = np.uint64(1099511628211)


def _chunk_hash(points: Any, start: int, stop: int) -> Any:
    """FNV-1a of `points[start:stop]` (numba wraps uint64 arithmetic)."""
    h = FNV_OFFSET
    for i in range(start, stop):
        h = (h ^ np.uint64(points[i])) * FNV_PRIME
    return h


def _slot(h: Any, mask: int) -> Any:
    return np.int64((h ^ (h >> np.uint64(29))) & np.uint64(mask))


def _find_chunks(
    points: Any,
    bounds: Any,
    space: Any,
    slots: Any,
    hashes: Any,
    chunk_start: Any,
    pool: Any,
) -> Any:
    """(ids, starts, ends, per-document chunk bounds): every chunk of every text, its id
    in the table (-1: not there) and its span in `points`. `space[c]` is True for the
    whitespace code points below `space.size`; `slots[s]` holds a chunk id + 1 (0: empty);
    chunk k is `pool[chunk_start[k]:chunk_start[k + 1]]` and hashes to `hashes[k]`."""
    texts = bounds.size - 1
    most = points.size // 2 + texts + 1  # a chunk and the whitespace after it: 2 points
    ids = np.empty(most, np.int64)
    starts = np.empty(most, np.int64)
    ends = np.empty(most, np.int64)
    per_text = np.empty(texts + 1, np.int64)
    mask = slots.size - 1
    found = 0
    for d in range(texts):
        per_text[d] = found
        i, stop = bounds[d], bounds[d + 1]
        while i < stop:
            c = points[i]
            if c < space.size and space[c]:
                i += 1
                continue
            first = i
            h = FNV_OFFSET
            while i < stop:
                c = points[i]
                if c < space.size and space[c]:
                    break
                h = (h ^ np.uint64(c)) * FNV_PRIME
                i += 1
            size = i - first
            chunk = -1
            s = _slot_of(h, mask)
            while slots[s] != 0:
                k = slots[s] - 1
                if hashes[k] == h and chunk_start[k + 1] - chunk_start[k] == size:
                    base = chunk_start[k]
                    same = True
                    for j in range(size):
                        if pool[base + j] != points[first + j]:
                            same = False
                            break
                    if same:
                        chunk = k
                        break
                s = (s + 1) & mask
            ids[found] = chunk
            starts[found] = first
            ends[found] = i
            found += 1
    per_text[texts] = found
    return ids[:found], starts[:found], ends[:found], per_text


def _insert_chunks(slots: Any, hashes: Any, first: int, stop: int) -> None:
    """Puts chunks first … stop - 1 (hashed in `hashes`) into `slots` (never full)."""
    mask = slots.size - 1
    for k in range(first, stop):
        s = _slot_of(hashes[k], mask)
        while slots[s] != 0:
            s = (s + 1) & mask
        slots[s] = k + 1


def _hash_chunks(pool: Any, chunk_start: Any, hashes: Any, first: int, stop: int) -> None:
    """`hashes[k]` of chunks first … stop - 1 from their code points in `pool`."""
    for k in range(first, stop):
        hashes[k] = chunk_hash(pool, chunk_start[k], chunk_start[k + 1])


# Compiled before the passes that call them (numba resolves globals at compile time).
chunk_hash = compile_kernel(_chunk_hash)
_slot_of = compile_kernel(_slot)
find_chunks = compile_kernel(_find_chunks)
insert_chunks = compile_kernel(_insert_chunks)
hash_chunks = compile_kernel(_hash_chunks)
COMPILED: bool = find_chunks is not None
