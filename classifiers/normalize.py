"""Normalization, the first step of detection: what was typed → the words that were meant.

Folds what people do to dodge filters (look-alike letters and digits, masks, repeats,
spelled-out letters, invisible and combining characters, Russian typed in Latin) and keeps
each word's span in the original text. Texts longer than MAX_ANALYZED_CHARS (10,000)
characters are cut to that length and flagged `truncated`. The work lives in
`classifiers.normalization`; this module is the stable import path.
"""

from classifiers.normalization.document import MAX_ANALYZED_CHARS, normalize
from classifiers.normalization.lookalikes import KAZAKH_LETTERS, fold_kazakh
from classifiers.normalization.tokens import Normalized, Token

__all__ = [
    "KAZAKH_LETTERS",
    "MAX_ANALYZED_CHARS",
    "Normalized",
    "Token",
    "fold_kazakh",
    "normalize",
]
