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

from classifiers.normalization.addresses import mention_spans
from classifiers.vocabulary import Category, Match

_CONTEXT_CATEGORIES = frozenset({Category.OBSCENE, Category.INSULT, Category.SLUR})
_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ("‘", "’"), ("‹", "›"), ('"', '"'))
# Said or written by someone else, right after the words: "… деді", "… деп" (the
# quotative: "убью деп айтып"),
# "— сказал он" (reported speech: the author tells what was said, a threat among it).
_REPORTED = re.compile(
    r"(?:[^.!?\n»\"”]{0,30}[»\"”])?\W{0,6}(?:деді|дейді|деген|дегенді|демесің|деме|деп)"
    r"(?![а-яёәғқңөұүһі])"
    r"|[^.!?\n»\"”]{0,30}[»\"”]\s*,?\s*[—–-]\s*(?:сказал\w*|написал\w*|говорил\w*|кричал\w*)"
)
# How far (characters, within the sentence) a cue may stand from the word it discusses.
_REACH = 60
_SENTENCE_END = re.compile(r"[.!?…]\s|[\n;]")
# Words that reject a word or condemn naming people by it (lower case, ё→е); Kazakh ones
# also as typed on a Russian keyboard. Talk about words alone is no cue: "одним словом",
# "честное слово", "обзывают нацию", "сөз жоқ" come with abuse that is used.
_CUES = re.compile(
    r"(?<![а-яёәғқңөұүһі])(?:"
    r"оскорблени\w*|оскорбительн\w*|недопустим\w*|неприемлем\w*"
    r"|нельзя\s+(?:говорить|называть|писать|обзывать|употреблять)"
    r"|не\s+(?:говорите|пишите|называйте|обзывайте|употребляйте|называй|обзывай)"
    r"|(?:хватит|перестаньте|прекратите)\s+(?:называть|обзывать|писать|говорить)"
    r"|(?:это|такое|такие|этим|за\s+такие)\s+слов\w*|слово\s+на\s+букву"
    r"|айтпа[ңн][ыи]з\w*|атама[ңн][ыи]з\w*|деме[ңн][ыи]з\w*|жазба[ңн][ыи]з\w*"
    r"|деп\s+(?:атама|айтпа|жазба|атауға|айтуға)\w*|деуге\s+болмайды|айтуға\s+болмайды"
    r"|(?:деген|бұл|ондай|мұндай|бул|ондаи)\s+с[өо]з\w*|с[өо]зді\s+айтпа\w*"
    r"|[қк]орла(?:у|йды|йсыз|йсың|ған)\w*|балағат\w*|н[әа]сілшіл\w*"
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


def outside_mentions(original: str, found: tuple[Match, ...]) -> tuple[Match, ...]:
    """The matches not inside a mention ("[id1|Пердунов]", "@durak_kz"): a name someone
    chose is not the author's word."""
    spans = mention_spans(original)
    if not spans:
        return found
    return tuple(
        m
        for m in found
        if m.category is Category.SPAM or not any(a <= m.start and m.end <= b for a, b in spans)
    )
