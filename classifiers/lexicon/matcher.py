"""The lexicon matcher: which words of a normalized comment are abusive, and as what.

Matching is per token, never on raw substrings of the whole text: a token's text (and its
Latin transliteration, if any) is looked up in `WordIndex`, which caches per word form
which root, word and phrase entries it can match. A comment of thirty words costs thirty
dict lookups on the common path; phrases and a community's overlay are checked only at
words that can start one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, cast

from classifiers.lexicon.entries import Entry
from classifiers.lexicon.loader import load_directory
from classifiers.lexicon.overlay import CompiledOverlay, LexiconOverlay, OverlayTerm
from classifiers.lexicon.words import (
    INERT,
    MAY_MATCH,
    PHRASE_HEAD,
    UNSEEN,
    WordIndex,
    WordInfo,
    word_fits,
)
from classifiers.vocabulary import Lang, Match

if TYPE_CHECKING:
    from classifiers.normalize import Normalized

_OVERLAY_CACHE_LIMIT = 256
_LATIN_LETTER = re.compile("[a-z]")


def bundled_directory() -> Path:
    """Where the shipped lexicon files live (inside the installed package)."""
    return Path(str(resources.files("classifiers") / "data" / "lexicon"))


@dataclass(frozen=True, slots=True)
class _Hit:
    first: int  # token indexes, inclusive
    last: int
    entry: Entry | None
    added: OverlayTerm | None = None


class Lexicon:
    """The loaded lexicons of both languages; `find` is thread-safe and cheap."""

    def __init__(
        self, entries: Iterable[Entry], exceptions: dict[str, list[str]], version: str
    ) -> None:
        self.version = version
        self.entries = tuple(entries)
        self._index = WordIndex(self.entries, exceptions)
        self._overlays: dict[LexiconOverlay, CompiledOverlay] = {}
        self._last_overlay: tuple[LexiconOverlay, CompiledOverlay] | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path | None = None) -> Lexicon:
        """Load the lexicon files of `directory` (default: the bundled data)."""
        data = load_directory(directory or bundled_directory())
        return cls(data.entries, data.exceptions, data.version)

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
        words_index = self._index
        # The words of the normalized text are its tokens' texts. Tokens (with spans and
        # transliterations) cost more than matching, so they are read only for a word never
        # seen before or to place a match: most comments never compute them.
        words = normalized.words
        # Where a match may start: words not known to be inert (unknown ones included); a
        # term the overlay adds may start at any word its heads say, so then at every word.
        if overlay is None or not overlay.added:
            reach = words_index.reach
            total = sum(map(reach.get, words, repeat(UNSEEN, len(words))))
            # every word known, none can start a match but a phrase, and no phrase fits
            if total < MAY_MATCH and (total == INERT or not self._phrase_fits(words, lang)):
                return ()
            starts = [
                i
                for i, can in enumerate(map(reach.get, words, repeat(UNSEEN, len(words))))
                if can != INERT
            ]
        else:
            starts = list(range(len(words)))
        compiled = self._compiled(overlay) if overlay else None
        infos = self._infos(normalized, words)
        hits: list[_Hit] = []
        for index in starts:
            word = infos[index]
            if word.inert and (compiled is None or word.head not in compiled.starts):
                continue  # a word that can start nothing
            for entry in word.entries:
                if entry.applies_to(lang):
                    hits.append(_Hit(index, index, entry))
            for entry in word.phrases:
                phrase = words_index.phrase_words[entry]
                if entry.applies_to(lang) and _fits_at(infos, index, phrase):
                    hits.append(_Hit(index, index + len(phrase) - 1, entry))
            if compiled is not None:
                hits.extend(_overlay_hits(compiled, infos, index))
        if not hits:
            return ()
        return _matches(normalized, infos, hits, lang, compiled)

    def _phrase_fits(self, words: list[str], lang: Lang) -> bool:
        """True when some phrase fits at a PHRASE_HEAD word of a comment whose words are all
        known (so their infos are in the cache)."""
        infos = list(map(self._index.cache.__getitem__, words))
        reach, phrase_words = self._index.reach, self._index.phrase_words
        return any(
            entry.applies_to(lang) and _fits_at(infos, index, phrase_words[entry])
            for index, word in enumerate(words)
            if reach[word] == PHRASE_HEAD
            for entry in infos[index].phrases
        )

    def _infos(self, normalized: Normalized, words: list[str]) -> list[WordInfo]:
        """Every word's `WordInfo`; new words build only their own tokens (for the
        transliteration), not the whole text's."""
        cache, info = self._index.cache, self._index.info
        try:  # ("None in" would call WordInfo.__eq__ once per word)
            return list(map(cache.__getitem__, words))
        except KeyError:
            pass
        found: list[WordInfo | None] = list(map(cache.get, words))
        missing = [i for i, known in enumerate(found) if known is None]
        # Only a word with Latin letters has a Cyrillic reading (`Token.translit`): only
        # those need their token placed.
        tokens = normalized.tokens_at(i for i in missing if _LATIN_LETTER.search(words[i]))
        for i in missing:
            token = tokens.get(i)
            found[i] = info(words[i], token.translit if token is not None else None)
        return cast(list[WordInfo], found)


def _fits_at(infos: list[WordInfo], index: int, words: tuple[str, ...]) -> bool:
    """True when the phrase `words` (loose keys or prefixes) runs from token `index`."""
    if index + len(words) > len(infos):
        return False
    return all(word_fits(w, infos[index + k].key) for k, w in enumerate(words))


def _overlay_hits(compiled: CompiledOverlay, infos: list[WordInfo], index: int) -> list[_Hit]:
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
    infos: list[WordInfo],
    hits: list[_Hit],
    lang: Lang,
    compiled: CompiledOverlay | None,
) -> tuple[Match, ...]:
    """Build Match objects: overlay removals/allowances applied, the strongest per span."""
    tokens = normalized.tokens_at(i for hit in hits for i in (hit.first, hit.last))
    best: dict[tuple[int, int], Match] = {}
    for hit in hits:
        forms = [infos[i].form for i in range(hit.first, hit.last + 1)]
        if compiled is not None and compiled.blocks(hit.entry, forms):
            continue
        if hit.entry is not None:
            entry = hit.entry
            root, category, severity = entry.term, entry.category, entry.severity
            lexicon_lang, source = entry.lang, "lexicon"
        else:
            assert hit.added is not None
            root, category, severity = hit.added.term, hit.added.category, hit.added.severity
            lexicon_lang, source = ("kk" if lang is Lang.KK else "ru"), "overlay"
        first, last = tokens[hit.first], tokens[hit.last]
        match = Match(
            term=normalized.original[first.start : last.end],
            root=root,
            category=category,
            severity=severity,
            lang=lexicon_lang,
            start=first.start,
            end=last.end,
            source=source,
        )
        previous = best.get((hit.first, hit.last))
        if previous is None or match.severity > previous.severity:
            best[(hit.first, hit.last)] = match
    return tuple(sorted(best.values(), key=lambda m: (m.start, m.end)))
