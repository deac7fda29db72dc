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
from classifiers.lexicon.first import first_characters
from classifiers.lexicon.wildcard import fillings, plausible
from classifiers.morphology import fold, kazakh_stems, russian_lemmas
from classifiers.normalization.lookalikes import kazakh_latin_reading

_CACHE_LIMIT = 300_000
# Real words, even glued compounds ("шешеңніңамыссігейін"), are far shorter. Longer runs
# are matched window by window so that no regex ever sees an unbounded word.
_WINDOW = 48
_STEP = 24
_MAX_MASKED = 40
_NEVER = r"(?!x)x"
# A word that may carry Kazakh suffixes past a root (-лар/-дар/-тар, -ың/-ын, -ға/-га,
# -сың/-сын, -ды/-ді, -мен …): only such words look for Kazakh roots in their stems.
_KAZAKH_STEM_CANDIDATE = re.compile(
    r"(?:[лдт][аеә]р|[ыіи][ңн]|[ғгқк][аеә]|с[ыіи][ңнз]|[дтн][ыіи]|[мбп][еа]н|[ыі]м|[дтн][аеә]н|[дт][аеә]|[ыі])"
    r"[а-яәғқңөұүһі]{0,12}$"
)
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


def _top_level_alternatives(regex: str) -> list[str]:
    """Split a regex on "|" outside groups and character classes."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(regex):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
    parts.append(regex[start:])
    return parts


def _anchored(pattern: re.Pattern[str]) -> bool:
    """True when every alternative of the pattern starts with "^" (no MULTILINE flag)."""
    return all(part.startswith("^") for part in _top_level_alternatives(pattern.pattern))


def _roots_by_first_character(
    roots: list[Entry],
) -> tuple[dict[str, tuple[Entry, ...]], tuple[Entry, ...]]:
    """Per first character, the root entries a word starting with it can match (in their
    order), and those for any other first character: a root anchored at the start whose
    first characters `first_characters` knows cannot match a word starting otherwise, so
    a new word is searched with a fraction of the hundred-odd patterns."""
    gated: dict[Entry, frozenset[str]] = {}
    for entry in roots:
        if entry.pattern is not None and _anchored(entry.pattern):
            chars = first_characters(entry.pattern)
            if chars is not None:
                gated[entry] = chars
    anywhere = tuple(e for e in roots if e not in gated)
    firsts = {c for chars in gated.values() for c in chars}
    by_first = {c: tuple(e for e in roots if e not in gated or c in gated[e]) for c in firsts}
    return by_first, anywhere


# A repeated prefix group at the start of an alternative: "^(?:(?:вз|вс|…)[ъь]?){0,3}".
_PREFIX_GROUP = re.compile(r"\^\(\?:\(\?:[^()]*\)\[ъь\]\?\)\{\d+,\d+\}")


def _shared_prefixes(regexes: list[str]) -> list[str]:
    """The same alternatives, those that start with the same prefix group merged into one
    ("^P(?:a|b)" for "^Pa", "^Pb"): the regex engine then walks the prefix group once, not
    once per root. A match from position 0 exists for the merged pattern exactly when it
    exists for one of the alternatives."""
    merged: dict[str, list[str]] = {}
    kept: list[str] = []
    for regex in regexes:
        for alternative in _top_level_alternatives(regex):
            found = _PREFIX_GROUP.match(alternative)
            if found is None:
                kept.append(alternative)
            else:
                merged.setdefault(found.group(), []).append(alternative[found.end() :])
    for prefix, rests in merged.items():
        kept.append(prefix + "(?:" + "|".join(f"(?:{rest})" for rest in rests) + ")")
    return kept


def _gate_by_first_character(
    regexes: list[str],
) -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """Per first character, the anchored patterns a word starting with it can match, and
    the patterns whose first character `first_characters` cannot tell (tried always)."""
    by_first: dict[str, list[str]] = {}
    ungated: list[str] = []
    for rx in regexes:
        chars = first_characters(re.compile(rx))
        if chars is None:
            ungated.append(rx)
            continue
        for char in chars:
            by_first.setdefault(char, []).append(rx)
    compiled = {
        char: re.compile("|".join(f"(?:{rx})" for rx in group)) for char, group in by_first.items()
    }
    return compiled, re.compile("|".join(f"(?:{rx})" for rx in ungated) or _NEVER)


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the matcher needs to know about one word form."""

    entries: tuple[Entry, ...]  # root/word entries it matches (exceptions applied)
    form: str  # the pattern form: lower case, ё→е, repeats collapsed
    key: str  # loose(form)
    head: str  # key[:2], where overlay terms and phrases are indexed
    # phrase entries whose first word this word fits, each with its `loose` words (the
    # pair, not a lookup by entry: a frozen dataclass's hash is computed field by field)
    phrases: tuple[tuple[Entry, tuple[str, ...]], ...]
    inert: bool  # no entries and no phrases: the matcher can skip the word


