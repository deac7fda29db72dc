"""The normalized document: tokens with spans into the original text.

`normalize` cuts the text into whitespace/punctuation-free runs, folds each run once
(cached per distinct run: characters, then words), re-joins letters written apart
("х у й", "п.и.з.д.е.ц", "с_у_к_а") and returns every token with the span of what the
author actually typed, so a moderator's card can quote or mask it exactly.

Texts longer than MAX_ANALYZED_CHARS (10,000 characters) are cut to that length before
any work, and the result says `truncated=True`: a 1 MB paste costs the same as a long
comment, and abuse hidden only past the first 10,000 characters is left to the model's
or a human's judgement of what was analysed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, chain
from operator import itemgetter

from classifiers.normalization.characters import fold_run
from classifiers.normalization.spelling import join_spelled_out, maybe_spelled
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Normalized, Token, make_normalized
from classifiers.normalization.words import fold_word

MAX_ANALYZED_CHARS: int = 10_000

# Every character `str.isspace` accepts (as "\s" does), spelled out: a class of literal
# characters compiles to one bitmap lookup per character, "\s" to a category test on top.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SEPARATORS = re.escape(WHITESPACE) + r".,?;:()\[\]{}\"'«»„“”‘’`/\\|<>\-–—_=+~^…"
# Dots, quotes and ")" between a Cyrillic letter and a small one hide letters ("х..ню",
# "е.ба.нат", 'ху"ло', "ч)урка"); elsewhere they are punctuation ("конец.Начало", "vk.com",
# "да(нет)"), and so is one dot between a 4-letter and a 3-letter stretch: a sentence typed
# without a space ("тяжелое.как" is two words, not "тяжелое*как" with a letter hidden).
# Only the end of a run is tested, so plain text pays almost nothing.
# (Possessive: a run never gives characters back, which spares the engine its
# bookkeeping on every character.)
_RUN = re.compile(
    rf"[^{_SEPARATORS}]++(?:(?<=[а-яёА-ЯЁ])(?!(?<=[а-яёА-ЯЁ]{{4}})\.[а-яё]{{3}})"
    rf"[.…\")]+(?=[а-яё])[^{_SEPARATORS}]++)*+"
)
# "!" between a letter and a small letter is a disguised i/и ("п!зда", "sh!t"); elsewhere
# ("да!", "Привет!Как") it is punctuation.
_WORD = re.compile(
    r"(?:[^\W_]|[*#%&@$]|(?<=[^\W\d_])!(?=[a-zа-яёәғқңөұүһі])"
    r"|(?<=[^\W\d_])[.\")]+(?=[a-zа-яёәғқңөұүһі]))+"
)
# "п.и.з.д.е.ц" is a spelled-out word, not a masked one: its letters become single tokens
# that `spelling` joins like "п и з д е ц".
_DOTTED_LETTERS = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")

# Two or more one-letter words in a row: where spelled-out words may be.
# (It starts with a literal space, so the engine jumps from space to space.)
_SINGLES = re.compile(r" [^\W\d_](?: [^\W\d_])+(?= )")
# (text, start, end, script, translit): a token's fields, offsets relative to its run
_Row = tuple[str, int, int, str, str | None]
_RUN_CACHE: dict[str, tuple[_Row, ...]] = {}
_RUN_WORDS: dict[str, tuple[str, ...]] = {}
_CHUNK_WORDS: dict[str, tuple[str, ...]] = {}
_RUN_CACHE_LIMIT = 100_000
_TEXT = itemgetter(0)


def normalize(text: str) -> Normalized:
    """Normalize a comment for detection; never raises, and normalize(n.text).text == n.text.

    The common comment takes a short path: its runs' folded texts come from a cache and
    are joined, and its tokens (with spans) are left to `tokenize` until someone asks.
    """
    truncated = len(text) > MAX_ANALYZED_CHARS
    body = text[:MAX_ANALYZED_CHARS] if truncated else text
    # Runs never cross whitespace (nor look across it), so the words of each whitespace-
    # separated chunk are cached: str.split is several times cheaper than the run regex.
    chunks = body.split()
    try:  # (a KeyError costs nothing until raised; "None in" compares with every chunk)
        folded = list(map(_CHUNK_WORDS.__getitem__, chunks))
    except KeyError:
        folded = list(map(_chunk_words, chunks))
    # The cached words themselves, not copies: cheaper than splitting the joined text.
    words = list(chain.from_iterable(folded))
    joined = " ".join(words)
    if maybe_spelled(joined, body):
        words, spelled = _join_clusters(body, chunks, words, joined)
        if spelled:
            joined = " ".join(words)
        return make_normalized(text, joined, None, truncated, chunks, spelled, words)
    return make_normalized(text, joined, None, truncated, chunks, False, words)


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of `normalize(text)`, each with its span in `text`."""
    body = text[:MAX_ANALYZED_CHARS]
    rows: list[_Row] = []
    add_row = rows.append
    find, pos = body.find, 0
    # findall + str.find is cheaper than finditer's Match objects; between two runs lie only
    # separators, so the first occurrence at or after `pos` is the run itself.
    for run in _RUN.findall(body):
        offset = find(run, pos)
        pos = offset + len(run)
        for t, start, end, script, translit in _pieces_of(run):
            add_row((t, start + offset, end + offset, script, translit))
    tokens = tuple(map(TOKEN_FROM_ROW, rows))
    if maybe_spelled(" ".join(map(_TEXT, rows)), body):
        tokens = join_spelled_out(body, tokens)
    return tokens


