"""Language of a comment: Kazakh, Russian, a mix of both, or something else.

Runs after normalization and decides which lexicon and which model may judge a comment.
Short, messy comments are the norm, so every word votes:
- a word with a Kazakh-only letter (әғқңөұүһі) votes Kazakh;
- a listed word (data/lang/*.txt) votes for its language — Kazakh words are listed in
  Kazakh letters and recognised in their Russian-keyboard spelling too ("рахмет калай
  жаксы"); a word listed for both languages votes for neither;
- otherwise weak cues: Kazakh suffixes (-лар, -мыз, -ның, -ған …) and Russian endings or
  letters (-ого, -ться, -ость; ц, щ, ъ, ь, э, ф, ч);
- a Latin word votes Russian if it is Russian typed in Latin, else it is foreign.
Both languages with real weight → MIXED; no Cyrillic words, emoji, "+" or digits → OTHER.
Votes are cached per word.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib import resources

from classifiers.bounded import BoundedCache
from classifiers.normalization.addresses import address_spans
from classifiers.normalization.lookalikes import kazakh_latin_reading, kazakh_spellings
from classifiers.normalization.words import latin_translit
from classifiers.normalize import KAZAKH_LETTERS, Normalized, fold_kazakh, normalize
from classifiers.vocabulary import Lang

_KAZAKH_LETTER = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS))}]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")
_KK_SUFFIXES = (
    "мыз", "миз", "мын", "мин", "сыз", "сиз", "сын", "нын", "нин", "дын", "дин", "тын", "тин",
    "лар", "лер", "дар", "дер", "тар", "тер", "ган", "ген", "кан", "кен", "дагы", "деги",
    "тагы", "теги", "ныз", "низ", "мады", "меди", "майды", "мейди", "ныны", "ниги",
)  # fmt: skip
_RU_ENDINGS = (
    "ого", "его", "ому", "ему", "ый", "ий", "ая", "яя", "ые", "ие", "ых", "ым", "ими", "ами",
    "ями", "ться", "тся", "ешь", "ишь", "ость", "ение", "ание", "ский", "ская", "ское",
    "ские", "ются", "ется", "ться", "ают", "яют", "ует", "ился", "ала", "али", "ило",
)  # fmt: skip
_RU_LETTER = re.compile(r"[цщъьэфчю]")
# Kazakh in Latin letters: "q" not before "u", and suffixes read in Kazakh (folded)
_KAZAKH_Q = re.compile(r"q(?!u)")
_KK_LATIN_SUFFIXES = (
    *_KK_SUFFIXES, "нды", "нди", "ды", "ди", "ны", "ни", "га", "ге", "нан", "нен",
    "дан", "ден", "тан", "тен", "мын", "мин", "сын", "син", "мыз", "миз",
)  # fmt: skip
_KAZAKH_LETTER_WEIGHT = 1.5
_CUE_WEIGHT = 0.5
# MIXED needs a vote of at least 1 and this share of all votes from each language: a long
# Russian text quoting one Kazakh word stays Russian.
_MIXED_SHARE = 0.15
_Vote = tuple[float, float, float, bool]  # (kazakh, russian, foreign, is a Cyrillic word)
_NO_VOTE: _Vote = (0.0, 0.0, 0.0, True)
_NUMBER: _Vote = (0.0, 0.0, 0.0, False)
# A vote is packed into one int so that a whole comment is summed by sum(map(dict lookup))
# in C, on sum's machine-integer fast path (a complex sum allocates an object per word):
# Kazakh and Russian weights in tenths in bits 0-17 and 18-35, the foreign word count in
# bits 36-49, the Cyrillic word count from bit 50. A comment has at most 10,000 words
# (the normalization cap) and a word votes at most _MAX_WEIGHT (the word lists are checked
# at load), so no field overflows into the next; a comment of over 8,191 Cyrillic words
# just sums as a big int.
_WEIGHT_BITS, _COUNT_BITS = 18, 14
_RU_SHIFT = _WEIGHT_BITS
_FOREIGN_SHIFT = 2 * _WEIGHT_BITS
_CYRILLIC_SHIFT = _FOREIGN_SHIFT + _COUNT_BITS
_WEIGHT_MASK, _COUNT_MASK = (1 << _WEIGHT_BITS) - 1, (1 << _COUNT_BITS) - 1
_VOTES_LIMIT = 100_000
_MAX_WEIGHT = 2.0  # 10,000 words x 20 tenths < 2**18


def _tenths(weight: float) -> int:
    return round(weight * 10)


def _packed_vote(text: str) -> int:
    kk, ru, foreign, cyrillic = _vote(text)
    return (
        _tenths(kk)
        | _tenths(ru) << _RU_SHIFT
        | int(foreign) << _FOREIGN_SHIFT
        | int(cyrillic) << _CYRILLIC_SHIFT
    )


_VOTES: BoundedCache[str, int] = BoundedCache(_packed_vote, _VOTES_LIMIT)


def detect_language(normalized: Normalized) -> Lang:
    """The language of a normalized comment (kk, ru, mixed or other)."""
    return _decide(*vote_totals(normalized))


def vote_totals(normalized: Normalized) -> tuple[float, float, int, int]:
    """The comment's Kazakh and Russian weights, foreign and Cyrillic word counts.

    Links and @mentions do not vote: "casino-kz.win" is not three foreign words, and a
    Russian name in "[id1|Тёма]" says nothing of the Kazakh comment after it."""
    # A token's vote depends on its text alone (a Latin word's reading derives from it).
    words = normalized.words
    spans = address_spans(normalized.original)
    if spans:
        words = _without_addresses(normalized.original, spans, words)
    return _unpacked(sum(map(_VOTES.__getitem__, words)))


def _without_addresses(original: str, spans: list[tuple[int, int]], words: list[str]) -> list[str]:
    """`words` less the words of the addresses at `spans` (each once)."""
    skip = Counter(w for start, end in spans for w in normalize(original[start:end]).words)
    kept = []
    for word in words:
        if skip[word] > 0:
            skip[word] -= 1
        else:
            kept.append(word)
    return kept


def _unpacked(total: int) -> tuple[float, float, int, int]:
    return (
        (total & _WEIGHT_MASK) / 10,
        (total >> _RU_SHIFT & _WEIGHT_MASK) / 10,
        total >> _FOREIGN_SHIFT & _COUNT_MASK,
        total >> _CYRILLIC_SHIFT,
    )


def _decide(kk: float, ru: float, foreign: int, cyrillic_words: int) -> Lang:
    known = kk + ru
    if known == 0.0:
        return Lang.RU if cyrillic_words and cyrillic_words >= foreign else Lang.OTHER
    if foreign > 2 * known:  # "nice video bro спасибо" is still not for our lexicons
        return Lang.OTHER
    share = kk / known
    if min(kk, ru) >= 1.0 and _MIXED_SHARE <= share <= 1 - _MIXED_SHARE:
        return Lang.MIXED
    return Lang.KK if kk > ru else Lang.RU


def _vote(text: str) -> _Vote:
    words = _words()
    if _CYRILLIC.search(text):
        if _KAZAKH_LETTER.search(text):
            return (_KAZAKH_LETTER_WEIGHT, 0.0, 0.0, True)
        if text in words.kk:
            return (words.kk[text], 0.0, 0.0, True)
        if text in words.ru:
            return (0.0, words.ru[text], 0.0, True)
        if len(text) >= 5 and text.endswith(_KK_SUFFIXES):
            return (_CUE_WEIGHT, 0.0, 0.0, True)
        if (len(text) >= 4 and text.endswith(_RU_ENDINGS)) or _RU_LETTER.search(text):
            return (0.0, _CUE_WEIGHT, 0.0, True)
        return _NO_VOTE
    if not _LETTER.search(text):
        return _NUMBER
    if not _LATIN.search(text) or text in words.en:
        return (0.0, 0.0, 1.0, False)
    reading = latin_translit(text)
    if reading in words.ru:
        return (0.0, words.ru[reading], 0.0, False)
    if reading in words.kk and len(reading) >= 4:  # "ap" reads "ар" (әр) by accident
        return (words.kk[reading], 0.0, 0.0, False)
    return _kazakh_latin_vote(text, words)


def _kazakh_latin_vote(text: str, words: _Words) -> _Vote:
    """Kazakh in the Latin alphabet ("Sen aqymaqsyñ, auzyñdy jap"): a listed word, a "q"
    (қ; English has it only before "u"), or a Kazakh suffix on a longer word."""
    kazakh = fold_kazakh(kazakh_latin_reading(text))
    if len(kazakh) >= 3 and kazakh in words.kk:
        return (words.kk[kazakh], 0.0, 0.0, False)
    if _KAZAKH_Q.search(text):
        return (1.0, 0.0, 0.0, False)
    if len(kazakh) >= 5 and kazakh.endswith(_KK_LATIN_SUFFIXES):
        return (_CUE_WEIGHT, 0.0, 0.0, False)
    return (0.0, 0.0, 1.0, False)


class _Words:
    def __init__(self) -> None:
        kk: dict[str, float] = {}
        for word, weight in _read("kk_words.txt"):
            for form in kazakh_spellings(word):
                kk[_normal(form)] = weight
        ru = {_normal(word): weight for word, weight in _read("ru_words.txt")}
        self.en = frozenset(_normal(word) for word, _ in _read("en_words.txt"))
        # every listed word, shared ones too: a word of its own in some language
        self.listed = frozenset(kk) | frozenset(ru) | self.en
        shared = kk.keys() & ru.keys()
        self.kk = {w: v for w, v in kk.items() if w not in shared}
        self.ru = {w: v for w, v in ru.items() if w not in shared}


@cache
def _words() -> _Words:
    return _Words()


def listed_words() -> frozenset[str]:
    """Every word of the lists (data/lang/*_words.txt) in normalized form, Kazakh ones
    also in their Russian-keyboard spellings."""
    return _words().listed


def _normal(word: str) -> str:
    return normalize(word).text


def _read(name: str) -> list[tuple[str, float]]:
    text = (resources.files("classifiers") / "data" / "lang" / name).read_text("utf-8")
    entries: list[tuple[str, float]] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            weight = float(fields[1]) if len(fields) > 1 else 1.0
            # Votes are summed in tenths in fields of fixed width (see _packed_vote).
            if not 0.0 <= weight <= _MAX_WEIGHT or abs(weight * 10 - _tenths(weight)) > 1e-9:
                raise ValueError(
                    f"{name}: weight {fields[1]!r} of {fields[0]!r} must be a multiple of "
                    f"0.1 between 0 and {_MAX_WEIGHT}"
                )
            entries.append((fields[0], weight))
    return entries
