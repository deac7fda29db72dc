"""The result types of normalization: a token (one word with its span) and the document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from classifiers.normalization.stretches import Join


class Token(NamedTuple):
    """One normalized word and where it was written (immutable, compared by value).

    `text` is lower-case, ё→е, invisible and combining characters removed, look-alikes
    folded, repeats collapsed, spelled-out letters joined, masking characters as "*";
    Kazakh letters are kept. `start`/`end` index the original text. `script` is "cyr",
    "latn" (Latin, or another non-Cyrillic alphabet), "mixed" (disguised: foreign letters,
    digits or symbols inside) or "num". `translit` is the Cyrillic reading of a Latin word.

    A NamedTuple rather than a frozen dataclass: tokens are built by the tens per comment
    and a tuple is built in C (`tuple(map(TOKEN_FROM_ROW, rows))`), while a frozen
    dataclass's __init__ sets every field through object.__setattr__ (bench/README.md,
    "Tokens as tuples").
    """

    text: str
    start: int
    end: int
    script: str
    translit: str | None = None


class Normalized:
    """A text as the detectors see it; `text` is the tokens' texts joined by spaces.

    Immutable and compared by value. `tokens` (with their spans) are what a card needs to
    quote a match, but most comments match nothing: `normalize` may leave them to be
    computed on first access by `tokenize` (the same folding, so the same result), which
    makes the common comment several times cheaper to normalize.
    """

    __slots__ = (
        "_chunks",
        "_joins",
        "_tokens",
        "_words",
        "original",
        "text",
        "truncated",
    )

    original: str
    text: str
    truncated: bool
    _tokens: tuple[Token, ...] | None
    _words: list[str] | None
    # The whitespace-separated chunks `normalize` read and each one's words (they place a
    # few tokens cheaply), and the spelled-out words it joined (which shift word indexes
    # against the chunks'); None: not known, `tokens_at` takes the safe path.
    _chunks: tuple[list[str], list[tuple[str, ...]]] | None
    _joins: tuple[Join, ...] | None

    def __init__(
        self,
        original: str,
        text: str,
        tokens: tuple[Token, ...] | None,
        truncated: bool,
        words: list[str] | None = None,
        chunks: tuple[list[str], list[tuple[str, ...]]] | None = None,
        joins: tuple[Join, ...] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "original", original)
        set_(self, "text", text)
        set_(self, "_tokens", tokens)
        set_(self, "truncated", truncated)
        set_(self, "_words", words)
        set_(self, "_chunks", chunks)
        set_(self, "_joins", joins)

    @property
    def tokens(self) -> tuple[Token, ...]:
        tokens = self._tokens
        if tokens is None:
            from classifiers.normalization.document import tokenize  # a cycle at import

            tokens = tokenize(self.original)
            object.__setattr__(self, "_tokens", tokens)
        return tokens

    @property
    def words(self) -> list[str]:
        """`text.split()`, computed once: the tokens' texts, read by every detection step.
        A shared list: callers must not modify it."""
        words = self._words
        if words is None:
            words = self.text.split()
            object.__setattr__(self, "_words", words)
        return words

    def tokens_at(self, indexes: Iterable[int]) -> dict[int, Token]:
        """Some of `tokens` by index; cheaper than `tokens` while those are not computed."""
        tokens, joins = self._tokens, self._joins
        if tokens is None and joins is not None and self._chunks is not None:
            document = _document()
            chunks, folded = self._chunks
            if joins:
                placed = document.joined_tokens_at(self.original, indexes, joins, chunks, folded)
            else:
                placed = document.tokens_at(self.original, indexes, chunks, folded)
            return cast("dict[int, Token]", placed)
        tokens = self.tokens
        return {i: tokens[i] for i in indexes}

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Normalized is immutable (tried to set {name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalized):
            return NotImplemented
        return (self.original, self.text, self.truncated, self.tokens) == (
            other.original,
            other.text,
            other.truncated,
            other.tokens,
        )

    def __hash__(self) -> int:
        return hash((self.original, self.text, self.truncated))

    def __repr__(self) -> str:
        return (
            f"Normalized(original={self.original!r}, text={self.text!r}, "
            f"tokens={self.tokens!r}, truncated={self.truncated!r})"
        )


def _document() -> ModuleType:
    """The `document` module, which imports this one (hence not at the top). Kept after
    the first call: an import statement costs some 2,000 instructions even when the
    module is loaded, and `tokens_at` runs for every comment with a match."""
    global _DOCUMENT
    if _DOCUMENT is None:
        from classifiers.normalization import document

        _DOCUMENT = document
    return _DOCUMENT


_DOCUMENT: ModuleType | None = None


# Token from a (text, start, end, script, translit) tuple, entirely in C.
TOKEN_FROM_ROW: Callable[[tuple[str, int, int, str, str | None]], Token] = partial(
    tuple.__new__, Token
)
