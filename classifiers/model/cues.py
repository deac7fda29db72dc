"""Rule cues added to a text before the intent model sees it.

A question mark, an exclamation mark, a Kazakh question particle (ма/ме/ба/бе/па/пе) or a
question word in Kazakh or Russian are strong, cheap hints about intent that a small
training set cannot teach reliably. They enter the model as pseudo-words (`__qmark__` …),
so the trained weights decide how much each cue counts instead of a hand-set rule.
"""

from __future__ import annotations

import re
from typing import Protocol

from classifiers.intent_rules import announcement, sarcastic
from classifiers.question_rules import question_without_mark
from classifiers.vocabulary import Lang


class NormalizedText(Protocol):
    """What the models read of a `classifiers.normalize.Normalized`."""

    @property
    def original(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def words(self) -> list[str]:
        """`text.split()`, computed once and shared (callers must not modify it)."""
        ...


KAZAKH_PARTICLES = frozenset({"ма", "ме", "ба", "бе", "па", "пе", "ма?", "ші", "ши"})
QUESTION_WORDS = frozenset(
    {
        # Kazakh, with Kazakh letters and as typed on a Russian keyboard
        "қашан",
        "кашан",
        "қалай",
        "калай",
        "қайда",
        "кайда",
        "қайдан",
        "кайдан",
        "неге",
        "кім",
        "ким",
        "қанша",
        "канша",
        "қандай",
        "кандай",
        "қай",
        "кай",
        "неше",
        "нешеде",
        "қайсы",
        "кайсы",
        "неліктен",
        "неликтен",
        # Russian
        "как",
        "когда",
        "где",
        "куда",
        "откуда",
        "почему",
        "зачем",
        "сколько",
        "ли",
        "кто",
        "какой",
        "какая",
        "какие",
        "какое",
        "чей",
        "можно",
        "подскажите",
        "скажите",
        "подскажи",
        "разве",
        "неужели",
    }
)


# Thanks in every script and spelling ("рақмет" is as common as "рахмет", Latin "raqmet"
# as "rahmet"): one cue, so that a spelling the corpus rarely holds still reads as thanks.
# Sarcastic thanks carry the sarcasm cue as well; the model weighs the two.
# The normalized text is lower case: one scan for a word that starts with thanks.
_THANKS = re.compile(
    r"(?:^|\s)(?:рахмет|рақмет|ракмет|raqmet|rahmet|rakhmet|raxmet|спасибо|spasibo|благодар|"
    r"blagodar|алғыс|алгыс|algys)"
)
_CUE_WORDS = KAZAKH_PARTICLES | QUESTION_WORDS
QUESTION_MARK_CUE, EXCLAMATION_CUE = "__qmark__", "__exclam__"
PARTICLE_CUE, QUESTION_WORD_CUE = "__kkparticle__", "__qword__"
UNMARKED_QUESTION_CUE, SARCASM_CUE, ANNOUNCEMENT_CUE = "__qnomark__", "__sarcasm__", "__announce__"
THANKS_CUE = "__thanks__"
LANG_CUES = {lang: f"__lang_{lang.value}__" for lang in Lang}


def cue_words(doc: NormalizedText, lang: Lang, words: list[str] | None = None) -> list[str]:
    """The cue pseudo-words of a text (`words`: its `text.split()`, by default `doc.words`)."""
    cues: list[str] = []
    original = doc.original
    if "?" in original:
        cues.append(QUESTION_MARK_CUE)
    if "!" in original:
        cues.append(EXCLAMATION_CUE)
    if words is None:
        words = doc.words
    if not _CUE_WORDS.isdisjoint(words):  # one pass over the words for the common text
        if not KAZAKH_PARTICLES.isdisjoint(words):
            cues.append(PARTICLE_CUE)
        if not QUESTION_WORDS.isdisjoint(words):
            cues.append(QUESTION_WORD_CUE)
    if _THANKS.search(doc.text):
        cues.append(THANKS_CUE)
    # The rules' own findings, so that a model trained on them weighs them too.
    if question_without_mark(words, original):
        cues.append(UNMARKED_QUESTION_CUE)
    if sarcastic(original):
        cues.append(SARCASM_CUE)
    if announcement(original):
        cues.append(ANNOUNCEMENT_CUE)
    cues.append(LANG_CUES[lang])
    return cues


def intent_input(doc: NormalizedText, lang: Lang) -> str:
    """The normalized text plus cue pseudo-words, as the intent model is trained on it."""
    return f"{doc.text} {' '.join(cue_words(doc, lang))}"
