"""Which FAQ entry a question asks: lemma sequences compared with rapidfuzz.

Both texts are normalized (the detector's folding of look-alikes and Kazakh typed on a
Russian keyboard), cut into words, stop words dropped, and each word reduced to its lemma
(pymorphy3 for Russian) or its shortest stem (suffix stripping for Kazakh). The score is
rapidfuzz's token-set ratio of the two lemma strings — robust to word order, inflection
("доставка"/"доставку", "жұмыс істейсіздер"/"жұмыс істейді") and extra words around the
question — scaled to 0..1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from classifiers.vocabulary import Lang
from moderation.records import FaqEntry

_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_KAZAKH_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP_WORDS = (
    "и в во на с со к ко по за из у о об а но или ли же бы не ни да то что как это этот эта "
    "вы вас вам ваш мы нас нам наш я мне меня ты тебя он она они их его ее ну вот уже еще "
    "здравствуйте подскажите пожалуйста скажите спасибо добрый день "
    "мен сен ол біз сіз олар және бен пен да де ма ме ба бе па пе ғой қой бұл сол осы "
    "ғана тек сәлеметсіз сәлем рахмет"
)
_STOP = frozenset(word.translate(_KAZAKH_FOLD) for word in _STOP_WORDS.split())


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    try:
        from classifiers.morphology.kazakh import kazakh_stems
        from classifiers.morphology.russian import russian_lemmas
    except ImportError:  # morphology is optional here: a five-letter stem still works
        return word[:5]
    if _KAZAKH_LETTERS & set(word):
        stems = kazakh_stems(word)
        return min(stems, key=len) if stems else word
    lemmas = russian_lemmas(word)
    return lemmas[0] if lemmas else word


@lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    try:
        from classifiers.normalize import normalize
    except ImportError:
        return text.lower()
    return str(normalize(text).text).lower()


@lru_cache(maxsize=4096)
def lemmas(text: str) -> str:
    """The content words of `text` as lemmas, folded, space-separated (for matching)."""
    out = []
    for word in _WORD.findall(_normalized(text)):
        if len(word) < 2 or word.translate(_KAZAKH_FOLD) in _STOP:
            continue
        out.append(_lemma(word).translate(_KAZAKH_FOLD))
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two questions are, on lemmas, ignoring order and extra words."""
    la, lb = lemmas(a), lemmas(b)
    if not la or not lb:
        return 0.0
    # token_set_ratio alone rates a one-word question 100 against any entry containing
    # that word; averaging with token_sort_ratio keeps short texts honest.
    return (fuzz.token_set_ratio(la, lb) + fuzz.token_sort_ratio(la, lb)) / 200.0


def match_faq(
    text: str, lang: Lang | str, entries: Sequence[FaqEntry], min_similarity: float
) -> tuple[FaqEntry, float] | None:
    """The best FAQ entry for `text` at or above `min_similarity`. For kk/ru comments only
    entries in that language are used (an answer must be in the asker's language)."""
    best: tuple[FaqEntry, float] | None = None
    wanted = str(lang)
    for entry in entries:
        if wanted in ("kk", "ru") and entry.lang != wanted:
            continue
        score = similarity(text, entry.question)
        if score >= min_similarity and (best is None or score > best[1]):
            best = (entry, score)
    return best
