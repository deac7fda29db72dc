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
from operator import itemgetter

from classifiers.normalization.characters import fold_run
from classifiers.normalization.spelling import join_spelled_out, maybe_spelled
from classifiers.normalization.tokens import TOKEN_FROM_ROW, Normalized, make_normalized
from classifiers.normalization.words import fold_word

MAX_ANALYZED_CHARS: int = 10_000

_SEPARATORS = r"\s.,?;:()\[\]{}\"'«»„“”‘’`/\\|<>\-–—_=+~^…"
# Dots, quotes and ")" between a Cyrillic letter and a small one hide letters ("х..ню",
# "е.ба.нат", 'ху"ло', "ч)урка"); elsewhere they are punctuation ("конец.Начало", "vk.com",
# "да(нет)"). Only the end of a run is tested, so plain text pays almost nothing.
_RUN = re.compile(rf"[^{_SEPARATORS}]+(?:(?<=[а-яёА-ЯЁ])[.…\")]+(?=[а-яё])[^{_SEPARATORS}]+)*")
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
_RUN_CACHE_LIMIT = 100_000
_TEXT = itemgetter(0)


def normalize(text: str) -> Normalized:
    """Normalize a comment for detection; never raises, and normalize(n.text).text == n.text."""
    truncated = len(text) > MAX_ANALYZED_CHARS
    body = text[:MAX_ANALYZED_CHARS] if truncated else text
    rows: list[_Row] = []
    add_row = rows.append
    find, cached, pos = body.find, _RUN_CACHE.get, 0
    # findall + str.find is cheaper than finditer's Match objects; between two runs lie only
    # separators, so the first occurrence at or after `pos` is the run itself.
    for run in _RUN.findall(body):
        offset = find(run, pos)
        pos = offset + len(run)
        pieces = cached(run)
        if pieces is None:
            pieces = _run_pieces(run)
            if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
                _RUN_CACHE.clear()  # a bound on memory; the vocabulary refills it quickly
            _RUN_CACHE[run] = pieces
        for t, start, end, script, translit in pieces:
            add_row((t, start + offset, end + offset, script, translit))
    tokens = tuple(map(TOKEN_FROM_ROW, rows))
    joined = " ".join(map(_TEXT, rows))
    if maybe_spelled(joined):
        tokens = join_spelled_out(body, tokens)
        joined = " ".join(map(_TEXT, tokens))
    return make_normalized(text, joined, tokens, truncated)


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
