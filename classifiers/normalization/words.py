"""Word folding: one written word (already character-folded) to its normalized form(s).

A word here is a run of letters, digits and masking characters (* # % & @ $) cut out of
the text by `document`. Its letters decide how it is read:
- mostly Cyrillic: every foreign letter, look-alike digit and @/$ becomes the Cyrillic
  letter it imitates, other masking characters become "*" ("п*зд@", "xуй", "3ае6ал");
- mostly Latin: Cyrillic stragglers become Latin ("blуat"), and the word gets a Cyrillic
  `translit` ("blyat" → "блят");
- digits at the edge of a word are a separate number ("2х", "вася1990") unless a single
  look-alike digit finishes a Cyrillic word ("бл9", "3ашибись").
Then letter repeats collapse to one letter. Results are cached per distinct word.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from classifiers.normalization.lookalikes import (
    IN_CYRILLIC_TABLE,
    IN_LATIN_TABLE,
    LOOKALIKE_DIGITS,
    latin_reading,
)

MASKS = "*#%&@$!"
_MASK_TABLE = str.maketrans(dict.fromkeys("#%&@$", "*"))
_CYR = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STRONG_LATIN = re.compile(r"[dfgijlnqrsuvwz]")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[a-z]")
_EDGE_DIGITS = re.compile(r"^\d+|\d+$")
_REPEAT = re.compile(r"([^\W\d_])\1+")

_CACHE: dict[str, tuple[Piece, ...]] = {}
_CACHE_LIMIT = 200_000


class Piece(NamedTuple):
    """One normalized word inside a written word, with its offsets in that word."""

    text: str
    script: str
    translit: str | None
    start: int
    end: int


def latin_translit(text: str) -> str:
    """The Cyrillic reading of a normalized Latin word ("blyaat" → "блят")."""
    return _REPEAT.sub(r"\1", latin_reading(text))


def fold_word(word: str) -> tuple[Piece, ...]:
    """The normalized pieces of one written word (usually one, none for "***")."""
    cached = _CACHE.get(word)
    if cached is None:
        cached = _fold(word)
        if len(_CACHE) < _CACHE_LIMIT:
            _CACHE[word] = cached
    return cached


def _fold(word: str) -> tuple[Piece, ...]:
    # Counted on the lower-cased, de-repeated word so that folding the output again takes
    # the same branch (idempotence): Latin letters that look Cyrillic are no evidence.
    plain = _REPEAT.sub(r"\1", word.lower())
    n_cyr = len(_CYR.findall(plain))
    n_strong = len(_STRONG_LATIN.findall(plain))
    cyrillic = n_cyr > 0 and n_strong <= n_cyr
    pieces: list[Piece] = []
    start, end = 0, len(word)
    for m in _EDGE_DIGITS.finditer(word):
        digits = m.group()
        if m.start() == 0 and m.end() == len(word):
            return (Piece(digits, "num", None, 0, len(word)),)
        at_start = m.start() == 0
        neighbours = word[m.end() : m.end() + 2] if at_start else word[m.start() - 2 : m.start()]
        if (
            cyrillic
            and len(digits) == 1
            and digits in LOOKALIKE_DIGITS
            and len(_LETTER.findall(neighbours)) == 2
        ):
            continue  # a disguised letter, folded with the rest of the word
        pieces.append(Piece(digits, "num", None, m.start(), m.end()))
        if at_start:
            start = m.end()
        else:
            end = m.start()
    letters = _letters(word, start, end, cyrillic)
    if letters is not None:
        pieces.append(letters)
    pieces.sort(key=lambda p: p.start)
    return tuple(pieces)


def _letters(word: str, start: int, end: int, cyrillic: bool) -> Piece | None:
    core = word[start:end]
    lead = len(core) - len(core.lstrip(MASKS))
    if lead and not (cyrillic and core[:lead].strip("@$") == ""):
        core, start = core[lead:], start + lead  # "*текст*" is emphasis, "@user" a mention
    else:
        lead = 0
    trail = len(core) - len(core.rstrip(MASKS))
    if trail:
        tail = core[-trail:]
        masked_end = lead == 0 and tail.strip("*#") == ""  # "х**", "бл*"
        if not (masked_end or (cyrillic and tail.strip("@$") == "")):
            core, end = core[:-trail], end - trail
    if not _LETTER.search(core):
        return None
    if cyrillic:
        folded = core.translate(IN_CYRILLIC_TABLE)
        text = _REPEAT.sub(r"\1", folded.lower().translate(_MASK_TABLE))
        return Piece(text, "cyr" if folded == core else "mixed", None, start, end)
    if _LATIN.search(core):
        lowered = core.lower()
        latin = lowered.translate(IN_LATIN_TABLE)
        text = _REPEAT.sub(r"\1", latin.translate(_MASK_TABLE))
        translit = latin_translit(text) if _ASCII_LETTER.search(text) else None
        script = "mixed" if latin != lowered or _CYR.search(text) else "latn"
        return Piece(text, script, translit, start, end)
    text = _REPEAT.sub(r"\1", core.lower().translate(_MASK_TABLE))
    return Piece(text, "latn", None, start, end)
