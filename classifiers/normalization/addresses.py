"""Addresses in a comment: links and @mentions, found on the original text.

Normalization reads "casino-kz.win" as the words "casino kz win" and "@aidos_kz" as
"aidos kz"; they are addresses, not language, so language detection leaves their words out
of the vote, and the lexicon reads links for spam.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
# Where a link can be: "/" anywhere, or a dot after "www" or before a letter a top-level
# domain starts with (matched as LINK matches, case aside). Found by its literal dot, this
# scan is a few times cheaper than LINK's, which tries every position.
_TLD_FIRST = "".join(sorted({tld[0] for tld in _TLDS.split("|")}))
_LINK_DOT = re.compile(rf"(?i)\.(?:[{_TLD_FIRST}]|(?<=www\.))")
MENTION = re.compile(r"(?<![\w.])@[A-Za-z][A-Za-z0-9_]{3,31}\b")
# VK's mention markup: "[id123|Имя]", "[club45|Сообщество]"
VK_MENTION = re.compile(r"\[(?:id|club|public)\d+\|[^\]\[]{0,64}\]")


def address_spans(original: str) -> list[tuple[int, int]]:
    """Spans of links and @mentions in `original`."""
    spans = mention_spans(original)
    spans.extend((m.start(), m.end()) for m in links(original))
    return spans


def links(original: str) -> Iterator[re.Match[str]]:
    """LINK's matches in `original`, skipping the scan where no link can be."""
    if "/" in original or _LINK_DOT.search(original):
        yield from LINK.finditer(original)


def mention_spans(original: str) -> list[tuple[int, int]]:
    """Spans of @mentions and VK mention markup ("[id1|Имя]") in `original`."""
    spans = [(m.start(), m.end()) for m in MENTION.finditer(original)] if "@" in original else []
    if "[" in original:
        spans.extend((m.start(), m.end()) for m in VK_MENTION.finditer(original))
    return spans
