"""What the linear models see of a text: char_wb n-grams per word plus word n-grams.

These functions reproduce scikit-learn's `TfidfVectorizer` analyzers exactly
(`analyzer="char_wb"` and the default word analyzer, both with `lowercase=False` because
the input is already normalized), so a model fitted with scikit-learn can be scored here
without scikit-learn. `FEATURE_VERSION` names this definition: change it whenever the
output of any function below changes, and every saved artifact will be refused until it
is retrained.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FEATURE_VERSION = "kuzet-tfidf-1"

# scikit-learn's default token_pattern: words of two or more word characters.
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
_TOKEN_RE = re.compile(TOKEN_PATTERN)


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """The vectorizer settings a model was trained with (stored in its metadata)."""

    char_ngrams: tuple[int, int] = (1, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    sublinear_tf: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "char_ngrams": list(self.char_ngrams),
            "word_ngrams": list(self.word_ngrams),
            "sublinear_tf": self.sublinear_tf,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpec:
        lo_c, hi_c = data["char_ngrams"]
        lo_w, hi_w = data["word_ngrams"]
        return cls(
            char_ngrams=(int(lo_c), int(hi_c)),
            word_ngrams=(int(lo_w), int(hi_w)),
            sublinear_tf=bool(data["sublinear_tf"]),
        )


def char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams scikit-learn's char_wb analyzer takes from one whitespace-free word."""
    padded = f" {word} "
    length = len(padded)
    grams: list[str] = []
    cut = padded.__getitem__
    for n in range(min_n, max_n + 1):
        if n >= length:  # the word is shorter than n: counted once, whole, as sklearn does
            grams.append(padded)
            break
        # padded[i : i + n] for every i, sliced in C (a new word costs this once)
        grams += map(cut, map(slice, range(length - n + 1), range(n, length + 1)))
    return grams


def word_tokens(words: Sequence[str]) -> list[str]:
    """The tokens scikit-learn's word analyzer takes from a text split into `words`."""
    return _TOKEN_RE.findall(" ".join(words))