def tokens_at(
    text: str, indexes: Iterable[int], chunks: list[str] | None = None
) -> dict[int, Token]:
    """Some tokens of `tokenize(text)` by index, for a text without spelled-out words
    (`chunks`: its whitespace-separated chunks, `text[:MAX_ANALYZED_CHARS].split()`).

    Placing a lexicon match needs two tokens: the chunks' cached words say which chunk
    holds each, and only those chunks are cut into tokens.
    """
    wanted = sorted(set(indexes))
    if not wanted:
        return {}
    body = text[:MAX_ANALYZED_CHARS]
    if chunks is None:
        chunks = body.split()
    try:
        folded = list(map(_CHUNK_WORDS.__getitem__, chunks))
    except KeyError:
        folded = list(map(_chunk_words, chunks))
    ends = list(accumulate(map(len, folded)))  # words up to and including each chunk
    if not ends or wanted[-1] >= ends[-1]:
        raise IndexError(f"token index {wanted[-1]} out of range ({ends[-1] if ends else 0})")
    found: dict[int, Token] = {}
    offsets: list[int] | None = None
    for index in wanted:
        k = bisect_right(ends, index)
        chunk = chunks[k]
        # A chunk that occurs once in the body is found by one search; otherwise every
        # chunk's offset up to the last one wanted is found in order.
        if body.count(chunk) == 1:
            offset = body.find(chunk)
        else:
            if offsets is None:
                offsets = _offsets(body, chunks[: bisect_right(ends, wanted[-1]) + 1])
            offset = offsets[k]
        found[index] = _token_in_chunk(chunk, index - ends[k] + len(folded[k]), offset)
    return found


def _token_in_chunk(chunk: str, local: int, offset: int) -> Token:
    """The `local`-th token of `chunk`, which starts at `offset` of the text."""
    for run, at in zip(runs := _RUN.findall(chunk), _offsets(chunk, runs), strict=True):
        pieces = _pieces_of(run)
        if local < len(pieces):
            t, start, end, script, translit = pieces[local]
            return Token(t, start + at + offset, end + at + offset, script, translit)
        local -= len(pieces)
    raise IndexError(f"no token {local} in chunk {chunk!r}")


def _offsets(body: str, parts: list[str]) -> list[int]:
    """Where each of `parts` starts in `body`: its chunks, or a chunk's runs, in order."""
    offsets: list[int] = []
    find, pos = body.find, 0
    for part in parts:  # between two parts lie only separators
        pos = find(part, pos)
        offsets.append(pos)
        pos += len(part)
    return offsets


def _join_clusters(
    body: str, chunks: list[str], words: list[str], joined: str
) -> tuple[list[str], bool]:
    """`words` with spelled-out words joined, and whether any were.

    A spelled-out word is made of single letters side by side, so only the stretches of
    single-letter words can change: their tokens alone are placed and joined, which for a
    long comment quoting "т.е." once is far cheaper than tokenizing all of it.
    """
    padded = f" {joined} "
    stretches: list[tuple[int, int]] = []
    for found in _SINGLES.finditer(padded):  # a superset: [^\W\d_] also takes "²"
        start = -1
        first = padded.count(" ", 0, found.start())
        letters = found.group()[1:].split(" ")
        for i, word in enumerate([*letters, ""], start=first):
            if word.isalpha():
                start = i if start < 0 else start
                continue
            if start >= 0 and i - start >= 2:
                stretches.append((start, i))
            start = -1
    if not stretches:
        return words, False
    tokens = tokens_at(body, (k for i, j in stretches for k in range(i, j)), chunks)
    out: list[str] = []
    done, changed = 0, False
    for i, j in stretches:
        texts = [t.text for t in join_spelled_out(body, tuple(tokens[k] for k in range(i, j)))]
        if len(texts) != j - i:
            out += words[done:i]
            out += texts
            done, changed = j, True
    if not changed:
        return words, False
    out += words[done:]
    return out, True


def _pieces_of(run: str) -> tuple[_Row, ...]:
    pieces = _RUN_CACHE.get(run)
    if pieces is None:
        pieces = _run_pieces(run)
        if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
            _RUN_CACHE.clear()  # a bound on memory; the vocabulary refills it quickly
        _RUN_CACHE[run] = pieces
    return pieces


def _chunk_words(chunk: str) -> tuple[str, ...]:
    """The normalized words of a whitespace-free chunk of text, cached."""
    words = _CHUNK_WORDS.get(chunk)
    if words is not None:
        return words
    words = tuple(chain.from_iterable(map(_run_words, _RUN.findall(chunk))))
    if len(_CHUNK_WORDS) >= _RUN_CACHE_LIMIT:
        _CHUNK_WORDS.clear()
    _CHUNK_WORDS[chunk] = words
    return words


def _run_words(run: str) -> tuple[str, ...]:
    """A run's normalized words (none for a run of masks alone), cached."""
    folded = _RUN_WORDS.get(run)
    if folded is not None:
        return folded
    folded = tuple(map(_TEXT, _pieces_of(run)))
    if len(_RUN_WORDS) >= _RUN_CACHE_LIMIT:
        _RUN_WORDS.clear()
    _RUN_WORDS[run] = folded
    return folded


def _run_pieces(run: str) -> tuple[_Row, ...]:
    folded, starts, ends = fold_run(run)
    out: list[_Row] = []
    for m in _WORD.finditer(folded):
        word, offset = m.group(), m.start()
        if "." in word and _DOTTED_LETTERS.fullmatch(word):
            parts = [(word[k], offset + k) for k in range(0, len(word), 2)]
        else:
            parts = [(word, offset)]
        for part, at in parts:
            for p in fold_word(part):
                first, last = at + p.start, at + p.end - 1
                out.append((p.text, starts[first], ends[last], p.script, p.translit))
    return tuple(out)
