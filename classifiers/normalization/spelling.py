"""Spelled-out words: single letters written apart that are one word ("х у й", "п.и.з.д.е.ц").

Two rules, applied in this order:
- a chain of single letters linked by one and the same character — "." (two letters are
  enough: "т.е.", "т.д." become the words "те", "тд") or "-", "_", "·" (three or more:
  "б-л-я", "с_у_к_а") — is one word;
- among what remains, a run of four or more single-letter words is one word ("с у к а"),
  and so is a run of three unless it starts with a letter that is a word on its own
  ("х у й", "б л я" join; "а я в шоке", "я и ты" stay apart).
The second rule looks at the token texts only, never at what separated them, so that
normalizing the normalized text changes nothing.
"""

from __future__ import annotations

import re

from classifiers.normalization.characters import fold_run
from classifiers.normalization.tokens import Token
from classifiers.normalization.words import fold_word

# One-letter words of their own: three in a row starting with one are not joined.
STANDALONE_LETTERS = frozenset("аивскуояжaiu")
_DOT_CHAIN, _OTHER_CHAIN, _SPACED = 2, 3, 3
_LINKS = frozenset(".-_·")
_NOT_LETTER = re.compile(r"[\W\d_]")
# The first rule needs two single-letter words side by side with a dot written tightly
# between two characters somewhere; the second needs three single-letter words. Regexes
# that start with a literal space find them (or not) in a couple of microseconds, so the
# common comment — Russian has "и в", "а я" everywhere — costs no more.
_PAIR = re.compile(r" [^\W\d_] [^\W\d_] ")
_TRIPLE = re.compile(r" [^\W\d_] [^\W\d_] [^\W\d_] ")
# Starts with the literal dot, so the engine jumps from dot to dot instead of trying a
# pattern at every character (bench/README.md, "Dots between letters").
_TIGHT_DOT = re.compile(r"\.(?<=\S\.)(?=\S)")


def maybe_spelled(joined: str, body: str) -> bool:
    """False when `join_spelled_out` certainly has nothing to do for these token texts
    (`joined`, space-separated) of this written text (`body`)."""
    padded = f" {joined} "
    if not one_character_pair(padded) or _PAIR.search(padded) is None:
        return False
    return _TRIPLE.search(padded) is not None or _TIGHT_DOT.search(body) is not None


def one_character_pair(text: str) -> bool:
    """True when some " x y " (two one-character words side by side) is in `text`; may be
    true without one (three spaces at every other character), never false with one.

    " x y " has spaces two and four characters after its first, so every other character
    of the text, taken from the right parity, holds three spaces in a row: two strided
    copies and two substring searches, where a regex starting with a space enters its
    matcher at every space (~8,000 instructions a comment). Most comments have none.
    """
    return "   " in text[::2] or "   " in text[1::2]


def join_spelled_out(body: str, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens with spelled-out words re-joined."""
    chained = list(join_chains(body, tokens))
    texts = [t.text for t in chained]
    return tuple(_join(body, chained, texts, _spaced(texts))[0])


def join_chains(body: str, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The first rule alone: chains of single letters linked by one character joined.
    What links two letters holds no whitespace, so a chain lies within one whitespace-free
    chunk, and a chunk's chains can be joined on the chunk alone."""
    texts = [t.text for t in tokens]
    return tuple(_join(body, list(tokens), texts, _chains(body, list(tokens), texts))[0])


def single_letter(text: str) -> bool:
    """One letter (what the rules join)."""
    return len(text) == 1 and text.isalpha()


def _chains(body: str, tokens: list[Token], texts: list[str]) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not single_letter(texts[i]):
            i += 1
            continue
        j, link = i + 1, ""
        while j < n and single_letter(texts[j]):
            sep = body[tokens[j - 1].end : tokens[j].start]
            if sep not in _LINKS or (link and sep != link):
                break
            link, j = sep, j + 1
        if j - i >= (_DOT_CHAIN if link == "." else _OTHER_CHAIN):
            groups.append((i, j))
        i = j
    return groups


def _spaced(texts: list[str]) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    i, n = 0, len(texts)
    while i < n:
        j = i
        while j < n and single_letter(texts[j]):
            j += 1
        if j - i > _SPACED or (j - i == _SPACED and texts[i] not in STANDALONE_LETTERS):
            groups.append((i, j))
        i = max(j, i + 1)
    return groups


def _join(
    body: str, tokens: list[Token], texts: list[str], groups: list[tuple[int, int]]
) -> tuple[list[Token], list[str]]:
    if not groups:
        return tokens, texts
    out_tokens: list[Token] = []
    out_texts: list[str] = []
    done = 0
    for i, j in groups:
        joined = _joined(body, tokens[i:j])
        if joined is None:
            continue
        out_tokens.extend(tokens[done:i])
        out_texts.extend(texts[done:i])
        out_tokens.append(joined)
        out_texts.append(joined.text)
        done = j
    out_tokens.extend(tokens[done:])
    out_texts.extend(texts[done:])
    return out_tokens, out_texts


def _joined(body: str, tokens: list[Token]) -> Token | None:
    # the letters as written (case and script kept), so "x y й" folds like "xyй" would
    written = "".join(_NOT_LETTER.sub("", fold_run(body[t.start : t.end])[0]) for t in tokens)
    pieces = fold_word(written)
    if len(pieces) != 1:
        return None
    text, script, translit, _, _ = pieces[0]
    return Token(text, tokens[0].start, tokens[-1].end, script, translit)
