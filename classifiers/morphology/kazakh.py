"""Kazakh stems by suffix stripping, for Kazakh letters and Russian-keyboard spelling.

Kazakh glues suffixes in a fixed order: stem + plural + possessive + case + person + particle
("ақымақ-тар-ың-а", "ақымақ-сың"). We strip that sequence right to left, each slot
optional, and keep every stem it leaves. Suffix tables hold the vowel-harmony and
assimilation variants (лар/лер/дар/дер/тар/тер …) in Kazakh letters and as they look typed
on a Russian keyboard (ың → ын/ин, ға → га, і → и/ы). When the word is written with Kazakh
letters, a suffix whose harmony contradicts the stem's last vowel is rejected, so fewer
false stems appear. A stem ending in a voiced consonant that Kazakh produces from a
voiceless one before a vowel (ақымағы ← ақымақ, кітабы ← кітап) also yields the voiceless
form.
"""

from __future__ import annotations

from functools import lru_cache

from classifiers.normalization.lookalikes import fold_kazakh, kazakh_spellings

_BACK = frozenset("аоұы")
_FRONT = frozenset("әөүіе")
_KAZAKH_ONLY = frozenset("әғқңөұүһі")
_VOWELS = frozenset("аәеёиоөуұүыіэюя")


# Kazakh letters as typed on a Russian keyboard (қ→к ә→а ө→о ұ/ү→у ң→н ғ→г і→и һ→х).
fold = fold_kazakh


def _variants(forms: str) -> frozenset[str]:
    """Kazakh suffix forms plus their Russian-keyboard spellings (і typed as и or ы)."""
    out: set[str] = set()
    for form in forms.split():
        out.update(kazakh_spellings(form))
    return frozenset(out)


# Order of the slots as stripped from the end of the word.
_PERSON = _variants(
    "мын мін бын бін пын пін сың сің сыз сіз мыз міз быз біз пыз піз сыңдар сіңдер сыздар сіздер"
)
_PARTICLE = _variants("ма ме ба бе па пе ғой қой")
_CASE = _variants(
    "ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н "
    "да де та те нда нде дан ден тан тен нан нен мен бен пен менен бенен пенен"
)
_POSSESSIVE = _variants("ым ім м ың ің ң ыңыз іңіз ңыз ңіз ы і сы сі ымыз іміз мыз міз")
_PLURAL = _variants("лар лер дар дер тар тер")
_SLOTS = (_PARTICLE, _PERSON, _CASE, _POSSESSIVE, _PLURAL)
_MAX_SUFFIX = max(len(s) for slot in _SLOTS for s in slot)
_INVARIANT = frozenset({"мен", "бен", "пен", "менен", "бенен", "пенен"})
_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}
_MIN_STEM = 2


def _harmony_ok(stem: str, suffix: str, strict: bool) -> bool:
    """Reject a front-vowel suffix on a back-vowel stem and vice versa (Kazakh letters only).

    The instrumental (мен/бен/пен) does not harmonize, so it is always accepted.
    """
    if not strict or suffix in _INVARIANT:
        return True
    suffix_vowels = [ch for ch in suffix if ch in _VOWELS]
    stem_vowels = [ch for ch in stem if ch in _VOWELS]
    if not suffix_vowels or not stem_vowels:
        return True
    last, first = stem_vowels[-1], suffix_vowels[0]
    return not ((last in _BACK and first in _FRONT) or (last in _FRONT and first in _BACK))


def _strip(word: str, slot: frozenset[str], strict: bool) -> list[str]:
    """Every way to remove one suffix of `slot` from the end of `word` (keeping a stem)."""
    out = []
    for size in range(1, min(_MAX_SUFFIX, len(word) - _MIN_STEM) + 1):
        suffix = word[-size:]
        if suffix in slot:
            stem = word[:-size]
            if _harmony_ok(stem, suffix, strict) and any(ch in _VOWELS for ch in stem):
                out.append(stem)
    return out


@lru_cache(maxsize=200_000)
def kazakh_stems(word: str) -> tuple[str, ...]:
    """Candidate stems of a Kazakh word form, the word itself first, then longest first.

    Works on Kazakh letters ("ақымақтарың") and on Russian-keyboard spelling
    ("акымактарын"). Candidates over-generate on purpose (the matcher compares them with
    known stems); they never include a stem shorter than two letters.
    """
    word = word.lower().replace("ё", "е")
    strict = any(ch in _KAZAKH_ONLY for ch in word)
    stems = {word}
    frontier = {word}
    for slot in _SLOTS:
        produced: set[str] = set()
        for form in frontier:
            produced.update(_strip(form, slot, strict))
        stems |= produced
        frontier |= produced
    for stem in list(stems):
        voiceless = _DEVOICE.get(stem[-1])
        if voiceless and len(stem) > _MIN_STEM:
            stems.add(stem[:-1] + voiceless)
    rest = sorted(stems - {word}, key=lambda s: (-len(s), s))
    return (word, *rest)
