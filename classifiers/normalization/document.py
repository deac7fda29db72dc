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

from classifiers.normalization.characters import fold_run
from classifiers.normalization.spelling import MAYBE_SPELLED, join_spelled_out
from classifiers.normalization.tokens import TOKEN_SETTERS, Normalized, Token
from classifiers.normalization.words import fold_word

MAX_ANALYZED_CHARS: int = 10_000

_RUN = re.compile(r"[^\s.,?;:()\[\]{}\"'«»„“”‘’`/\\|<>\-–—_=+~^…]+")
# "!" between a letter and a small letter is a disguised i/и ("п!зда", "sh!t"); elsewhere
# ("да!", "Привет!Как") it is punctuation.
_WORD = re.compile(r"(?:[^\W_]|[*#%&@$]|(?<=[^\W\d_])!(?=[a-zа-яёәғқңөұүһі]))+")

# (text, script, translit, start, end) of one word of a run, offsets relative to the run
_Raw = tuple[str, str, str | None, int, int]
_RUN_CACHE: dict[str, tuple[_Raw, ...]] = {}
_RUN_CACHE_LIMIT = 200_000


def normalize(text: str) -> Normalized:
    """Normalize a comment for detection; never raises, and normalize(n.text).text == n.text."""
    truncated = len(text) > MAX_ANALYZED_CHARS
    body = text[:MAX_ANALYZED_CHARS] if truncated else text
    tokens: list[Token] = []
    texts: list[str] = []
    find, cached, pos = body.find, _RUN_CACHE.get, 0
    new, set_text, set_start, set_end, set_script, set_translit = TOKEN_SETTERS
    # findall + str.find is cheaper than finditer's Match objects; between two runs lie only
    # separators, so the first occurrence at or after `pos` is the run itself.
    for run in _RUN.findall(body):
        offset = find(run, pos)
        pos = offset + len(run)
        pieces = cached(run)
        if pieces is None:
            pieces = _run_pieces(run)
            if len(_RUN_CACHE) < _RUN_CACHE_LIMIT:
                _RUN_CACHE[run] = pieces
        for t, script, translit, start, end in pieces:
            token = new(Token)
            set_text(token, t)
            set_start(token, start + offset)
            set_end(token, end + offset)
            set_script(token, script)
            set_translit(token, translit)
            tokens.append(token)
            texts.append(t)
    joined = " ".join(texts)
    if MAYBE_SPELLED.search(joined):
        tokens, texts = join_spelled_out(body, tokens, texts)
        joined = " ".join(texts)
    return Normalized(text, joined, tuple(tokens), truncated)


def _run_pieces(run: str) -> tuple[_Raw, ...]:
    folded, starts, ends = fold_run(run)
    out: list[_Raw] = []
    for m in _WORD.finditer(folded):
        word, offset = m.group(), m.start()
        for p in fold_word(word):
            first, last = offset + p.start, offset + p.end - 1
            out.append((p.text, p.script, p.translit, starts[first], ends[last]))
    return tuple(out)
