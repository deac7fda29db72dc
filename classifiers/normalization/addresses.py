"""Addresses in a comment: links and @mentions, found on the original text.

Normalization reads "casino-kz.win" as the words "casino kz win" and "@aidos_kz" as
"aidos kz"; they are addresses, not language, so language detection leaves their words out
of the vote, and the lexicon reads links for spam.
"""

from __future__ import annotations

import re

_TLDS = (
    "com|net|org|info|biz|ru|kz|su|ua|by|uz|kg|io|me|co|cc|to|ly|gl|gg|win|bet|vip|xyz|top|"
    "site|online|club|pro|app|live|shop|store|fun|space|casino|games|link|click|money|cash|"
    "рф|қаз|tk|ml|ga|cf"
)
LINK = re.compile(
    r"(?i)(?:https?://|www\.)[^\s<>\"«»]+"
    r"|(?<![\w@.-])(?:t\.me|wa\.me|vk\.cc|bit\.ly|clck\.ru|goo\.gl)/[^\s<>\"«»]+"
    rf"|(?<![\w@.-])[a-zа-я0-9][a-zа-я0-9-]{{1,62}}(?:\.[a-zа-я0-9-]{{1,62}})*\.(?:{_TLDS})"
    r"(?![\w-])(?:/[^\s<>\"«»]*)?"
)
MENTION = re.compile(r"(?<![\w.])@[A-Za-z][A-Za-z0-9_]{3,31}\b")
# VK's mention markup: "[id123|Имя]", "[club45|Сообщество]"
VK_MENTION = re.compile(r"\[(?:id|club|public)\d+\|[^\]\[]{0,64}\]")


def address_spans(original: str) -> list[tuple[int, int]]:
    """Spans of links and @mentions in `original`."""
    spans = mention_spans(original)
    if "." in original or "/" in original:
        spans.extend((m.start(), m.end()) for m in LINK.finditer(original))
    return spans


def mention_spans(original: str) -> list[tuple[int, int]]:
    """Spans of @mentions and VK mention markup ("[id1|Имя]") in `original`."""
    spans = [(m.start(), m.end()) for m in MENTION.finditer(original)] if "@" in original else []
    if "[" in original:
        spans.extend((m.start(), m.end()) for m in VK_MENTION.finditer(original))
    return spans
