"""The batch front end: normalization, language and the model's word rows, compiled.

`FrontEnd.read` gives, for a batch of texts, what `normalize` and `detect_language` give
one text at a time — the same normalized text, words and language, from the same caches
— with no Python work per word: `ChunkReader` runs the compiled passes and Python only
folds chunks never seen before. Alongside come each text's lexicon reach (is there
anything for the lexicon to look at?), its tokens' places for a match's quote, and, in
`logits`, the model kernel's input.

Single letters spaced apart ("х у й") are joined by `normalize` itself, for the few texts
that may hold them; a text it changed is read again from its normalized text (the same
words: normalizing is idempotent). A text the front end still cannot take (more words
than a packed vote sum holds) is left to the reference path (`Front.docs[i]` is None).

Not thread-safe: its owner holds `lock` around a batch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt

from classifiers.fastpath.facts import (
    CONTINUES,
    EXCLAMATION_MARK,
    HAS_SPACED,
    HEAD_CONTINUED,
    QUESTION_MARK,
    REACH_UNKNOWN,
    model_rows,
)
from classifiers.fastpath.placement import BatchPlacement
from classifiers.fastpath.reader import ChunkReader
from classifiers.fastpath.vocabulary import (
    CHUNK_LIMIT,
    WORD_LIMIT,
    Vocabulary,
)
from classifiers.language import PACKED_WORDS_LIMIT, language_of_votes
from classifiers.lexicon import Lexicon
from classifiers.lexicon.words import INERT, MAY_MATCH
from classifiers.model.batch import BatchScorer, FloatArray
from classifiers.model.cues import (
    EXCLAMATION_CUE,
    LANG_CUES,
    PARTICLE_CUE,
    QUESTION_MARK_CUE,
    QUESTION_WORD_CUE,
)
from classifiers.model.wordtable import WordTable
from classifiers.normalization.document import MAX_ANALYZED_CHARS, normalize
from classifiers.normalization.tokens import Normalized, make_normalized
from classifiers.vocabulary import Lang

IntArray = npt.NDArray[np.int64]
_LANGS = list(Lang)
_LANG_CODE = {lang: code for code, lang in enumerate(_LANGS)}
_CUES = [QUESTION_MARK_CUE, EXCLAMATION_CUE, PARTICLE_CUE, QUESTION_WORD_CUE] + [
    LANG_CUES[lang] for lang in _LANGS
]


@dataclass(frozen=True, slots=True)
class Front:
    """A batch as the front end read it; `docs[i]`/`langs[i]` None: text i is not taken."""

    docs: list[Normalized | None]
    langs: list[Lang | None]
    # Per text: the summed lexicon reach of its words (see `Lexicon.known_reach`), -1 when
    # some word's is not known yet, INERT when its only reach is phrase heads that no next
    # word continues: what the lexicon must look at.
    reach: list[int]
    # Per text the lexicon reads with a known reach: where its words of nonzero reach are.
    starts: list[list[int] | None]
    vocabulary: Vocabulary
    first: IntArray  # text d's words are words[first[d]:stop[d]] (vocabulary ids)
    stop: IntArray
    words: IntArray
    flags: IntArray


class FrontEnd:
    """Reads batches; what it keeps of a lexicon's or a model's answers per word is for
    the lexicon and model it was last given (others start afresh)."""

    def __init__(self, chunk_limit: int = CHUNK_LIMIT, word_limit: int = WORD_LIMIT) -> None:
        """`chunk_limit`, `word_limit`: what one vocabulary holds before starting over."""
        self.lock = threading.Lock()
        self._reader = ChunkReader(chunk_limit, word_limit)
        self._lexicon: Lexicon | None = None  # whose reach `word_reach` holds
        self._table: WordTable | None = None  # whose rows `word_row` holds …
        self._generation: object = None  # … of this generation

    def read(self, texts: list[str], lexicon: Lexicon) -> Front:
        """Normalization and language of `texts` (all str), and their words' reach in
        `lexicon` as far as known."""
        if lexicon is not self._lexicon:
            self._reader.vocabulary.forget_reach()
            self._lexicon = lexicon
        facts = self._reader.facts([text[:MAX_ANALYZED_CHARS] for text in texts])
        vocabulary = self._reader.vocabulary
        docs: list[Normalized | None] = [None] * len(texts)
        langs: list[Lang | None] = [None] * len(texts)
        counts = np.diff(facts.word_bounds).tolist()
        marks, totals = facts.flags.tolist(), facts.votes.tolist()
        seen = [
            -1 if m & REACH_UNKNOWN else r for m, r in zip(marks, facts.reach.tolist(), strict=True)
        ]
        for d, total in enumerate(seen):
            if INERT < total < MAY_MATCH and not marks[d] & HEAD_CONTINUED:
                seen[d] = INERT  # phrase heads alone, no word after one continues a phrase
        placement = BatchPlacement(
            facts.bodies, facts.bounds, facts.word_bounds, facts.word_chunk,
            facts.chunk_first, facts.starts, facts.ends,
        )  # fmt: skip
        known, bounds, words = vocabulary.words.__getitem__, facts.word_bounds, facts.words
        word_list, bound_list = words.tolist(), bounds.tolist()
        reached, reached_bounds = facts.reached.tolist(), facts.reached_bounds.tolist()
        starts: list[list[int] | None] = [None] * len(texts)
        place = placement.tokens_at
        joined: list[tuple[int, Normalized]] = []
        for d, text in enumerate(texts):
            mark = marks[d]
            if counts[d] > PACKED_WORDS_LIMIT:
                continue
            if mark & HAS_SPACED:
                # Maybe spelled out ("х у й"): `normalize` decides, and if it joined
                # letters the words are not these (read again below).
                doc = normalize(text)
                if doc.text != facts.normalized[d]:
                    joined.append((d, doc))
                    continue
            elif seen[d] == INERT:  # the lexicon will not read it
                doc = make_normalized(
                    text, facts.normalized[d], None, len(text) > MAX_ANALYZED_CHARS, None, ()
                )
            else:  # its words as the vocabulary's strings: the lexicon's keys themselves
                if seen[d] > 0:
                    starts[d] = reached[reached_bounds[d] : reached_bounds[d + 1]]
                doc = make_normalized(
                    text, facts.normalized[d], None, len(text) > MAX_ANALYZED_CHARS, None, (),
                    list(map(known, word_list[bound_list[d] : bound_list[d + 1]])),
                    partial(place, d),
                )  # fmt: skip
            docs[d] = doc
            langs[d] = language_of_votes(totals[d])
        front = Front(
            docs, langs, seen, starts, vocabulary, bounds[:-1].copy(), bounds[1:].copy(),
            words, facts.flags,
        )  # fmt: skip
        return self._read_joined(front, joined) if joined else front

    def _read_joined(self, front: Front, joined: list[tuple[int, Normalized]]) -> Front:
        """`front` with the texts whose spelled-out letters `normalize` joined: their
        normalized texts read again (normalizing is idempotent: the same words)."""
        again = self._reader.facts([doc.text for _, doc in joined])
        if self._reader.vocabulary is not front.vocabulary:
            raise RuntimeError("the vocabulary started over within one batch")
        offset = front.words.size
        counts = np.diff(again.word_bounds).tolist()
        marks, totals = again.flags.tolist(), again.votes.tolist()
        for k, (d, doc) in enumerate(joined):
            if again.normalized[k] != doc.text or counts[k] > PACKED_WORDS_LIMIT:
                continue  # left to the reference path
            front.docs[d] = doc
            front.langs[d] = language_of_votes(totals[k])
            front.reach[d] = -1 if marks[k] & REACH_UNKNOWN else int(again.reach[k])
            front.first[d] = offset + again.word_bounds[k]
            front.stop[d] = offset + again.word_bounds[k + 1]
            front.flags[d] = marks[k]
        words = np.concatenate((front.words, again.words))
        return Front(
            front.docs, front.langs, front.reach, front.starts, front.vocabulary, front.first,
            front.stop, words, front.flags,
        )  # fmt: skip

    def note_reach(self, front: Front, positions: list[int]) -> None:
        """Keeps the lexicon reach of the words of texts at `positions`, which the lexicon
        (the one `read` was given) has now looked at."""
        vocabulary, lexicon = front.vocabulary, self._lexicon
        if not positions or vocabulary is not self._reader.vocabulary or lexicon is None:
            return
        spans = [front.words[front.first[d] : front.stop[d]] for d in positions]
        ids = np.unique(np.concatenate(spans))
        words = vocabulary.words
        for w in ids[vocabulary.word_reach[ids] < 0].tolist():
            known = lexicon.known_reach(words[w])
            if known is not None:
                vocabulary.word_reach[w] = known | CONTINUES * lexicon.continues_phrase(words[w])

    def logits(
        self, front: Front, scored: list[int], scorer: BatchScorer
    ) -> tuple[FloatArray, FloatArray]:
        """Toxicity and intent logits of the texts at `scored` (taken, with words)."""
        vocabulary, table = front.vocabulary, scorer.table
        if vocabulary is not self._reader.vocabulary:
            raise RuntimeError("the front end started over since this batch was read")
        if table is not self._table or table.generation is not self._generation:
            vocabulary.forget_rows()
            self._table, self._generation = table, table.generation
        missing = np.unique(front.words[vocabulary.word_row[front.words] < 0])
        rows, found = table.lookup([vocabulary.words[w] for w in missing.tolist()] + _CUES)
        if table.generation is self._generation:
            vocabulary.word_row[missing] = found[: missing.size]
        else:  # the table started over to learn these: rows found before are void
            vocabulary.forget_rows()
            self._generation = table.generation
            every = np.unique(front.words)
            rows, found = table.lookup([vocabulary.words[w] for w in every.tolist()] + _CUES)
            if table.generation is not self._generation:
                raise RuntimeError("the model's word table cannot hold one batch")
            vocabulary.word_row[every] = found[: every.size]
        cues = np.zeros(len(front.docs), np.int64)
        langs = np.zeros(len(front.docs), np.int64)
        for d in scored:
            doc, lang = front.docs[d], front.langs[d]
            assert doc is not None and lang is not None
            original = doc.original
            cues[d] = QUESTION_MARK * ("?" in original) | EXCLAMATION_MARK * ("!" in original)
            langs[d] = _LANG_CODE[lang]
        found_rows, lengths = model_rows(
            np.array(scored, np.int64), front.first, front.stop, front.words, vocabulary.word_row,
            front.flags, cues, langs, found[-len(_CUES) :],
        )  # fmt: skip
        return scorer.row_logits(rows, found_rows, lengths)
