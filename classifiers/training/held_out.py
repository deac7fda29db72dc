"""Which training rows are held out: the rows of the public test splits and the gold set,
and near-copies of gold rows.

The gold set is written for the project in the seed corpus' own style, so a seed row can
repeat a gold comment with its words reordered or one word changed ("Жеңілдік карта бар ма
тұрақты клиенттерге" / "Тұрақты клиенттерге жеңілдік карта бар ма"). Exact keys do not
catch that, and a model trained on such a row is measured on what it has seen. The public
splits come from other authors: their exact keys suffice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# Share of distinct words two texts must have in common (Jaccard) to count as one comment.
NEAR_COPY = 0.6
MIN_WORDS = 3  # shorter texts share words by chance; their exact key decides


class HeldOut:
    """`key in held`: the corpus key of a training row is held out."""

    def __init__(self, keys: Iterable[str], gold_keys: Iterable[str]) -> None:
        self._keys = set(keys)
        self._gold: list[frozenset[str]] = []
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for key in gold_keys:
            self._keys.add(key)
            words = frozenset(key.split())
            if len(words) >= MIN_WORDS:
                for word in words:
                    self._by_word[word].append(len(self._gold))
                self._gold.append(words)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return key in self._keys or self._near_gold(frozenset(key.split()))

    def _near_gold(self, words: frozenset[str]) -> bool:
        if len(words) < MIN_WORDS:
            return False
        shared: dict[int, int] = defaultdict(int)
        for word in words:
            for row in self._by_word.get(word, ()):
                shared[row] += 1
        return any(
            count / len(words | self._gold[row]) >= NEAR_COPY for row, count in shared.items()
        )
