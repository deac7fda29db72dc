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
from collections.abc import Iterable
from operator import itemgetter

from classifiers.normalization.characters import fold_run
from classifiers.normalization.spelling import join_spelled_out, maybe_spelled
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Normalized, Token, make_normalized
from classifiers.normalization.words import fold_word

MAX_ANALYZED_CHARS: int = 10_000

_SEPARATORS = r"\s.,?;:()\[\]{}\"'«»„“”‘’`/\\|<>\-–—_=+~^…"
# Dots, quotes and ")" between a Cyrillic letter and a small one hide letters ("х..ню",
# "е.ба.нат", 'ху"ло', "ч)урка"); elsewhere they are punctuation ("конец.Начало", "vk.com",
# "да(нет)"), and so is one dot between a 4-letter and a 3-letter stretch: a sentence typed
# without a space ("тяжелое.как" is two words, not "тяжелое*как" with a letter hidden).
# Only the end of a run is tested, so plain text pays almost nothing.
_RUN = re.compile(
    rf"[^{_SEPARATORS}]+(?:(?<=[а-яёА-ЯЁ])(?!(?<=[а-яёА-ЯЁ]{{4}})\.[а-яё]{{3}})"
    rf"[.…\")]+(?=[а-яё])[^{_SEPARATORS}]+)*"
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

# (text, start, end, script, translit): a token's fields, offsets relative to its run
_Row = tuple[str, int, int, str, str | None]
_RUN_CACHE: dict[str, tuple[_Row, ...]] = {}
_RUN_TEXT: dict[str, str] = {}
_RUN_CACHE_LIMIT = 100_000
_TEXT = itemgetter(0)


def normalize(text: str) -> Normalized:
    """Normalize a comment for detection; never raises, and normalize(n.text).text == n.text.

    The common comment takes a short path: its runs' folded texts come from a cache and
    are joined, and its tokens (with spans) are left to `tokenize` until someone asks.
    """
    truncated = len(text) > MAX_ANALYZED_CHARS
    body = text[:MAX_ANALYZED_CHARS] if truncated else text
    runs = _RUN.findall(body)
    folded = list(map(_RUN_TEXT.get, runs))
    if None in folded:
        folded = [_run_text(run) if f is None else f for run, f in zip(runs, folded, strict=True)]
    joined = " ".join(filter(None, folded))
    if maybe_spelled(joined, body):
        tokens = tokenize(text)
        return make_normalized(text, " ".join(map(_TEXT, tokens)), tokens, truncated)
    return make_normalized(text, joined, None, truncated)


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


def tokens_at(text: str, indexes: Iterable[int]) -> dict[int, Token]:
    """Some tokens of `tokenize(text)` by index, for a text without spelled-out words.

    Placing a lexicon match needs two tokens; walking the runs up to the last one wanted
    costs a fraction of building every token.
    """
    wanted = sorted(set(indexes))
    if not wanted:
        return {}
    body = text[:MAX_ANALYZED_CHARS]
    found: dict[int, Token] = {}
    find, pos, first, at = body.find, 0, 0, 0
    for run in _RUN.findall(body):
        offset = find(run, pos)
        pos = offset + len(run)
        pieces = _pieces_of(run)
        after = first + len(pieces)
        while wanted[at] < after:
            t, start, end, script, translit = pieces[wanted[at] - first]
            found[wanted[at]] = Token(t, start + offset, end + offset, script, translit)
            at += 1
            if at == len(wanted):
                return found
        first = after
    raise IndexError(f"token index {wanted[at]} out of range ({first} tokens)")


def _pieces_of(run: str) -> tuple[_Row, ...]:
    pieces = _RUN_CACHE.get(run)
    if pieces is None:
        pieces = _run_pieces(run)
        if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
            _RUN_CACHE.clear()  # a bound on memory; the vocabulary refills it quickly
        _RUN_CACHE[run] = pieces
    return pieces


def _run_text(run: str) -> str:
    """A run's normalized words joined by spaces ("" for a run of masks alone)."""
    folded = " ".join(map(_TEXT, _pieces_of(run)))
    if len(_RUN_TEXT) >= _RUN_CACHE_LIMIT:
        _RUN_TEXT.clear()
    _RUN_TEXT[run] = folded
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
