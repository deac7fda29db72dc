"""Look-alike and transliteration tables: which foreign character stands for which Cyrillic.

Three readings exist, each for a different situation:
- inside a Cyrillic word, a Latin/Greek letter, a digit or a symbol is a disguise for the
  Cyrillic letter it resembles ("xуй", "п1zдец", "3аебал", "$ука", "@хуеть");
- a Latin word made only of letters that look Cyrillic and using the telltale ones
  (x, y, c, p) is read by shape ("cyka" → "сука", "xep" → "хер");
- any other Latin word is read as Russian typed in Latin ("blyat" → "блят", "nahui" →
  "нахуи", "pizdec" → "пиздец", "huy" → "хуй").
`fold_kazakh` gives the spelling of Kazakh typed on a Russian keyboard.
"""

from __future__ import annotations

import re

# Case matters: a capital B/H/N reads as В/Н, a small b/h as б/х (as obfuscators write them).
_IN_CYRILLIC = {
    "a": "а", "A": "а", "b": "б", "B": "в", "c": "с", "C": "с", "d": "д", "D": "д",
    "e": "е", "E": "е", "f": "ф", "F": "ф", "g": "г", "G": "г", "h": "х", "H": "н",
    "i": "и", "I": "и", "j": "й", "J": "й", "k": "к", "K": "к", "l": "л", "L": "л",
    "m": "м", "M": "м", "n": "п", "N": "н", "o": "о", "O": "о", "p": "р", "P": "р",
    "q": "к", "Q": "к", "r": "г", "R": "р", "s": "с", "S": "с", "t": "т", "T": "т",
    "u": "и", "U": "и", "v": "в", "V": "в", "w": "ш", "W": "ш", "x": "х", "X": "х",
    "y": "у", "Y": "у", "z": "з", "Z": "з",
    # Greek letters that pass for Cyrillic ones
    "α": "а", "β": "в", "γ": "у", "δ": "д", "ε": "е", "η": "н", "ι": "и", "κ": "к",
    "λ": "л", "μ": "м", "ν": "в", "ο": "о", "π": "п", "ρ": "р", "σ": "с", "τ": "т",
    "υ": "у", "φ": "ф", "χ": "х", "ω": "ш", "Α": "а", "Β": "в", "Ε": "е", "Η": "н",
    "Κ": "к", "Μ": "м", "Ο": "о", "Ρ": "р", "Τ": "т", "Χ": "х", "Υ": "у",
    # Latin letters Kazakh keyboards lack and people borrow for ә, ө
    "ə": "ә", "Ə": "ә", "ɵ": "ө", "Ɵ": "ө",
    # symbols and digits
    "@": "а", "$": "с", "!": "и", "0": "о", "1": "и", "3": "з", "4": "ч", "6": "б", "9": "я",
}  # fmt: skip
IN_CYRILLIC_TABLE = str.maketrans(_IN_CYRILLIC)

# A Cyrillic letter inside a mostly-Latin word ("blyаt" with a Cyrillic а). Only to
# letters that look Cyrillic themselves, so folding twice changes nothing.
_IN_LATIN = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x",
    # leet digits and symbols inside a Latin word ("q0taq", "sh!t", "f4ck")
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
}  # fmt: skip
IN_LATIN_TABLE = str.maketrans(_IN_LATIN)

_BY_SHAPE = {
    "a": "а", "b": "ь", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о",
    "p": "р", "t": "т", "x": "х", "y": "у",
}  # fmt: skip
_BY_SHAPE_TABLE = str.maketrans(_BY_SHAPE)
_SHAPE_ONLY = re.compile(r"[abcehkmoptxy]+")
_SHAPE_TELLTALE = re.compile(r"[xycp]")

_DIGRAPHS = {
    "shch": "щ", "sch": "щ", "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц",
    "yo": "е", "ya": "я", "yu": "ю", "ye": "е", "jo": "е", "ja": "я", "ju": "ю", "je": "е",
}  # fmt: skip
_SINGLE = {
    "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "х",
    "z": "з",
}  # fmt: skip
_VOWELS = "aeiouy"
_TRANSLIT = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)) + "|c$|[a-z]")

