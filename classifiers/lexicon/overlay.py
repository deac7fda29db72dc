"""One community's own edits to the shipped lexicon, applied at run time on every call.

Admins edit blacklists from the bot (/addword, /delword, /allowword); the bot passes the
current `LexiconOverlay` to `Lexicon.find`, so a change applies to the next comment without
a restart. An added term matches its inflections too: a token matches when its form, its
Russian lemma or its Kazakh stem equals the term's (a trailing "*" makes it a prefix).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from classifiers.lexicon.entries import Entry, collapse
from classifiers.lexicon.words import loose
from classifiers.morphology import kazakh_stems, russian_lemmas
from classifiers.vocabulary import Category

_TERM_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class OverlayTerm:
    """A word or phrase an admin added, with the category and severity it stands for."""

    term: str
    category: Category
    severity: int = 2


@dataclass(frozen=True, slots=True)
class LexiconOverlay:
    """One community's admin edits, applied at run time."""

    added: tuple[OverlayTerm, ...] = ()  # /addword
    removed: frozenset[str] = frozenset()  # /delword: shipped entries switched off by term
    allowed: frozenset[str] = frozenset()  # /allowword: words never flagged here


def _keys(word: str) -> set[str]:
    """The forms under which an added word is known: itself and its first Russian lemma."""
    keys = {loose(word)}
    keys.update(loose(lemma) for lemma in russian_lemmas(word)[:1])
    return keys


@dataclass(frozen=True, slots=True)
class CompiledOverlay:
    """An overlay pre-digested for fast per-token checks (built once per distinct overlay)."""

    words: dict[str, OverlayTerm]  # loose key → term
    prefixes: tuple[tuple[str, OverlayTerm], ...]  # "казино*" style terms, loose prefix
    phrases: dict[str, list[tuple[tuple[str, ...], OverlayTerm]]]  # by head: loose words
    gates: frozenset[str]  # first two letters of every added key
    starts: frozenset[str]  # ... and of every phrase's first word: where a hit can begin
    removed: frozenset[str]
    allowed: frozenset[str]
    _terms: dict[str, OverlayTerm | None] = field(default_factory=dict)  # per-form cache

    @classmethod
    def build(cls, overlay: LexiconOverlay) -> CompiledOverlay:
        words: dict[str, OverlayTerm] = {}
        prefixes: list[tuple[str, OverlayTerm]] = []
        phrases: dict[str, list[tuple[tuple[str, ...], OverlayTerm]]] = {}
        for item in overlay.added:
            parts = [collapse(part) for part in item.term.split()]
            if not parts:
                continue
            if len(parts) > 1:
                parts_key = tuple(loose(part) for part in parts)
                phrases.setdefault(parts_key[0][:2], []).append((parts_key, item))
            elif parts[0].endswith("*") and len(parts[0]) > 1:
                prefixes.append((loose(parts[0].rstrip("*")), item))
            else:
                for key in _keys(parts[0]):
                    words.setdefault(key, item)
        gates = {key[:2] for key in words} | {prefix[:2] for prefix, _ in prefixes}
        return cls(
            words=words,
            prefixes=tuple(prefixes),
            phrases=phrases,
            gates=frozenset(gates),
            starts=frozenset(gates | set(phrases)),
            removed=frozenset(loose(collapse(w)) for w in overlay.removed),
            allowed=frozenset(loose(collapse(w)) for w in overlay.allowed),
        )

    def word_term(self, form: str) -> OverlayTerm | None:
        """The added term this word form (lemma, Kazakh stem) stands for, if any."""
        if form in self._terms:
            return self._terms[form]
        found = self._lookup(form)
        if len(self._terms) < _TERM_CACHE_LIMIT:
            self._terms[form] = found
        return found

    def _lookup(self, form: str) -> OverlayTerm | None:
        key = loose(form)
        if key[:2] not in self.gates:
            return None
        for prefix, item in self.prefixes:
            if key.startswith(prefix):
                return item
        return next((self.words[k] for k in _known_as(form) if k in self.words), None)

    def blocks(self, entry: Entry | None, forms: list[str]) -> bool:
        """Whether this community switched the hit off (removed entry or allowed word).

        `entry` is None for the overlay's own added terms, which only `allowed` can block.
        """
        if entry is not None and self.removed:
            if loose(collapse(entry.term)) in self.removed:
                return True
            if any(loose(form) in self.removed for form in forms):
                return True
        return any(self._is_allowed(form) for form in forms)

    def _is_allowed(self, form: str) -> bool:
        return bool(self.allowed) and any(key in self.allowed for key in _known_as(form))


def _known_as(form: str) -> Iterator[str]:
    """The loose keys a word form may be listed under, computed as far as asked: the form,
    its Russian lemmas, its Kazakh stems."""
    yield loose(form)
    yield from map(loose, russian_lemmas(form))
    yield from map(loose, kazakh_stems(form)[1:])
