"""BoundedCache: computes each key once, keeps at most `limit` entries."""

from __future__ import annotations

from classifiers.bounded import BoundedCache


def test_a_key_is_computed_once_and_a_full_cache_starts_over() -> None:
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    cache: BoundedCache[str, int] = BoundedCache(compute, limit=3)
    assert list(map(cache.__getitem__, ["a", "bb", "a", "ccc", "bb"])) == [1, 2, 1, 3, 2]
    assert calls == ["a", "bb", "ccc"]
    assert cache["dddd"] == 4  # the fourth key: the cache was full, it started over
    assert dict(cache) == {"dddd": 4}
    assert cache["a"] == 1 and calls[-1] == "a"  # forgotten, computed again
    assert "zz" not in cache and cache.get("zz") is None  # only [] computes
