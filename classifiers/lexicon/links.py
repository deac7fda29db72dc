"""Links and promo offers in a comment's original text: the spam the word lists cannot see.

Normalization cuts "casino-kz.win" into the words "casino kz win", so links are found on
the original text. A link whose address advertises gambling, crypto or easy money, or a
promo figure ("бонус 200%", "фриспины 50"), is spam on its own; a plain link, promised
earnings ("доход 30% в месяц") or a phone number to write to are weak signs, spam only
with another sign or a spam phrase. Spam is reported as severity 2; a weak sign alone is
not reported (news comments share links; whether a newcomer's link is spam is the
policy's call).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from classifiers.lowered import lowered
from classifiers.normalization.addresses import links
from classifiers.vocabulary import Category, Match

_DIGIT_OR_LINK = re.compile(r"[\d./]")
LINK_ROOT = "link"
PROMO_ROOT = "promo"
EARNINGS_ROOT = "earnings"
CONTACT_ROOT = "contact"

# What a spam address advertises (checked in the lower-cased address).
_SPAM_ADDRESS = re.compile(
    r"casino|kazino|казино|bet|slot|poker|vulkan|azino|pin-?up|jackpot|bonus|promo|"
    r"crypto|bitcoin|btc|usdt|invest|earn|money|profit|loan|credit|kredit|zaim|dengi|"
    r"free|prize|win|loto|lotto|1x"
)
# A bonus in percent ("бонус 200%", "50% бонус береміз"): spam on its own, unless the
# comment reports a bonus received (see `RECEIVED`).
BONUS_PERCENT = re.compile(
    r"(?i)\b(?:бонус\w*|bonus\w*|кэшб[эе]к\w*|cashback)\W{0,3}(?:до\s+|up\s+to\s+)?\d{2,4}\s*%"
    r"|\b\d{2,4}\s*%\W{0,3}(?:бонус\w*|bonus)"
)
# A customer telling what they got, in the past tense ("Каспи 10% бонус берді", "бонус
# алдық", "мне начислили 15% бонусов"): a review, not an offer, so its bonus figure is a
# weak sign — spam only with a link, a contact or a spam phrase ("пиши в директ").
RECEIVED = re.compile(
    r"(?i)\b(?:берді\w*|беріпті|алды|алдым|алдық|түсті|келді|қайтарды|"
    r"начислил\w*|зачислил\w*|начислен\w*|получил\w*|дали|пришл[иао]|пришёл|пришел|вернул\w*)\b"
)
# A casino-style offer: free spins, a deposit bonus (spam on its own).
PROMO = re.compile(
    r"(?i)\b\d{2,4}\s*%\W{0,3}(?:к\s+депозиту|на\s+депозит)"
    r"|\b(?:фриспин\w*|freespin\w*|free\s+spins?)\W{0,3}\d|\d+\s*(?:фриспин\w*|free\s*spins?|фс\b)"
    r"|(?:бонус\w*|bonus)\s+(?:на|за|к)\s+(?:депозит|регистрац|первый\s+депозит)\w*"
)
# A sum with a bonus, a prize or a promo code ("2000тг бонус", "промокод BONUS100"): a
# weak sign, since a review may thank for a bonus it got.
BONUS = re.compile(
    r"(?i)\b(?:бонус\w*|bonus\w*|депозит\w*|выигрыш\w*|ұтыс\w*|промокод\w*|promo\s*code)"
    r"\W{0,3}(?:до\s+|up\s+to\s+)?\d[\d\s]{0,7}\s*(?:₸|\$|€|тг|тенге|теңге|руб|р\b)"
    r"|\b\d[\d\s]{0,7}\s*(?:₸|\$|тг|руб)\W{0,3}(?:бонус\w*|bonus)"
)


# Earnings promised per period or in percent ("доход 30% в месяц", "күніне 20 000 табыс").
EARNINGS = re.compile(
    r"(?i)(?:доход\w*|прибыл\w*|заработ\w*|табыс\w*|пайда\w*|earn\w*)"
    r"[^.!?\n]{0,20}?\d[\d\s]{0,9}\s*(?:%|₸|\$|тг|тенге|теңге|руб\w*|k\b|к\b|тыс\w*|мың)?"
    r"\s*(?:в|за|per)?\s*(?:день|сутки|неделю|месяц|час|day|week|month)"
    r"|(?i:күніне|айына|аптасына)\s+\d[\d\s]{0,9}\s*(?:₸|тг|теңге|тенге|мың|\$)"
)
_PHONE = r"\+?[78][\s(-]{0,2}7\d{2}[\s)-]{0,2}\d{3}[\s-]?\d{2}[\s-]?\d{2}"
_MESSENGER = r"(?:whats\s*app|вотсап\w*|ватсап\w*|телеграм\w*|telegram|директ\w*)"
# "Write to me on WhatsApp +7 701 …": a newcomer's hook, spam on its own.
MESSENGER_CONTACT = re.compile(
    rf"(?i){_MESSENGER}[^.!?\n]{{0,30}}?{_PHONE}|{_PHONE}[^.!?\n]{{0,30}}?{_MESSENGER}"
)
# A phone number with "write/call": a weak sign (a shop gives its own number too).
CONTACT = re.compile(
    rf"(?i)(?:пиш\w*|напиш\w*|звон\w*|жаз\w*|хабарлас\w*|қоңырау\w*)[^.!?\n]{{0,30}}?{_PHONE}"
    rf"|{_PHONE}[^.!?\n]{{0,30}}?(?:пиш\w*|звон\w*|жаз\w*)"
)


class Found(NamedTuple):
    """A link or promo figure in the original text: its span, root and severity."""

    start: int
    end: int
    root: str
    severity: int


# Each sign pattern, its root and strength, the words it cannot match without (one of
# them, case aside): a comment that holds none skips that pattern's scan, which tries
# every position of the text and is most of the cost of a comment with a figure; and a
# pattern that makes a strong sign weak (1) where the comment also holds it.
_SIGNS: tuple[tuple[re.Pattern[str], str, int, tuple[str, ...], re.Pattern[str] | None], ...] = (
    (BONUS_PERCENT, PROMO_ROOT, 2, ("%",), RECEIVED),
    (PROMO, PROMO_ROOT, 2, ("%", "фриспин", "free", "фс", "депозит", "регистрац"), None),
    (
        MESSENGER_CONTACT,
        CONTACT_ROOT,
        2,
        ("whats", "вотсап", "ватсап", "телеграм", "telegram", "директ"),
        None,
    ),
    (
        BONUS,
        PROMO_ROOT,
        1,
        ("бонус", "bonus", "депозит", "выигрыш", "ұтыс", "промокод", "promo"),
        None,
    ),
    (
        EARNINGS,
        EARNINGS_ROOT,
        1,
        ("доход", "прибыл", "заработ", "табыс", "пайда", "earn", "күніне", "айына", "аптасына"),
        None,
    ),
    (CONTACT, CONTACT_ROOT, 1, ("пиш", "звон", "жаз", "хабарлас", "қоңырау"), None),
)


def links_and_promo(original: str) -> Iterator[Found]:
    """Every link, promo figure, promised earning and contact, each with its strength: 2 a
    sign of spam on its own (a gambling address, "бонус 200%"), 1 a weak one (a plain link,
    "доход 30% в месяц", "пишите в WhatsApp +7 701 …")."""
    for found in links(original):
        text = found.group().rstrip(".,;:!?)")
        if _looks_like_number(text):
            continue
        severity = 2 if _SPAM_ADDRESS.search(text.lower()) else 1
        yield Found(found.start(), found.start() + len(text), LINK_ROOT, severity)
    # As `(?i)` compares letters (see `classifiers.lowered`); None: read every pattern.
    low = lowered(original)
    for pattern, root, severity, needs, weakened_by in _SIGNS:
        if low is not None and not any(word in low for word in needs):
            continue
        if weakened_by is not None and weakened_by.search(original):
            severity = 1
        for found in pattern.finditer(original):
            yield Found(found.start(), found.end(), root, severity)


def _looks_like_number(text: str) -> bool:
    """ "3.14", "2.5.ru" is not a thing: a dotted run of digits is a number or a version."""
    return text.replace(".", "").isdigit()


def spam_matches(original: str, found: tuple[Match, ...]) -> list[Match]:
    """Links and promo figures as spam matches (severity 2), when they are spam: one strong
    sign, or two weak ones (a spam word matched in `found` counting as one). A weak sign
    alone — a news link, a shop's phone, "зарплата 300 тысяч в месяц" — is not reported."""
    if not _DIGIT_OR_LINK.search(original):
        return []  # neither a link nor a figure can be there
    signs = list(links_and_promo(original))
    if not signs:
        return []
    words = [m for m in found if m.category is Category.SPAM]
    strong = any(f.severity >= 2 for f in signs) or any(m.severity >= 2 for m in words)
    # weak signs of two kinds (links however many: a review names its site twice; bonus
    # figures, earnings, contacts, spam words)
    kinds = {f.root for f in signs} | ({"word"} if words else set())
    if not strong and len(kinds) < 2:
        return []
    return [
        Match(original[start:end], root, Category.SPAM, 2, "ru", start, end)
        for start, end, root, _ in signs
    ]
