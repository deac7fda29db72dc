"""The `WordInfo` of a comment's words: read from the index's cache, computed for words
it has not seen (a Latin word needs its token, for the transliteration)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

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
