"""Russian lemmas via pymorphy3: one analyzer for the process, results cached per word form.

The analyzer loads its dictionaries (~0.1 s, ~15 MB) on the first call, never at import.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_analyzer: Any = None
_lock = threading.Lock()


def _get_analyzer() -> Any:
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                import pymorphy3  # heavy import deferred to first use

                _analyzer = pymorphy3.MorphAnalyzer()
    return _analyzer


@lru_cache(maxsize=200_000)
def russian_lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary lemma pymorphy3 proposes for `word` (lower-cased, ё folded to е).

    Ambiguous forms give several lemmas ("суки" → "сука", "сук"); the most probable comes
    first. Non-Cyrillic or empty input gives an empty tuple.
    """
    word = word.lower().replace("ё", "е")
    if not word or not any("а" <= ch <= "я" for ch in word):
        return ()
    lemmas: list[str] = []
    for parse in _get_analyzer().parse(word):
        lemma = str(parse.normal_form).replace("ё", "е")
        if lemma not in lemmas:
            lemmas.append(lemma)
    return tuple(lemmas)