# Kazakh in the Latin alphabet of 2021 (q = қ, ğ = ғ, ñ = ң, y = ы, ı = і, j = ж, ş = ш,
# ä/ö/ü/ū = ә/ө/ү/ұ) and its informal spellings (sh, ch, zh, gh, ng). Diacritics are gone
# by the time a word is read (ş, ç, ı are spelled sh, ch, i; ä, ö, ü, ū, ğ, ñ lose their
# marks), and a folded Kazakh reading does not need them.
_KAZAKH_DIGRAPHS = {"sh": "ш", "ch": "ч", "zh": "ж", "gh": "ғ", "kh": "х"}
_KAZAKH_SINGLE = {
    "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "һ",
    "i": "і", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "х",
    "y": "ы", "z": "з",
}  # fmt: skip
_KAZAKH_LATIN = re.compile("sh|ch|zh|gh|kh|ng(?![aeiouy])|[a-z]")


def _kazakh_one(match: re.Match[str]) -> str:
    piece = match.group()
    if piece == "ng":
        return "ң"
    return _KAZAKH_DIGRAPHS.get(piece) or _KAZAKH_SINGLE.get(piece, piece)


def kazakh_latin_reading(word: str) -> str:
    """The Kazakh (Cyrillic) reading of a lower-case Latin word ("aqymaqsyn" → "ақымақсын")."""
    return _KAZAKH_LATIN.sub(_kazakh_one, word)


# How each Kazakh letter is typed on a Russian keyboard (the usual spelling first): the one
# table every Kazakh-letter variant in the library derives from — `fold_kazakh`, the
# lexicon's pattern classes (`kazakh_letter_class`), the word lists' spellings
# (`kazakh_spellings`) and the suffix tables of `morphology.kazakh`.
KAZAKH_TYPED: dict[str, str] = {
    "ә": "а", "ө": "о", "ү": "у", "ұ": "у", "і": "иы", "қ": "к", "ғ": "г", "ң": "н", "һ": "х",
}  # fmt: skip
KAZAKH_LETTERS = frozenset(KAZAKH_TYPED)
_KAZAKH = str.maketrans(
    {
        **{k: v[0] for k, v in KAZAKH_TYPED.items()},
        **{k.upper(): v[0].upper() for k, v in KAZAKH_TYPED.items()},
    }
)
# і is typed и or ы: the second reading, for spellings
_KAZAKH_SECOND = str.maketrans({k: v[-1] for k, v in KAZAKH_TYPED.items()})


def kazakh_letter_class(letter: str) -> str | None:
    """The letters a Kazakh letter may be typed as, itself first ("қ" → "қк"), or None."""
    typed = KAZAKH_TYPED.get(letter)
    return None if typed is None else letter + typed


def kazakh_spellings(word: str) -> set[str]:
    """A Kazakh word as written and as typed on a Russian keyboard (і as и and as ы)."""
    return {word, fold_kazakh(word), word.translate(_KAZAKH_SECOND)}


def _translit_one(match: re.Match[str]) -> str:
    piece = match.group()
    if piece in _DIGRAPHS:
        return _DIGRAPHS[piece]
    if piece == "y":
        # after a vowel "y" is й (huy, moy); after a consonant it is ы (ty, vy)
        start = match.start()
        return "й" if start and match.string[start - 1] in _VOWELS else "ы"
    if piece == "c":  # only matched at the end of a word: pizdec → пиздец
        return "ц"
    return _SINGLE.get(piece, piece)


def latin_reading(word: str) -> str:
    """The Cyrillic reading of a lower-case Latin word: by shape or by transliteration."""
    if _SHAPE_ONLY.fullmatch(word) and _SHAPE_TELLTALE.search(word):
        return word.translate(_BY_SHAPE_TABLE)
    return _TRANSLIT.sub(_translit_one, word)


def fold_kazakh(word: str) -> str:
    """Kazakh as typed on a Russian keyboard: қ→к ә→а ө→о ұ/ү→у ң→н ғ→г і→и һ→х."""
    return word.translate(_KAZAKH)
