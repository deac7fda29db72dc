"""Per word form: which entries a word matches, computed once and cached.

A token's text is looked up in a dict; on a miss the word is collapsed to its pattern form,
two pre-combined regexes (anchored roots, floating roots) answer "could any root match
here?", only then is each root tried; word entries are tried
through Russian lemmas / Kazakh stems only when the word's first letters could start one,
and the language's exception list has the last word. Masked words ("х*й") try the fillings
`wildcard` proposes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.lexicon.entries import Entry, Kind, collapse
from classifiers.lexicon.gates import (
    NEVER,
    anchored,
    gate_by_first_character,
    roots_by_first_character,
    shared_prefixes,
)
from classifiers.lexicon.wildcard import fillings, plausible
from classifiers.morphology import fold, kazakh_stems, russian_lemmas
from classifiers.normalization.lookalikes import kazakh_latin_reading

_CACHE_LIMIT = 300_000
# Real words, even glued compounds ("шешеңніңамыссігейін"), are far shorter. Longer runs
# are matched window by window so that no regex ever sees an unbounded word.
_WINDOW = 48
_STEP = 24
_MAX_MASKED = 40
# What a word can start, as WordIndex.reach holds it: summed over a comment's words in C
# (sum's machine-integer fast path), the total says at once whether the comment needs
# matching at all. A comment of 10,000 words (the cap) sums far below 2**63.
INERT = 0  # nothing: the matcher can skip the word
PHRASE_HEAD = 1  # only a phrase ("я", "тебя" are common)
MAY_MATCH = 1 << 32  # a root or word entry
UNSEEN = MAY_MATCH  # a word not looked at yet: it must be


class Reach(dict[str, int]):
    """word → INERT, PHRASE_HEAD or MAY_MATCH; a word not yet seen reads UNSEEN (without
    being stored). `reach[word]` (dict's own subscript, in C) rather than
    `reach.get(word, UNSEEN)`: no argument parsing per word, and `__missing__` is reached
    only for a new word."""

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        return UNSEEN


def loose(word: str) -> str:
    """Spelling-insensitive key for phrases and overlays: Kazakh letters folded, ы → и."""
    return fold(word).replace("ы", "и")


def word_fits(pattern: str, key: str) -> bool:
    """A phrase word (a literal, or a prefix ending in "*") against a `loose` word key."""
    if pattern.endswith("*"):
        return key.startswith(pattern[:-1])
    return key == pattern


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the matcher needs to know about one word form."""

    entries: tuple[Entry, ...]  # root/word entries it matches (exceptions applied)
    form: str  # the pattern form: lower case, ё→е, repeats collapsed
    key: str  # loose(form); for a Latin word, of its Russian reading ("ubyu" → "убю")
    head: str  # key[:2], where overlay terms and phrases are indexed
    # phrase entries whose first word this word fits, each with its `loose` words (the
    # pair, not a lookup by entry: a frozen dataclass's hash is computed field by field)
    phrases: tuple[tuple[Entry, tuple[str, ...]], ...]
    inert: bool  # no entries and no phrases: the matcher can skip the word
    # a Latin word's Kazakh reading ("seni" → "сени"), for phrases; else `key`
    other_key: str = ""

    def fits(self, pattern: str) -> bool:
        """Whether a phrase word (a literal or "prefix*") fits this word."""
        return word_fits(pattern, self.key) or (
            self.other_key != self.key and word_fits(pattern, self.other_key)
        )


class WordIndex:
    """Root regexes, word entries, phrase heads and exceptions, with a per-word cache."""

    def __init__(self, entries: Iterable[Entry], exceptions: dict[str, list[str]]) -> None:
        entries = tuple(entries)
        self._roots = [e for e in entries if e.kind is Kind.ROOT and e.pattern is not None]
        # Two pre-combined regexes answer "could any root match?": patterns anchored at the
        # start are tried once at position 0 (`match`), the rest are searched. One combined
        # search over every pattern would retry each anchored one at every position.
        at_start = [e.pattern.pattern for e in self._roots if e.pattern and anchored(e.pattern)]
        floating = [e.pattern.pattern for e in self._roots if e.pattern and not anchored(e.pattern)]
        self._anchored_by_first, self._anchored_ungated = gate_by_first_character(
            shared_prefixes(at_start)
        )
        self._floating_roots = re.compile("|".join(f"(?:{rx})" for rx in floating) or NEVER)
        self._roots_by_first, self._roots_anywhere = roots_by_first_character(self._roots)
        # Kazakh roots tried on stems, anchored ones only: a pattern searched anywhere
        # finds in the word what it would find in its stem, the word's beginning.
        self._stem_roots = tuple(
            e for e in self._roots if e.by_stem and e.pattern and anchored(e.pattern)
        )
        # A stem is the word's beginning: a root that matches a stem, its end anchors
        # dropped, matches the word — one regex says whether any stem is worth stripping.
        prefixes = [e.pattern.pattern.replace("$", "") for e in self._stem_roots if e.pattern]
        self._stem_gate = re.compile("|".join(f"(?:{rx})" for rx in prefixes) or NEVER)
        self._exceptions = {
            lang: re.compile("|".join(f"(?:{rx})" for rx in regexes) or NEVER)
            for lang, regexes in exceptions.items()
        }
        self._words: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.kind is Kind.WORD:
                key = fold(entry.term) if entry.lang == "kk" else entry.term
                self._words.setdefault(key, []).append(entry)
        self._word_gates = frozenset(fold(key)[:2] for key in self._words)
        # By the first two letters of its first word: each phrase with its words (a pair,
        # not a lookup by entry, whose hash is computed field by field).
        self._phrase_heads: dict[str, list[tuple[Entry, tuple[str, ...]]]] = {}
        for entry in entries:
            if entry.kind is Kind.PHRASE:
                words = tuple(loose(w) for w in entry.words)
                self._phrase_heads.setdefault(words[0][:2], []).append((entry, words))
        self._known_forms = tuple(sorted({e.term for e in entries if e.kind is Kind.WORD}))
        self.cache: dict[str, WordInfo] = {}  # token text → info; read directly by find
        # word → what it can start (INERT, PHRASE_HEAD or MAY_MATCH), one C-level lookup
        # per word: a comment whose words are all known and inert matches nothing, whatever
        # its language; one whose words are at most phrase heads needs only its phrases.
        self.reach = Reach()

    def info(self, text: str, translit: str | None = None) -> WordInfo:
        """Everything about the word `text` (a token's text), cached by that text.

        A Latin-script token also matches through its Cyrillic reading `translit`, which
        normalization derives from the word alone, so caching by `text` stays correct.
        """
        found = self.cache.get(text)
        if found is None:
            form = collapse(text)
            key = other_key = loose(form)
            entries = self._masked(form) if "*" in form else self._entries(form)
            if translit:
                key, other_key = loose(collapse(translit)), loose(kazakh_latin_reading(form))
                # exception lists also hold Latin words ("job" reads "еб"); Kazakh in Latin
                # letters ("jalap", "aqymaq") is read the Kazakh way for Kazakh entries
                kazakh = kazakh_latin_reading(form)
                more = [
                    e for e in self.info(translit).entries if not self._is_exception(e.lang, form)
                ] + [
                    e
                    for e in self.info(kazakh).entries
                    if e.lang == "kk" and not self._is_exception(e.lang, form)
                ]
                entries = tuple(dict.fromkeys(entries + tuple(more)))
            heads = tuple(
                phrase
                for k in dict.fromkeys((key, other_key))
                for phrase in self._phrase_heads.get(k[:2], ())
                if word_fits(phrase[1][0], k)
            )
            found = WordInfo(
                entries, form, key, key[:2], heads, not entries and not heads, other_key
            )
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()  # bounded memory; the working set refills quickly
                self.reach.clear()
            self.cache[text] = found
            self.reach[text] = (
                INERT if found.inert else (PHRASE_HEAD if not found.entries else MAY_MATCH)
            )
        return found

    def _entries(self, form: str) -> tuple[Entry, ...]:
        if len(form) <= _WINDOW:
            return self._short_entries(form)
        hits: dict[Entry, None] = {}
        for start in range(0, len(form) - _STEP, _STEP):
            hits.update(dict.fromkeys(self._short_entries(form[start : start + _WINDOW])))
        return tuple(hits)

    def _short_entries(self, form: str) -> tuple[Entry, ...]:
        hits: list[Entry] = []
        if self._may_match(form):
            roots = self._roots_by_first.get(form[:1], self._roots_anywhere)
            hits.extend(e for e in roots if e.pattern and e.pattern.search(form))
        if not hits:
            hits.extend(self._kazakh_stem_hits(form))
        folded = fold(form)
        if folded[:2] in self._word_gates:
            hits.extend(self._word_hits(form, folded))
        if not hits:
            return ()
        kept = [e for e in hits if not self._is_exception(e.lang, form)]
        return tuple(dict.fromkeys(kept))

    def _kazakh_stem_hits(self, form: str) -> list[Entry]:
        """Kazakh root entries matched by a stem of the word: the suffixes a root's pattern
        does not list ("топастарыңа" → топас, "ақымақтарыңызға" → ақымақ)."""
        if len(form) < 5 or not self._stem_gate.match(form):
            return []  # no Kazakh root can start this word
        hits: list[Entry] = []
        for stem in kazakh_stems(form)[1:]:
            if len(stem) >= 3:
                hits.extend(e for e in self._stem_roots if e.pattern and e.pattern.match(stem))
        return hits

    def _may_match(self, form: str) -> bool:
        # Only the anchored patterns this first letter can start (see `first`): the same
        # answer as one regex of every anchored pattern, several times cheaper.
        gated = self._anchored_by_first.get(form[:1])
        return bool(
            (gated is not None and gated.match(form))
            or self._anchored_ungated.match(form)
            or self._floating_roots.search(form)
        )

    def _is_exception(self, lang: str, form: str) -> bool:
        pattern = self._exceptions.get(lang)
        return bool(pattern and pattern.fullmatch(form))

    def _word_hits(self, form: str, folded: str) -> list[Entry]:
        hits: list[Entry] = list(self._words.get(form, ()))
        hits.extend(e for e in self._words.get(folded, ()) if e.lang == "kk")
        for lemma in russian_lemmas(form):
            hits.extend(e for e in self._words.get(lemma, ()) if e.lang == "ru")
        for stem in kazakh_stems(form)[1:]:
            hits.extend(e for e in self._words.get(fold(stem), ()) if e.lang == "kk")
        return hits

    def _masked(self, form: str) -> tuple[Entry, ...]:
        if len(form) > _MAX_MASKED or not plausible(form):
            return ()
        hits: dict[Entry, None] = {}
        # The closest readings first: the stars as written, then an ellipsis as one
        # hidden letter, then as two ("пи...да" is "пизда" before it is "пидрда").
        for tier in fillings(form, self._known_forms):
            for candidate in tier:
                if self._may_match(candidate) or fold(candidate)[:2] in self._word_gates:
                    hits.update(dict.fromkeys(self._short_entries(candidate)))
            if hits:
                break
        return tuple(hits)