class WordIndex:
    """Root regexes, word entries, phrase heads and exceptions, with a per-word cache."""

    def __init__(self, entries: Iterable[Entry], exceptions: dict[str, list[str]]) -> None:
        entries = tuple(entries)
        self._roots = [e for e in entries if e.kind is Kind.ROOT and e.pattern is not None]
        # Two pre-combined regexes answer "could any root match?": patterns anchored at the
        # start are tried once at position 0 (`match`), the rest are searched. One combined
        # search over every pattern would retry each anchored one at every position.
        anchored = [e.pattern.pattern for e in self._roots if e.pattern and _anchored(e.pattern)]
        floating = [
            e.pattern.pattern for e in self._roots if e.pattern and not _anchored(e.pattern)
        ]
        self._anchored_roots = re.compile("|".join(f"(?:{rx})" for rx in anchored) or _NEVER)
        self._anchored_by_first, self._anchored_ungated = _gate_by_first_character(
            _shared_prefixes(anchored)
        )
        self._floating_roots = re.compile("|".join(f"(?:{rx})" for rx in floating) or _NEVER)
        self._roots_by_first, self._roots_anywhere = _roots_by_first_character(self._roots)
        self._exceptions = {
            lang: re.compile("|".join(f"(?:{rx})" for rx in regexes) or _NEVER)
            for lang, regexes in exceptions.items()
        }
        self._words: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.kind is Kind.WORD:
                key = fold(entry.term) if entry.lang == "kk" else entry.term
                self._words.setdefault(key, []).append(entry)
        self._word_gates = frozenset(fold(key)[:2] for key in self._words)
        self.phrase_words: dict[Entry, tuple[str, ...]] = {}
        self._phrase_heads: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.kind is Kind.PHRASE:
                words = tuple(loose(w) for w in entry.words)
                self.phrase_words[entry] = words
                self._phrase_heads.setdefault(words[0][:2], []).append(entry)
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
            key = loose(form)
            entries = self._masked(form) if "*" in form else self._entries(form)
            if translit:
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
                (e, self.phrase_words[e])
                for e in self._phrase_heads.get(key[:2], ())
                if word_fits(self.phrase_words[e][0], key)
            )
            found = WordInfo(entries, form, key, key[:2], heads, not entries and not heads)
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
        if len(form) < 4 or not _KAZAKH_STEM_CANDIDATE.search(form):
            return []
        hits: list[Entry] = []
        for stem in kazakh_stems(form)[1:]:
            if len(stem) >= 3 and self._may_match(stem):
                roots = self._roots_by_first.get(stem[:1], self._roots_anywhere)
                hits.extend(
                    e for e in roots if e.by_stem and e.pattern and e.pattern.search(stem)
                )
        return hits

    def _may_match(self, form: str) -> bool:
        # Only the anchored patterns this first letter can start (see `first`): the same
        # answer as `self._anchored_roots.match(form)`, several times cheaper.
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
