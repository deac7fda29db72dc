"""A word mentioned rather than used: quoted, discussed or condemned.

"Слово «чурка» — это оскорбление", "не называйте людей чурками", "«шала қазақ» деген сөзді
айтпаңыз" name a slur in order to reject it. Such a match is not evidence on its own: it
is kept (a moderator sees it) but marked `mentioned` and reported as mild (severity 1), so
the word alone never hides the comment. A match is mentioned when it is in quotes, or when
its sentence talks about words or names them as abuse within a few words of it, unless a
"you" stands right before it. Threats are mentioned only when reported as someone else's
words ("сені өлтірем деді", "«убью», — сказал он"): a threat in quotes alone still
delivers it. Spam is never mentioned.
"""

from __future__ import annotations

import re
from dataclasses import replace

from classifiers.vocabulary import Category, Match

_CONTEXT_CATEGORIES = frozenset({Category.OBSCENE, Category.INSULT, Category.SLUR})
_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ("‘", "’"), ("‹", "›"), ('"', '"'))
# Said or written by someone else, right after the words: "… деді", "… деп" (the
# quotative: "убью деп айтып"),
# "— сказал он" (reported speech: the author tells what was said, a threat among it).
_REPORTED = re.compile(
    r"(?:[^.!?\n»\"”]{0,30}[»\"”])?\W{0,6}(?:деді|дейді|деген|дегенді|демесің|деме|деп"
    r"|сказал\w*|написал\w*|говорит|говорил\w*|кричал\w*|пишет)(?![а-яёәғқңөұүһі])"
)
# How far (characters, within the sentence) a cue may stand from the word it discusses.
_REACH = 60
_SENTENCE_END = re.compile(r"[.!?…]\s|[\n;]")
# Words that talk about words or condemn naming people (lower case, ё→е); Kazakh ones
# also as typed on a Russian keyboard.
_CUES = re.compile(
    r"(?<![а-яёәғқңөұүһі])(?:"
    r"слов[оаеуы]?м?|словечк\w*|выражени\w*|термин\w*|ругательств\w*|оскорблени\w*"
    r"|оскорбительн\w*|назыв\w*|называ\w*|обзыва\w*|обзыв\w*|расизм\w*|расист\w*"
    r"|ксенофоб\w*|дискриминац\w*|недопустим\w*|нельзя\s+(?:говорить|называть|писать)"
    r"|не\s+(?:говорите|пишите|называйте|обзывайте|употребляйте)|употребля\w*"
    r"|сөз\w*|соз(?:дер\w*|ді|ди|ге|ін|ин)|деп\s+(?:атама|айтпа|жазба)\w*|атама[ңн][ыи]з|айтпа[ңн][ыи]з|айтпа\b"
    r"|[қк]орла\w*|балағат\w*|н[әа]сілшіл\w*|деген\s+с[өо]з\w*|деуге\s+болмайды"
    r")(?![а-яёәғқңөұүһі])"
)

# A second-person pronoun just before the word: it is said to someone.
_ADDRESSED = re.compile(
    r"(?<![а-яёәғқңөұүһі])(?:ты|вы|тебя|тебе|вас|сен|сіз|сиз|сендер|сіздер|сен[іи]|сенің)"
    r"(?![а-яёәғқңөұүһі])"
)


def mark_mentioned(original: str, matches: tuple[Match, ...]) -> tuple[Match, ...]:
    """The matches, those mentioned rather than used marked so and made mild."""
    if not any(m.category in _CONTEXT_CATEGORIES | {Category.THREAT} for m in matches):
        return matches
    lowered = original.lower().replace("ё", "е")
    if len(lowered) != len(original):  # a letter whose lower case is longer ("İ")
        lowered = original
    out = []
    for match in matches:
        if match.category is not Category.SPAM and _mentioned(original, lowered, match):
            match = replace(match, severity=min(match.severity, 1), mentioned=True)
        out.append(match)
    return tuple(out)


def _mentioned(original: str, lowered: str, match: Match) -> bool:
    start, end = _sentence(original, match.start, match.end)
    if _reported(lowered, match.end, end):
        return True  # "сені өлтірем деді": someone else's words, told
    if match.category not in _CONTEXT_CATEGORIES:
        return False
    if _quoted(original, match.start, match.end, start, end):
        return True
    if _ADDRESSED.search(lowered, max(start, match.start - 25), match.start):
        return False  # "ты чурка, одним словом": said to someone, not about a word
    window = lowered[max(start, match.start - _REACH) : min(end, match.end + _REACH)]
    return _CUES.search(window) is not None


def _quoted(original: str, start: int, end: int, left: int, right: int) -> bool:
    """Whether [start, end) lies inside quotes within its sentence [left, right)."""
    before, after = original[left:start], original[end:right]
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            if before.count(opening) % 2 == 1 and opening in after:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    return False


def _reported(lowered: str, end: int, right: int) -> bool:
    """Whether the words right after a match say that someone said or wrote them."""
    return _REPORTED.match(lowered, end, min(right + 40, len(lowered))) is not None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding [start, end)."""
    left = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        left = found.end()
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)
