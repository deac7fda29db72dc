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
from collections.abc import Iterable, Sequence
from importlib import resources
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from classifiers.lexicon.context import mark_mentioned, outside_mentions
from classifiers.lexicon.entries import Entry
from classifiers.lexicon.infos import word_infos
from classifiers.lexicon.links import spam_matches
from classifiers.lexicon.loader import load_directory
from classifiers.lexicon.overlay import CompiledOverlay, LexiconOverlay, OverlayTerm
from classifiers.lexicon.pieces import cut_word_matches
from classifiers.lexicon.tail import tail_matches
from classifiers.lexicon.words import INERT, WordIndex, WordInfo
from classifiers.vocabulary import Category, Lang, Match

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


_FIRST, _LAST = itemgetter(0), itemgetter(1)
_SPAN = attrgetter("start", "end")
# Kazakh "you are" (-сың/-сің, plural -сыңдар), as written, typed or in Latin letters;
# not the privative -сыз ("арсыз", "мисыз": without shame, without brains)
_SAID_TO_YOU = re.compile(r"(?:с[ыіи][ңн]|s[yi]n)(?:д[аеә]р|d[ae]r)?$")


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

        Besides each word: words cut into pieces (`pieces`), links and promo figures
        (`links`), and the text past the analysed cap (`tail`); then words mentioned
        rather than used are marked (`context`).
        """
        found = self._word_matches(normalized, lang, overlay)
        extra = cut_word_matches(normalized, self.word_entries, str(lang))
        original = normalized.original
        extra.extend(spam_matches(original, found))
        if normalized.truncated:
            extra.extend(tail_matches(original, lambda doc: self.find(doc, lang, overlay)))
        if extra:
            found = tuple(sorted((*found, *extra), key=_SPAN))
        if found and ("[" in original or "@" in original):
            found = outside_mentions(original, found)
        return mark_mentioned(original, found) if found else found

    def _word_matches(
        self, normalized: Normalized, lang: Lang, overlay: LexiconOverlay | None
    ) -> tuple[Match, ...]:
        """The matches of single words and phrases (and the overlay's terms)."""
        words = normalized.words
        index = self._index
        compiled = self._compiled(overlay) if overlay else None
        if overlay is None or not overlay.added:
            # Every word's reach is cached: a comment whose words can start nothing (the
            # common one) is done after one lookup per word.
            reach = index.reach.__getitem__
            if sum(map(reach, words)) == INERT:
                return ()
            starts: Iterable[int] = compress(range(len(words)), map(reach, words))
        else:  # a term the overlay adds may start at any word
            starts = range(len(words))
        # The words of the normalized text are its tokens' texts. Tokens (with spans and
        # transliterations) cost more than matching, so they are read only for a word never
        # seen before or to place a match.
        infos = word_infos(index, normalized, words)
        hits: list[_Hit] = []
        for at in starts:
            word = infos[at]
            if word.inert and (compiled is None or word.head not in compiled.starts):
                continue  # a word that can start nothing
            for entry in word.entries:
                if entry.applies_to(lang):
                    hits.append(_Hit(at, at, entry, None))
            for entry, phrase in word.phrases:
                if entry.applies_to(lang) and _fits_at(infos, at, phrase):
                    hits.append(_Hit(at, at + len(phrase) - 1, entry, None))
            if compiled is not None:
                hits.extend(_overlay_hits(compiled, infos, at))
        if not hits:
            return ()
        return _matches(normalized, infos, hits, lang, compiled)


def _fits_at(infos: Sequence[WordInfo], index: int, words: tuple[str, ...]) -> bool:
    """True when the phrase `words` (loose keys or prefixes) runs from token `index`."""
    end = index + len(words)
    return end <= len(infos) and all(
        info.fits(word) for word, info in zip(words, infos[index:end], strict=True)
    )


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
        if (
            severity == 1
            and first == last
            and category is Category.INSULT
            and lexicon_lang == "kk"
            and _SAID_TO_YOU.search(infos[first].form)
        ):
            severity = 2  # "надансың", "aqymaqsyñ": "you are …", an insult said to someone
        if severity == 1 and first == last and tokens[first].script == "mixed":
            # a mild word written in disguise ("гaвнo", "тyпой" with Latin letters, "г0вн0"):
            # the author hid it on purpose, so it is meant as abuse
            severity = 2
        match = Match(
            original[start:end], root, category, severity, lexicon_lang, start, end, source
        )
        previous = best.get((first, last))
        # the stronger finding; on a tie the community's own term (it names the card)
        if previous is None or (match.severity, source == "overlay") > (
            previous.severity,
            previous.source == "overlay",
        ):
            best[(first, last)] = match
    if len(best) > 1:
        _drop_covered(best)
    return tuple(sorted(best.values(), key=_SPAN))


def _drop_covered(best: dict[tuple[int, int], Match]) -> None:
    """A word inside a phrase of its category that is as strong ("ты дурак" over "дурак",
    "сені өлтіремін" over "өлтіремін") is that phrase's part, not a second finding."""
    spans = list(best)
    for first, last in spans:
        inner = best[(first, last)]
        for a, b in spans:
            outer = best.get((a, b))
            if (
                outer is not None
                and (a, b) != (first, last)
                and a <= first
                and last <= b
                and outer.category is inner.category
                and outer.severity >= inner.severity
            ):
                del best[(first, last)]
                break
