"""The `WordInfo` of a comment's words, all at once or read on demand.

`word_infos` gives every word's info, computing it for words the index has not seen (a
Latin word needs its token, for the transliteration). `OnDemandInfos` is the same list
read lazily from the index's cache: a caller that already knows which words can start a
match (a batch reader that knows every word's reach) then looks up only those and the
phrase windows after them, not every word of the comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast, overload

from classifiers.lexicon.words import WordIndex, WordInfo

if TYPE_CHECKING:
    from classifiers.normalize import Normalized

_LATIN_LETTER = re.compile("[a-z]")


def word_infos(index: WordIndex, normalized: Normalized, words: list[str]) -> list[WordInfo]:
    """Every word's `WordInfo`; new words build only their own tokens (for the
    transliteration), not the whole text's."""
    cache, info = index.cache, index.info
    try:  # ("None in" would call WordInfo.__eq__ once per word)
        return list(map(cache.__getitem__, words))
    except KeyError:
        pass
    found: list[WordInfo | None] = list(map(cache.get, words))
    missing = [i for i, known in enumerate(found) if known is None]
    # Only a word with Latin letters has a Cyrillic reading (`Token.translit`): only
    # those need their token placed.
    tokens = normalized.tokens_at(i for i in missing if _LATIN_LETTER.search(words[i]))
    for i in missing:
        token = tokens.get(i)
        found[i] = info(words[i], token.translit if token is not None else None)
    return cast(list[WordInfo], found)


class OnDemandInfos(Sequence[WordInfo]):
    """`word_infos(index, normalized, words)`, each read from the cache when asked for
    (all of them computed at the first word the cache lacks: the bounded cache may have
    started over)."""

    __slots__ = ("_all", "_index", "_normalized", "_words")

    def __init__(self, index: WordIndex, normalized: Normalized, words: list[str]) -> None:
        self._index, self._normalized, self._words = index, normalized, words
        self._all: list[WordInfo] | None = None

    def __len__(self) -> int:
        return len(self._words)

    @overload
    def __getitem__(self, at: int) -> WordInfo: ...

    @overload
    def __getitem__(self, at: slice) -> list[WordInfo]: ...

    def __getitem__(self, at: int | slice) -> WordInfo | list[WordInfo]:
        if self._all is None:
            try:
                if isinstance(at, slice):
                    return list(map(self._index.cache.__getitem__, self._words[at]))
                return self._index.cache[self._words[at]]
            except KeyError:
                self._all = word_infos(self._index, self._normalized, self._words)
        return self._all[at]
