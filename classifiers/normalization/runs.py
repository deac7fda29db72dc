"""Runs and chunks: the units normalization folds once and caches.

A *chunk* is what `str.split()` yields: text between whitespace. A *run* is a stretch of
a chunk without separators (punctuation, quotes, brackets …), except where dots, quotes or
")" hide letters inside a word. A run folds into one or more words (`pieces_of`: each
word's text, span within the run, script and Latin reading), and a chunk's words are its
runs' words in order. Runs never cross whitespace nor look across it, so both are cached
per distinct string: most comments are made of chunks seen before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter

from classifiers.bounded import BoundedCache
from classifiers.normalization.characters import SIMPLE_RUN, YO_TABLE, fold_run
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Token
from classifiers.normalization.words import fold_word

# Every character `str.isspace` accepts (as "\s" does), spelled out: a class of literal
# characters compiles to one bitmap lookup per character, "\s" to a category test on top.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SEPARATORS = re.escape(WHITESPACE) + r".,?;:()\[\]{}\"'«»„“”‘’`/\\|<>\-–—_=+~^…"
# Dots, quotes and ")" between a Cyrillic letter and a small one hide letters ("х..ню",
# "е.ба.нат", 'ху"ло', "ч)урка"), and so do quotes inside a word in capitals ('ХУ"ЛО');
# a letter in brackets inside a word is that letter ("хо(х)луш");
# elsewhere they are punctuation ("конец.Начало", "vk.com",
# "да(нет)"). One dot is a full stop typed without a space — two words, split before any
# masking — when a word of four or more letters follows a stretch of two or more
# ("Оте.керемет", "приложение.ыңғайлы": read as a mask, "оте*керемет" filled to "отебкеремет"
# and matched the еб- root), or three letters follow four ("тяжелое.как"). A hidden letter
# sits between short pieces ("ху.ня", "е.ба.нат"); a lone letter before the dot is a mask
# too ("х.йло"). An ellipsis after four letters or more, or between two pieces of three
# or more, is punctuation ("кинули...ну", "во сне...уже"); after fewer, a mask
# ("пи...дец", "нае...ли"). Only the end of
# a run is tested, so plain text pays almost nothing.
#
# A run never gives characters back, which spares the engine its bookkeeping on every
# character: possessive quantifiers, ~20% faster than the same atomic groups. But Python
# 3.11.0-3.11.4 match possessive quantifiers wrongly (gh-106052, fixed in 3.11.5) and
# loop forever on this pattern ("х..ню" hung Debian 12's Python 3.11.2): there, atomic
# groups say the same thing.
POSSESSIVE_WORKS = sys.version_info >= (3, 11, 5)
_SMALL = "а-яёәғқңөұүһі"
_LETTERS = _SMALL + "А-ЯЁӘҒҚҢӨҰҮҺІ"


def _no_backtracking(body: str, quantifier: str, possessive: bool) -> str:
    return f"{body}{quantifier}+" if possessive else f"(?>{body}{quantifier})"


def run_pattern(possessive: bool = POSSESSIVE_WORKS) -> str:
    """The source of `RUN`, with possessive quantifiers or with atomic groups."""
    stretch = _no_backtracking(f"[^{_SEPARATORS}]", "+", possessive)
    hidden = (
        rf"(?:(?:(?<=[а-яёА-ЯЁ])(?!(?<=[{_LETTERS}]{{2}})\.[{_SMALL}]{{4}}"
        rf"|(?<=[{_LETTERS}]{{4}})\.[{_SMALL}]{{3}}"
        rf"|(?<=[{_LETTERS}]{{3}})(?:\.{{2,}}|…)[{_SMALL}]{{3}}"
        rf"|(?<=[{_LETTERS}]{{4}})(?:\.{{2,}}|…))"
        rf"[.…\")]+(?=[а-яё])"
        rf'|(?<=[А-ЯЁ])"+(?=[А-ЯЁ])|(?<=[а-яё])\((?=[а-яё]\)[а-яё])){stretch})'
    )
    # "3.14" spells "пи" before Cyrillic letters ("3.14здец"): one run, not a number
    pi = r"(?:3[.,]14(?=[а-яёА-ЯЁ]))?"
    return pi + stretch + _no_backtracking(hidden, "*", possessive)


RUN = re.compile(run_pattern())
# "!" between a letter and a small letter is a disguised i/и ("п!зда", "sh!t"); elsewhere
# ("да!", "Привет!Как") it is punctuation.
_WORD = re.compile(
    r"(?:[^\W_]|[*#%&@$]|(?<=[^\W\d_])!(?=[a-zа-яёәғқңөұүһі])"
    r'|(?<=[^\W\d_])[.")]+(?=[a-zа-яёәғқңөұүһі])|(?<=[А-ЯЁ])"+(?=[А-ЯЁ])'
    r"|(?<=[а-яё])\((?=[а-яё]\)[а-яё]))+"
)
# "п.и.з.д.е.ц" is a spelled-out word, not a masked one: its letters become single tokens
# that `spelling` joins like "п и з д е ц".
_DOTTED_LETTERS = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")

# (text, start, end, script, translit): a token's fields, offsets relative to its run
Row = tuple[str, int, int, str, str | None]
_LIMIT = 100_000
TEXT = itemgetter(0)


def _run_pieces(run: str) -> tuple[Row, ...]:
    if SIMPLE_RUN.fullmatch(run):
        # Letters alone: one word, each character its own span, so the pieces' spans in
        # the word are their spans in the run.
        pieces = fold_word(run.translate(YO_TABLE))
        return tuple((text, start, end, script, tr) for text, script, tr, start, end in pieces)
    folded, starts, ends = fold_run(run)
    out: list[Row] = []
    for m in _WORD.finditer(folded):
        word, offset = m.group(), m.start()
        if "." in word and _DOTTED_LETTERS.fullmatch(word):
            parts = [(word[k], offset + k) for k in range(0, len(word), 2)]
        else:
            parts = [(word, offset)]
        for part, at in parts:
            for text, script, translit, start, end in fold_word(part):
                first, last = at + start, at + end - 1
                out.append((text, starts[first], ends[last], script, translit))
    return tuple(out)


# The words a run folds into, with spans relative to the run.
_PIECES: BoundedCache[str, tuple[Row, ...]] = BoundedCache(_run_pieces, _LIMIT)
pieces_of = _PIECES.__getitem__
# The normalized words of a whitespace-free chunk of text (its runs' pieces' texts; none
# for masks alone), read off the cached pieces in C: no second cache per run.
CHUNK_WORDS: BoundedCache[str, tuple[str, ...]] = BoundedCache(
    lambda chunk: tuple(map(TEXT, chain.from_iterable(map(pieces_of, RUN.findall(chunk))))),
    _LIMIT,
)


def _chunk_rows(chunk: str) -> tuple[Row, ...]:
    rows: list[Row] = []
    for run, at in zip(runs := RUN.findall(chunk), offsets(chunk, runs), strict=True):
        rows.extend(
            (t, start + at, end + at, script, tr) for t, start, end, script, tr in _PIECES[run]
        )
    return tuple(rows)


# A chunk's tokens as rows with spans relative to the chunk: placing a lexicon match's
# tokens is then one lookup and an addition, not the chunk's runs cut again.
CHUNK_ROWS: BoundedCache[str, tuple[Row, ...]] = BoundedCache(_chunk_rows, _LIMIT)


def token_in_chunk(
    chunk: str, local: int, offset: int, table: Mapping[str, tuple[Row, ...]] = CHUNK_ROWS
) -> Token:
    """The `local`-th token of `chunk`, which starts at `offset` of the text (`table`: the
    chunks' rows, by default as cut here)."""
    rows = table[chunk]
    if not 0 <= local < len(rows):
        raise IndexError(f"no token {local} in chunk {chunk!r}")
    t, start, end, script, translit = rows[local]
    return TOKEN_FROM_ROW((t, start + offset, end + offset, script, translit))


def offsets(body: str, parts: list[str]) -> list[int]:
    """Where each of `parts` starts in `body`: its chunks, or a chunk's runs, in order."""
    offsets: list[int] = []
    find, pos = body.find, 0
    for part in parts:  # between two parts lie only separators
        pos = find(part, pos)
        offsets.append(pos)
        pos += len(part)
    return offsets


def chunk_offset(body: str, chunks: list[str], k: int) -> int:
    """Where `chunks[k]` starts in `body` (`chunks` being `body.split()`).

    A whitespace-delimited occurrence of a chunk's text is a chunk (`str.split` and
    `str.isspace` agree on whitespace), so the chunk is the occurrence that as many equal
    chunks precede as precede `chunks[k]`: a few searches for that text, where walking
    every chunk before it would cost a search each.
    """
    chunk = chunks[k]
    pos = body.find(chunk)
    if pos >= 0 and body.find(chunk, pos + 1) < 0:
        return pos  # the text occurs once: the chunk is there (most chunks)
    skip = chunks[:k].count(chunk)
    size, end_of_body = len(chunk), len(body)
    while pos >= 0:
        end = pos + size
        if (pos == 0 or body[pos - 1].isspace()) and (end == end_of_body or body[end].isspace()):
            if not skip:
                return pos
            skip -= 1
        pos = body.find(chunk, pos + 1)
    raise ValueError(f"chunk {k} ({chunk!r}) is not in the text")
