"""The result types of normalization: a token (one word with its span) and the document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Token:
    """One normalized word and where it was written.

    `text` is lower-case, ё→е, invisible and combining characters removed, look-alikes
    folded, repeats collapsed, spelled-out letters joined, masking characters as "*";
    Kazakh letters are kept. `start`/`end` index the original text. `script` is "cyr",
    "latn" (Latin, or another non-Cyrillic alphabet), "mixed" (disguised: foreign letters,
    digits or symbols inside) or "num". `translit` is the Cyrillic reading of a Latin word.
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


# A frozen dataclass's __init__ goes through object.__setattr__ once per field, ~5x slower
# than setting the slots directly, and tokens are built by the tens per comment.
TOKEN_SETTERS = (
    object.__new__,
    *(Token.__dict__[name].__set__ for name in ("text", "start", "end", "script", "translit")),
)


def make_token(text: str, start: int, end: int, script: str, translit: str | None) -> Token:
    """Token(...) without the frozen-dataclass overhead; equal to the regular construction."""
    new, set_text, set_start, set_end, set_script, set_translit = TOKEN_SETTERS
    token: Token = new(Token)
    set_text(token, text)
    set_start(token, start)
    set_end(token, end)
    set_script(token, script)
    set_translit(token, translit)
    return token
