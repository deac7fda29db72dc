"""What one lexicon line becomes: an entry the matcher can test a word (or words) against."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from operator import methodcaller

from classifiers.vocabulary import Category


class Kind(StrEnum):
    """How an entry matches (see classifiers/data/lexicon/README.md)."""

    ROOT = "root"  # a regex searched in the word's normalized form
    WORD = "word"  # the word, or its Russian lemma / Kazakh stem, equals the term
    PHRASE = "phrase"  # consecutive words, each a literal or a "prefix*"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry, ready to match. `origin` is "file:line" for messages and tests."""

    lang: str  # "ru" or "kk"
    category: Category
    kind: Kind
    term: str  # canonical form reported as Match.root
    severity: int
    origin: str
    pattern: re.Pattern[str] | None = None  # ROOT only
    words: tuple[str, ...] = ()  # PHRASE only: normalized words, "*" suffix = prefix
    not_ru: bool = False  # skipped when the text is plain Russian (e.g. Kazakh "ам")
    not_kk: bool = False  # skipped when the text is plain Kazakh (e.g. "жид" = "eats")
    # kk roots: also tried on the word's Kazakh stems (not for `strict` entries, whose
    # patterns list every suffix they allow: "көт" must not reach "көтен", a baby's bottom)
    by_stem: bool = False

    def applies_to(self, lang: str) -> bool:
        """Whether the entry is in force for a text detected as `lang` ("ru", "kk", ...)."""
        return not ((self.not_ru and lang == "ru") or (self.not_kk and lang == "kk"))


def collapse(word: str) -> str:
    """The form every pattern is written against: lower case, ё→е, letter repeats collapsed.

    Normalization already does this; repeating it here keeps the matcher correct for
    hand-built tokens and for overlay terms typed by admins.
    """
    word = word.lower().replace("ё", "е")
    return _REPEATS.sub(_FIRST_GROUP, word)


_REPEATS = re.compile(r"(\w)\1+")
_FIRST_GROUP = methodcaller("group", 1)  # C-level: a "\\1" template costs a Python call
