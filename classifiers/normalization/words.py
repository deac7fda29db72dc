"""Word folding: one written word (already character-folded) to its normalized form(s).

A word here is a run of letters, digits and masking characters (* # % & @ $ ! . ") cut out
of the text by `document`. Its letters decide how it is read:
- mostly Cyrillic (Latin letters that look Cyrillic are no evidence either way): every
  foreign letter, look-alike digit and $/! becomes the Cyrillic letter it imitates; "@" and
  "0" past the first letter, and other masking characters, become "*" ("бл@дь" → "бл*дь",
  "xуй", "3ае6ал", "х..ню" → "х**ню");
- mostly Latin: Cyrillic stragglers that look Latin become Latin, leet digits become
  letters ("q0taq"), and the word gets a Cyrillic `translit` ("blyat" → "блят");
- digits at the edge of a word are a separate number ("2х", "вася1990", "1раз", "3дня")
  unless one look-alike digit next to two letters plays a letter ("бл9", "6лин", "3аебал");
- masking characters at the edges go ("*текст*" is emphasis, "@user" a mention) except
  trailing stars ("х**") and @/$ that read as letters.
Then letter repeats collapse to one letter. Results are cached per distinct word, and every
rule is written so that folding a result again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import methodcaller
from typing import NamedTuple

from classifiers.bounded import BoundedCache
from classifiers.normalization.lookalikes import IN_CYRILLIC_TABLE, IN_LATIN_TABLE, latin_reading

MASKS = "*#%&@$!"
# Masks become "*"; a bracket inside a word is dropped ("ч)урка", "хо(х)луш").
_MASK_TABLE = str.maketrans({**dict.fromkeys('#%&@$."', "*"), ")": None, "(": None})
# "@" or a lone "0" (not a digit of a number: "менде100000кубк") past the first letter
_LONE_MASK = re.compile(r"@|(?<!\d)0(?!\d)")
_CYR = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STRONG_LATIN = re.compile(r"[dfgijlnqrsuvwz]")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[a-z]")
_EDGE_DIGITS = re.compile(r"\A\d+|\d+\Z")
_START_DIGITS, _START_BEFORE_VOWEL, _END_DIGITS = "06", "34", "069"
_VOWELS = "аеиоуыэюяaeoyuAEOYUАЕИОУЫЭЮЯ"
_REPEAT = re.compile(r"([^\W\d_])\1+")
# A word of Cyrillic letters alone (most words): no look-alike, mask, digit or Latin
# reading applies, so it folds to itself in lower case, repeats collapsed, as `_fold`
# would fold it step by step.
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
# The replacement as a C-level callable: a template string ("\\1") sends every sub()
# call through the re module's Python template code, match or not.
_FIRST_GROUP = methodcaller("group", 1)


class Piece(NamedTuple):
    """One normalized word inside a written word, with its offsets in that word."""

    text: str
    script: str
    translit: str | None
    start: int
    end: int


def _collapse(text: str) -> str:
    """Letter repeats as one letter ("оооочень" → "очень")."""
    return _REPEAT.sub(_FIRST_GROUP, text)


def latin_translit(text: str) -> str:
    """The Cyrillic reading of a normalized Latin word ("blyaat" → "блят")."""
    return _collapse(latin_reading(text))


def _fold(word: str) -> tuple[Piece, ...]:
    if _CYRILLIC_WORD.fullmatch(word):
        return (Piece(_collapse(word.lower()), "cyr", None, 0, len(word)),)
    # Counted on the lower-cased, de-repeated word so that folding the output again takes
    # the same branch (idempotence): Latin letters that look Cyrillic are no evidence.
    plain = _collapse(word.lower())
    n_cyr = len(_CYR.findall(plain))
    n_strong = len(_STRONG_LATIN.findall(plain))
    cyrillic = n_cyr > 0 and n_strong <= n_cyr
    return tuple(_pieces(word, 0, len(word), cyrillic))


def _pieces(word: str, start: int, end: int, cyrillic: bool) -> list[Piece]:
    """Numbers at the edges split off, masks at the edges dropped, until neither changes."""
    start, end = _unmasked(word, start, end, cyrillic)
    core = word[start:end]
    if not core:
        return []
    before: list[Piece] = []
    after: list[Piece] = []
    inner_start, inner_end = start, end
    for m in _EDGE_DIGITS.finditer(core):
        first, last = start + m.start(), start + m.end()
        if m.start() == 0 and m.end() == len(core):
            return [Piece(m.group(), "num", None, first, last)]
        at_start = m.start() == 0
        if cyrillic and _disguised_letter(word, first, last, at_start):
            continue  # folded with the rest of the word
        if at_start:
            before.append(Piece(m.group(), "num", None, first, last))
            inner_start = last
        else:
            after.append(Piece(m.group(), "num", None, first, last))
            inner_end = first
    if (inner_start, inner_end) != (start, end):
        return before + _pieces(word, inner_start, inner_end, cyrillic) + after
    letters = _letters(word, start, end, cyrillic)
    return [letters] if letters is not None else []


def _disguised_letter(word: str, start: int, end: int, at_start: bool) -> bool:
    """Is a digit at the edge of a Cyrillic word a letter ("6лин", "3аебал", "бл9")?

    Only single digits next to two letters, and only those that rarely start or end a
    real word-with-number: "1раз", "3дня", "2х" stay numbers.
    """
    if end - start != 1:
        return False
    digit = word[start]
    if at_start:
        after = word[end : end + 2]
        if len(_LETTER.findall(after)) != 2:
            return False
        return digit in _START_DIGITS or (digit in _START_BEFORE_VOWEL and after[0] in _VOWELS)
    return digit in _END_DIGITS and len(_LETTER.findall(word[start - 2 : start])) == 2


def _unmasked(word: str, start: int, end: int, cyrillic: bool) -> tuple[int, int]:
    """Bounds without masking characters at the edges, except those that mean a letter.

    "*текст*" is emphasis and "@user" a mention; "х**" and "бл*" are masked words, and
    "@хуеть"/"бл@" use @ and $ as Cyrillic letters.
    """
    core = word[start:end]
    lead = len(core) - len(core.lstrip(MASKS))
    # kept: "@"/"$" reading as letters, and two or more stars before a Cyrillic word
    # that ends unmasked ("***ло": one star is a typo fix, "*привет")
    masked_start = (
        cyrillic and lead >= 2 and core[:lead].strip("*#") == "" and core[-1] not in MASKS
    )
    if lead and not (cyrillic and core[:lead].strip("@$") == "") and not masked_start:
        core, start = core[lead:], start + lead
    else:
        lead = 0
    trail = len(core) - len(core.rstrip(MASKS))
    if trail:
        tail = core[-trail:]
        masked_end = lead == 0 and tail.strip("*#") == ""
        if not (masked_end or (cyrillic and tail.strip("@$") == "")):
            end -= trail
    return start, end


def _letters(word: str, start: int, end: int, cyrillic: bool) -> Piece | None:
    core = word[start:end]
    if not _LETTER.search(core):
        return None
    if cyrillic:
        # Past the first letter, "@" and "0" are masks like "*" (the lexicon tries every
        # letter, their look-alikes а/о among them): "бл@дь", "бл*дь" and "бл0дь" read alike.
        # At the start they stay letters ("@хуеть"): a leading "*" is a typo fix ("*привет").
        folded = (core[0] + _LONE_MASK.sub("*", core[1:])).translate(IN_CYRILLIC_TABLE)
        text = _collapse(folded.lower().translate(_MASK_TABLE))
        return Piece(text, "cyr" if folded == core else "mixed", None, start, end)
    if _LATIN.search(core):
        lowered = core.lower()
        latin = lowered.translate(IN_LATIN_TABLE)
        text = _collapse(latin.translate(_MASK_TABLE))
        translit = latin_translit(text) if _ASCII_LETTER.search(text) else None
        script = "mixed" if latin != lowered or _CYR.search(text) else "latn"
        return Piece(text, script, translit, start, end)
    text = _collapse(core.lower().translate(_MASK_TABLE))
    return Piece(text, "latn", None, start, end)


# A Piece as a plain tuple (text, script, translit, start, end): the cache below keeps
# tens of thousands of them, and the cyclic GC stops tracking a plain tuple of strings and
# ints, where it re-scans every NamedTuple at each full collection (a third of its time).
PieceRow = tuple[str, str, str | None, int, int]


def _fold_rows(word: str) -> tuple[PieceRow, ...]:
    return tuple(map(tuple, _fold(word)))  # type: ignore[arg-type]


# The normalized pieces of one written word (usually one, none for "***"), cached.
fold_word: Callable[[str], tuple[PieceRow, ...]] = BoundedCache(_fold_rows, 50_000).__getitem__
