"""Character folding: the first step of normalization, before words are looked at.

Each raw character maps to zero or more characters: NFKC (full-width, ligatures,
mathematical letters), ё→е, diacritics dropped from Latin letters, and everything invisible
or decorative deleted: zero-width and format characters (ZWSP, ZWJ, bidi overrides, BOM,
soft hyphen), controls (NUL), lone surrogates, private-use and unassigned code points,
combining marks (zalgo). Case is kept here: look-alike folding in `words` depends on it
(a capital "B" reads as "В", a small "b" as "б").

A run made only of plain Russian/Kazakh/ASCII letters takes a fast path that needs no
per-character work; everything else is folded char by char, with the answer per distinct
character cached.
"""

from __future__ import annotations

import re
import unicodedata

# Letters whose decomposition must survive: й is и + breve, and Kazakh letters have none.
_KEEP = frozenset("йЙ")
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Mc", "Zl", "Zp"})
_BREVE = "\u0306"

SIMPLE_RUN = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
YO_TABLE = str.maketrans({"ё": "е", "Ё": "Е"})

# Latin letters whose marks carry a sound the bare letter lacks (Kazakh 2021, Turkish):
# spelled as Russian and Kazakh typed in Latin spell them, so that "şeşe" reads "sheshe".
_SPELLED = {"ş": "sh", "Ş": "Sh", "ç": "ch", "Ç": "Ch", "ı": "i", "İ": "I"}

_PI = frozenset({"3.14", "3,14"})

_CHAR_CACHE: dict[str, str] = {}
_CHAR_CACHE_LIMIT = 20_000


def fold_char(ch: str) -> str:
    """What one raw character becomes (possibly nothing, possibly several characters)."""
    cached = _CHAR_CACHE.get(ch)
    if cached is not None:
        return cached
    spelled = _SPELLED.get(ch)
    if spelled is not None:
        return spelled
    out: list[str] = []
    for c in unicodedata.normalize("NFKC", ch):
        if unicodedata.category(c) in _DROP_CATEGORIES:
            continue
        if c in _KEEP:
            out.append(c)
            continue
        decomposed = unicodedata.normalize("NFD", c)
        out.extend(d for d in decomposed if unicodedata.category(d) not in _DROP_CATEGORIES)
    folded = "".join(out).translate(YO_TABLE)
    if len(_CHAR_CACHE) < _CHAR_CACHE_LIMIT:
        _CHAR_CACHE[ch] = folded
    return folded


def fold_run(run: str) -> tuple[str, list[int], list[int]]:
    """Fold a whitespace-free run; also where each folded char came from in `run`.

    Returns (folded, starts, ends): folded[i] comes from run[starts[i]:ends[i]]; a deleted
    character (a combining mark, a zero-width space) widens the span of the character
    before it, so a zalgo letter's span covers its marks.
    """
    if run[:4] in _PI:
        # "3.14" spells "пи" ("3.14здец"), a replacement rule of Russian mat word lists
        rest, rest_starts, rest_ends = fold_run(run[4:])
        return (
            "пи" + rest,
            [0, 2, *(i + 4 for i in rest_starts)],
            [2, 4, *(i + 4 for i in rest_ends)],
        )
    if SIMPLE_RUN.fullmatch(run):
        n = len(run)
        return run.translate(YO_TABLE), list(range(n)), list(range(1, n + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(run):
        if ch == _BREVE and chars and chars[-1] in "иИ":
            # a decomposed й (и + combining breve) stays й instead of losing its breve
            chars[-1] = "й" if chars[-1] == "и" else "Й"
            ends[-1] = i + 1
            continue
        folded = fold_char(ch)
        if not folded:
            if ends:
                ends[-1] = i + 1
            continue
        for c in folded:
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(chars), starts, ends
