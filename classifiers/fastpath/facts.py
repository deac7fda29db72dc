"""Per-document facts from the batch's chunk ids, and the model kernel's rows, compiled.

`document_facts` expands each document's chunks into word ids (the words `normalize`
would give, in order) and, per document, sums the packed language votes and the lexicon
reach of its words, raises flags (single letters in a row that `spelling` might join; a
Kazakh particle; a question word; a word whose reach is not known yet) and writes the
normalized texts, words joined by a space, one text per line. `model_rows` lays out
the scored documents' text words then cue pseudo-words as `WordTable` rows, in the order
`cues.cue_words` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from classifiers.model.compiled import compile_kernel

# Flags of a word (`word_flags`): one letter ([^\W\d_], as `spelling` reads a letter, or
# wider), one that is a word on its own (`spelling._STANDALONE`), a Kazakh particle, a
# question word.
SINGLE_LETTER, STANDALONE, PARTICLE, QUESTION_WORD = 1, 2, 4, 8
# Flags of a document. HAS_SPACED: a run of single letters that `spelling`'s spaced rule
# may join (four, or three not starting with a standalone letter); chains within a chunk
# are joined already (`chained`), so without such a run the words are final.
HAS_SPACED, HAS_PARTICLE, HAS_QUESTION_WORD, REACH_UNKNOWN = 1, 2, 4, 8
# … and HEAD_CONTINUED: a phrase head (reach 1) followed by a word that may continue a
# phrase; without one, a text of phrase heads alone matches nothing.
HEAD_CONTINUED = 16
# A word's `word_reach`: its lexicon reach (0, 1 or 2**32; -1: not known) with bit 40 set
# when it may continue a phrase (`Lexicon.continues_phrase`).
CONTINUES = 1 << 40
REACH_MASK = CONTINUES - 1
_PHRASE_HEAD = 1
# Cue bits of a written text (`model_rows`' cues): "?" and "!" anywhere in it.
QUESTION_MARK, EXCLAMATION_MARK = 1, 2
_NEWLINE, _SPACE = 10, 32


def _document_facts(
    ids: Any,
    per_text: Any,
    chunk_word_start: Any,
    chunk_words: Any,
    word_vote: Any,
    word_flags: Any,
    word_reach: Any,
    word_start: Any,
    word_pool: Any,
) -> Any:
    """(word bounds, word ids, votes, reach, flags, texts, word chunks, chunk words,
    reached, reached bounds) of the documents whose chunks are
    `ids[per_text[d]:per_text[d + 1]]`, every id known: word j of the batch is in chunk
    `word_chunk[j]`, whose first word is the batch's word `chunk_first[k]` (where tokens
    were written, see `placement`); text d's words of nonzero known reach (where a match
    may start) are at `reached[reached_bounds[d]:reached_bounds[d + 1]]` in it. Chunk c's words are
    `chunk_words[chunk_word_start[c]:chunk_word_start[c + 1]]`; word w's code points are
    `word_pool[word_start[w]:word_start[w + 1]]`; `word_reach[w]` < 0: not known yet
    (see CONTINUES)."""
    texts = per_text.size - 1
    total = 0
    for k in range(ids.size):
        total += chunk_word_start[ids[k] + 1] - chunk_word_start[ids[k]]
    words = np.empty(total, np.int64)
    word_chunk = np.empty(total, np.int64)
    reached = np.empty(total, np.int64)
    reached_bounds = np.empty(texts + 1, np.int64)
    r = 0
    chunk_first = np.empty(ids.size, np.int64)
    bounds = np.empty(texts + 1, np.int64)
    votes = np.zeros(texts, np.int64)
    reach = np.zeros(texts, np.int64)
    flags = np.zeros(texts, np.int64)
    n = 0
    points = max(texts - 1, 0)  # the newlines between texts
    for d in range(texts):
        bounds[d] = n
        reached_bounds[d] = r
        run = vote = seen = mark = 0
        run_standalone = False  # whether the current run of single letters starts so
        after_head = False  # the previous word is a phrase head
        for k in range(per_text[d], per_text[d + 1]):
            chunk = ids[k]
            chunk_first[k] = n
            for j in range(chunk_word_start[chunk], chunk_word_start[chunk + 1]):
                w = chunk_words[j]
                words[n] = w
                word_chunk[n] = k
                n += 1
                vote += word_vote[w]
                reach_bits = word_reach[w]
                if reach_bits < 0:
                    mark |= REACH_UNKNOWN
                else:
                    seen += reach_bits & REACH_MASK
                    if reach_bits & REACH_MASK:
                        reached[r] = n - 1 - bounds[d]
                        r += 1
                    if after_head and reach_bits & CONTINUES:
                        mark |= HEAD_CONTINUED
                after_head = reach_bits >= 0 and reach_bits & REACH_MASK == _PHRASE_HEAD
                f = word_flags[w]
                if f & SINGLE_LETTER:
                    if run == 0:
                        run_standalone = (f & STANDALONE) != 0
                    run += 1
                else:
                    if run > 3 or (run == 3 and not run_standalone):
                        mark |= HAS_SPACED
                    run = 0
                if f & PARTICLE:
                    mark |= HAS_PARTICLE
                if f & QUESTION_WORD:
                    mark |= HAS_QUESTION_WORD
                points += word_start[w + 1] - word_start[w] + 1
        if run > 3 or (run == 3 and not run_standalone):
            mark |= HAS_SPACED
        if n > bounds[d]:
            points -= 1  # no space after the last word
        votes[d] = vote
        reach[d] = seen
        flags[d] = mark
    bounds[texts] = n
    reached_bounds[texts] = r
    out = np.empty(points, np.uint32)
    at = 0
    for d in range(texts):
        if d:
            out[at] = _NEWLINE
            at += 1
        for j in range(bounds[d], bounds[d + 1]):
            if j > bounds[d]:
                out[at] = _SPACE
                at += 1
            w = words[j]
            for p in range(word_start[w], word_start[w + 1]):
                out[at] = word_pool[p]
                at += 1
    return (
        bounds, words, votes, reach, flags, out, word_chunk, chunk_first, reached[:r],
        reached_bounds,
    )  # fmt: skip


def _model_rows(
    scored: Any,
    first: Any,
    stop: Any,
    words: Any,
    word_row: Any,
    flags: Any,
    cues: Any,
    langs: Any,
    cue_rows: Any,
) -> Any:
    """(rows, lengths) for `WordKernel`: per scored document d (of `scored`), its words'
    (`words[first[d]:stop[d]]`) rows, then its cue words' rows — "?" and "!" (`cues[d]`
    bits), a Kazakh particle, a question word (`flags[d]`), its language
    (`cue_rows[4 + langs[d]]`) — and the two counts. `cue_rows` = rows of the ?, !,
    particle and question-word cues, then of each language's cue."""
    total = 0
    for i in range(scored.size):
        total += stop[scored[i]] - first[scored[i]] + 5
    rows = np.empty(total, np.int64)
    lengths = np.empty(2 * scored.size, np.int64)
    n = 0
    for i in range(scored.size):
        d = scored[i]
        for j in range(first[d], stop[d]):
            rows[n] = word_row[words[j]]
            n += 1
        lengths[2 * i] = stop[d] - first[d]
        cue_start = n
        present = (
            cues[d] & QUESTION_MARK,
            cues[d] & EXCLAMATION_MARK,
            flags[d] & HAS_PARTICLE,
            flags[d] & HAS_QUESTION_WORD,
        )
        for c in range(4):
            if present[c]:
                rows[n] = cue_rows[c]
                n += 1
        rows[n] = cue_rows[4 + langs[d]]
        n += 1
        lengths[2 * i + 1] = n - cue_start
    return rows[:n], lengths


document_facts = compile_kernel(_document_facts)
model_rows = compile_kernel(_model_rows)
