"""Links and promo offers in a comment's original text: the spam the word lists cannot see.

Normalization cuts "casino-kz.win" into the words "casino kz win", so links are found on
the original text. A link alone is no evidence (news comments share links; whether a
newcomer's link is spam is the policy's call); a link whose address advertises gambling,
crypto or easy money, a promo figure ("бонус 200%", "фриспины 50"), and a link next to
any other spam match are spam (severity 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from classifiers.normalization.addresses import LINK
from classifiers.vocabulary import Category, Match

LINK_ROOT = "link"
PROMO_ROOT = "promo"

# What a spam address advertises (checked in the lower-cased address).
_SPAM_ADDRESS = re.compile(
    r"casino|kazino|казино|bet|slot|poker|vulkan|azino|pin-?up|jackpot|bonus|promo|"
    r"crypto|bitcoin|btc|usdt|invest|earn|money|profit|loan|credit|kredit|zaim|dengi|"
    r"free|prize|win|loto|lotto|1x"
)
PROMO = re.compile(
    r"(?i)\b(?:бонус\w*|bonus\w*|фриспин\w*|freespin\w*|free\s+spins?|кэшб[эе]к\w*|cashback"
    r"|депозит\w*|выигрыш\w*|ұтыс\w*|промокод\w*|promo\s*code)"
    r"\W{0,3}(?:до\s+|up\s+to\s+)?\d[\d\s]{0,7}\s*(?:%|₸|\$|€|тг|тенге|руб|р\b|x\b|х\b|фс)"
    r"|\b\d[\d\s]{0,7}\s*(?:%|₸|\$|тг|руб)\W{0,3}(?:бонус\w*|bonus|к\s+депозиту|на\s+депозит)"
)


class Found(NamedTuple):
    """A link or promo figure in the original text: its span, root and severity."""

    start: int
    end: int
    root: str
    severity: int


def links_and_promo(original: str) -> Iterator[Found]:
    """Every link (mild spam, or spam when its address advertises) and promo figure."""
    if "." in original or "/" in original:
        for found in LINK.finditer(original):
            text = found.group().rstrip(".,;:!?)")
            if _looks_like_number(text):
                continue
            severity = 2 if _SPAM_ADDRESS.search(text.lower()) else 1
            yield Found(found.start(), found.start() + len(text), LINK_ROOT, severity)
    for found in PROMO.finditer(original):
        yield Found(found.start(), found.end(), PROMO_ROOT, 2)


def _looks_like_number(text: str) -> bool:
    """ "3.14", "2.5.ru" is not a thing: a dotted run of digits is a number or a version."""
    return text.replace(".", "").isdigit()


def spam_matches(original: str, found: tuple[Match, ...]) -> list[Match]:
    """Links and promo figures as spam matches; a link is spam outright (severity 2) when
    the words around it already matched spam (`found`)."""
    if "." not in original and "/" not in original and "%" not in original:
        return []  # neither a link nor a promo figure can be there
    found_spam = list(links_and_promo(original))
    if not found_spam:
        return []
    # A plain link is no evidence (news comments share links): it counts with spam around.
    spam_around = any(m.category is Category.SPAM for m in found) or any(
        f.severity >= 2 for f in found_spam
    )
    return [
        Match(original[start:end], root, Category.SPAM, 2, "ru", start, end)
        for start, end, root, severity in found_spam
        if severity >= 2 or spam_around
    ]
