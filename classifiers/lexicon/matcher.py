"""The lexicon matcher: which words of a normalized comment are abusive, and as what.

Matching is per token, never on raw substrings of the whole text: a token's text (and its
Latin transliteration, if any) is looked up in `WordIndex`, which caches per word form
which root, word and phrase entries it can match. A comment of thirty words costs thirty
dict lookups on the common path; phrases and a community's overlay are checked only at
words that can start one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from importlib import resources
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from classifiers.lexicon.context import mark_mentioned
from classifiers.lexicon.entries import Entry, collapse
from classifiers.lexicon.infos import OnDemandInfos, word_infos
from classifiers.lexicon.loader import load_directory
from classifiers.lexicon.overlay import CompiledOverlay, LexiconOverlay, OverlayTerm
from classifiers.lexicon.pieces import glued_hits
from classifiers.lexicon.links import spam_matches
from classifiers.lexicon.tail import tail_matches
from classifiers.lexicon.words import (
    INERT,
    MAY_MATCH,
    WordIndex,
    WordInfo,
    loose,
    word_fits,
)
from classifiers.slots import slots_builder
from classifiers.vocabulary import Lang, Match

if TYPE_CHECKING:
    from classifiers.normalize import Normalized

_OVERLAY_CACHE_LIMIT = 256


def bundled_directory() -> Path:
    """Where the shipped lexicon files live (inside the installed package)."""
    return Path(str(resources.files("classifiers") / "data" / "lexicon"))


class _Hit(NamedTuple):
    """An entry found at tokens first..last (inclusive); a tuple: built in C."""

    first: int
    last: int
    entry: Entry | None
    added: OverlayTerm | None = None


# _Hit from a 4-tuple, in C (the NamedTuple's own __new__ is Python code).
_new_hit: Callable[[tuple[int, int, Entry | None, OverlayTerm | None]], _Hit] = partial(
    tuple.__new__, _Hit
)
_FIRST, _LAST = itemgetter(0), itemgetter(1)
_new_match = slots_builder(Match)
_SPAN = attrgetter("start", "end")
_KEY = attrgetter("key")


class Lexicon:
    """The loaded lexicons of both languages; `find` is thread-safe and cheap."""

    def __init__(
        self, entries: Iterable[Entry], exceptions: dict[str, list[str]], version: str
    ) -> None:
        self.version = version
        self.entries = tuple(entries)
        self._index = WordIndex(self.entries, exceptions)
        # What a phrase's second or later word may be: literal keys, and key prefixes.
        tails = [word for words in self._index.phrase_words.values() for word in words[1:]]
        self._tail_keys = frozenset(word for word in tails if not word.endswith("*"))
        self._tail_prefixes = tuple(word[:-1] for word in tails if word.endswith("*"))
        self._overlays: dict[LexiconOverlay, CompiledOverlay] = {}
        self._last_overlay: tuple[LexiconOverlay, CompiledOverlay] | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path | None = None) -> Lexicon:
        """Load the lexicon files of `directory` (default: the bundled data)."""
        data = load_directory(directory or bundled_directory())
        return cls(data.entries, data.exceptions, data.version)

    def known_reach(self, word: str) -> int | None:
        """What `word` can start (INERT, PHRASE_HEAD or MAY_MATCH; see `words`), or None
        if no comment has shown it to the lexicon yet. It depends on the word alone."""
        return self._index.reach.get(word)

    def continues_phrase(self, word: str) -> bool:
        """True when `word` (a token's text) could be a phrase's second or later word.
        A phrase head followed by no such word starts no phrase."""
        info = self._index.cache.get(word)  # its key is there once the lexicon saw it
        key = info.key if info is not None else loose(collapse(word))
        return key in self._tail_keys or key.startswith(self._tail_prefixes)

    def word_entries(self, word: str) -> tuple[Entry, ...]:
        """Every root/word entry a single word matches (exceptions applied, no lang gate)."""
        return self._index.info(word).entries

    def _compiled(self, overlay: LexiconOverlay) -> CompiledOverlay:
        # Identity first: callers usually keep one overlay object per community, and hashing
        # a large frozen overlay on every comment would cost more than matching.
        last = self._last_overlay
        if last is not None and last[0] is overlay:
            return last[1]
        compiled = self._overlays.get(overlay)
        if compiled is None:
            compiled = CompiledOverlay.build(overlay)
            with self._lock:
                if len(self._overlays) >= _OVERLAY_CACHE_LIMIT:
                    self._overlays.clear()
                self._overlays[overlay] = compiled
        self._last_overlay = (overlay, compiled)
        return compiled

    def find(
        self, normalized: Normalized, lang: Lang, overlay: LexiconOverlay | None = None
    ) -> tuple[Match, ...]:
        """Lexicon matches of one normalized comment, in text order, one per word (or phrase).

        `lang` switches off entries marked `notru` for plain Russian text (Kazakh "ам" is
        not a word there) and `notkk` for plain Kazakh. `overlay` adds, removes and allows
        terms for one community; it is applied on this call only.
        """
        return self.find_reached(normalized, lang, overlay, None)

    def find_reached(
        self,
        normalized: Normalized,
        lang: Lang,
        overlay: LexiconOverlay | None,
        reach_total: int | None,
        starts: Sequence[int] | None = None,
    ) -> tuple[Match, ...]:
        """`find`, told the sum of its words' `known_reach` (None: not known; a batch
        reader that summed it spares the pass) and, with it, `starts`: the positions of
        the words of nonzero reach (None: not known), so that only those words and the
        phrase windows after them are looked up.

        Besides each word: words cut into pieces (`pieces`), links and promo figures
        (`links`), and the text past the analysed cap (`tail`); then words mentioned
        rather than used are marked (`context`)."""
        found = self._word_matches(normalized, lang, overlay, reach_total, starts)
        extra = self._cut_words(normalized, found, lang)
        original = normalized.original
        extra.extend(spam_matches(original, found))
        if normalized.truncated:
            extra.extend(tail_matches(original, lambda doc: self.find(doc, lang, overlay)))
        if extra:
            found = tuple(sorted((*found, *extra), key=_SPAN))
        return mark_mentioned(original, found) if found else found

    def _cut_words(
        self, normalized: Normalized, found: tuple[Match, ...], lang: Lang
    ) -> list[Match]:
        """Words cut into short pieces ("пи-зд-ец"), each piece not matched alone."""
        words = normalized.words
        if len(words) < 2:
            return []
        hits = glued_hits(words, self.word_entries, str(lang))
        if not hits:
            return []
        tokens = normalized.tokens_at({i for first, last, _ in hits for i in (first, last)})
        original = normalized.original
        out = []
        for first, last, entry in hits:
            start, end = tokens[first].start, tokens[last].end
            out.append(
                Match(original[start:end], entry.term, entry.category, entry.severity,
                      entry.lang, start, end)
            )
        return out

    def _word_matches(
        self,
        normalized: Normalized,
        lang: Lang,
        overlay: LexiconOverlay | None,
        reach_total: int | None,
        starts: Sequence[int] | None,
    ) -> tuple[Match, ...]:
        words_index = self._index
        # The words of the normalized text are its tokens' texts. Tokens (with spans and
        # transliterations) cost more than matching, so they are read only for a word never
        # seen before or to place a match: most comments never compute them.
        words = normalized.words
        # Where a match may start: words not known to be inert (unknown ones included); a
        # term the overlay adds may start at any word its heads say, so then at every word.
        known = reach_total is not None and starts is not None
        if overlay is None or not overlay.added:
            reach = words_index.reach.__getitem__
            total = sum(map(reach, words)) if reach_total is None else reach_total
            if total == INERT:
                return ()
            if starts is None:
                starts = list(compress(range(len(words)), map(reach, words)))
            # every word known, none can start a match but a phrase, and no phrase fits
            if total < MAY_MATCH and not self._phrase_fits(words, lang, starts):
                return ()
        else:
            starts, known = range(len(words)), False
        compiled = self._compiled(overlay) if overlay else None
        infos: Sequence[WordInfo] = (
            OnDemandInfos(words_index, normalized, words)
            if known
            else word_infos(words_index, normalized, words)
        )
        hits: list[_Hit] = []
        for index in starts:
            word = infos[index]
            if word.inert and (compiled is None or word.head not in compiled.starts):
                continue  # a word that can start nothing
            for entry in word.entries:
                if entry.applies_to(lang):
                    hits.append(_new_hit((index, index, entry, None)))
            for entry, phrase in word.phrases:
                if entry.applies_to(lang) and _fits_at(infos, index, phrase):
                    hits.append(_new_hit((index, index + len(phrase) - 1, entry, None)))
            if compiled is not None:
                hits.extend(_overlay_hits(compiled, infos, index))
        if not hits:
            return ()
        return _matches(normalized, infos, hits, lang, compiled)

    def _phrase_fits(self, words: list[str], lang: Lang, heads: Sequence[int]) -> bool:
        """True when some phrase may fit at a PHRASE_HEAD word of a comment none of whose
        words MAY_MATCH: its `heads` are its words of nonzero reach. Read from the cache;
        a word it lacks (a batch reader's reach outlives the bounded cache) says "may"."""
        cache = self._index.cache
        try:
            for at in heads:
                for entry, phrase in cache[words[at]].phrases:
                    if entry.applies_to(lang) and _known_phrase_at(cache, words, at, phrase):
                        return True
        except KeyError:
            return True  # the full match decides, computing what the cache lacks
        return False


def _fits_at(infos: Sequence[WordInfo], index: int, words: tuple[str, ...]) -> bool:
    """True when the phrase `words` (loose keys or prefixes) runs from token `index`."""
    end = index + len(words)
    return end <= len(infos) and all(map(word_fits, words, map(_KEY, infos[index:end])))


def _known_phrase_at(
    cache: dict[str, WordInfo], words: list[str], at: int, phrase: tuple[str, ...]
) -> bool:
    """`_fits_at` for words all in the cache, read there (no infos list)."""
    end = at + len(phrase)
    infos = map(cache.__getitem__, words[at:end])
    return end <= len(words) and all(map(word_fits, phrase, map(_KEY, infos)))


def _overlay_hits(compiled: CompiledOverlay, infos: Sequence[WordInfo], index: int) -> list[_Hit]:
    hits: list[_Hit] = []
    added = compiled.word_term(infos[index].form)
    if added is not None:
        hits.append(_Hit(index, index, None, added))
    for words, item in compiled.phrases.get(infos[index].head, ()):
        if _fits_at(infos, index, words):
            hits.append(_Hit(index, index + len(words) - 1, None, item))
    return hits


def _matches(
    normalized: Normalized,
    infos: Sequence[WordInfo],
    hits: list[_Hit],
    lang: Lang,
    compiled: CompiledOverlay | None,
) -> tuple[Match, ...]:
    """Build Match objects: overlay removals/allowances applied, the strongest per span."""
    tokens = normalized.tokens_at({*map(_FIRST, hits), *map(_LAST, hits)})
    original = normalized.original
    best: dict[tuple[int, int], Match] = {}
    for first, last, entry, added in hits:
        if compiled is not None and compiled.blocks(
            entry, [infos[i].form for i in range(first, last + 1)]
        ):
            continue
        if entry is not None:
            root, category, severity = entry.term, entry.category, entry.severity
            lexicon_lang, source = entry.lang, "lexicon"
        else:
            assert added is not None
            root, category, severity = added.term, added.category, added.severity
            lexicon_lang, source = ("kk" if lang is Lang.KK else "ru"), "overlay"
        start, end = tokens[first].start, tokens[last].end
        match = _new_match(
            original[start:end], root, category, severity, lexicon_lang, start, end, source, False
        )
        previous = best.get((first, last))
        if previous is None or match.severity > previous.severity:
            best[(first, last)] = match
    return tuple(sorted(best.values(), key=_SPAN))
