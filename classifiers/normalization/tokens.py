"""The result types of normalization: a token (one word with its span) and the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple


class Token(NamedTuple):
    """One normalized word and where it was written (immutable, compared by value).

    `text` is lower-case, ё→е, invisible and combining characters removed, look-alikes
    folded, repeats collapsed, spelled-out letters joined, masking characters as "*";
    Kazakh letters are kept. `start`/`end` index the original text. `script` is "cyr",
    "latn" (Latin, or another non-Cyrillic alphabet), "mixed" (disguised: foreign letters,
    digits or symbols inside) or "num". `translit` is the Cyrillic reading of a Latin word.

    A NamedTuple rather than a frozen dataclass: tokens are built by the tens per comment
    and a tuple is built in C (`tuple(map(TOKEN_FROM_ROW, rows))`), which took normalize
    from ~95 to ~58 µs per comment; a frozen dataclass's __init__ sets every field through
    object.__setattr__.
    """

    text: str
    start: int
    end: int
    script: str
    translit: str | None = None


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text as the detectors see it; `text` is the tokens' texts joined by spaces."""

    original: str
    text: str
    tokens: tuple[Token, ...]
    truncated: bool


# Token from a (text, start, end, script, translit) tuple, entirely in C.
TOKEN_FROM_ROW: Callable[[tuple[str, int, int, str, str | None]], Token] = partial(
    tuple.__new__, Token
)


# Normalized(...) without the frozen-dataclass overhead of object.__setattr__ per field.
_NORMALIZED_SETTERS = tuple(
    Normalized.__dict__[name].__set__ for name in ("original", "text", "tokens", "truncated")
)


def make_normalized(
    original: str, text: str, tokens: tuple[Token, ...], truncated: bool
) -> Normalized:
    """Normalized(original, text, tokens, truncated), built by setting its slots directly."""
    set_original, set_text, set_tokens, set_truncated = _NORMALIZED_SETTERS
    normalized: Normalized = object.__new__(Normalized)
    set_original(normalized, original)
    set_text(normalized, text)
    set_tokens(normalized, tokens)
    set_truncated(normalized, truncated)
    return normalized
