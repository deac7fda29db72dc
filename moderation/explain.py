"""Short human reasons for a card: «Балағат: «…»», «Спам: сілтеме», «Ескерту 2/3».

A decision's `Reason`s carry stable codes plus a detail meant for logs and reports; the
moderator reads only what this module makes of them, in the chat's language, together with
the lexicon matches of the stored analysis. Nothing here prints an internal debug string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from moderation.decision import Reason, ReasonCode
from moderation.i18n import duration, t

_CATEGORY_ORDER = ("threat", "slur", "obscene", "insult", "spam")
# A link, a bare domain or a Telegram handle: what a spam comment sends people to.
LINK = re.compile(
    r"(https?://\S+|\bt\.me/\S+|\b[\w-]+\.(?:ly|me|kz|ru|com|net|org|io|link|cc)\b(?:/\S*)?|@\w{4,})",
    re.IGNORECASE,
)
_TERM_LIMIT = 24


def _fraction(detail: str) -> tuple[int, int]:
    """ "2/3" → (2, 3); "2" → (2, 0); anything else → (0, 0)."""
    found = re.fullmatch(r"\s*(\d+)\s*(?:/\s*(\d+))?\s*", detail)
    if not found:
        return 0, 0
    return int(found.group(1)), int(found.group(2) or 0)


def has_link(text: str) -> bool:
    return LINK.search(text) is not None


def _short(term: str) -> str:
    term = " ".join(term.split())
    return term if len(term) <= _TERM_LIMIT else term[: _TERM_LIMIT - 1] + "…"


def _match_lines(matches: Sequence[Mapping[str, object]], text: str, lang: str) -> list[str]:
    """One line per category, the strongest first, quoting the word as it was written."""
    by_category: dict[str, str] = {}
    for match in matches:
        category = str(match.get("category", ""))
        if category in by_category or category not in _CATEGORY_ORDER:
            continue
        start, end = match.get("start"), match.get("end")
        written = ""
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            written = text[start:end]
        by_category[category] = written or str(match.get("term", ""))
    lines = []
    for category in _CATEGORY_ORDER:
        if category not in by_category:
            continue
        if category == "spam":
            lines.append(t(lang, "reason.spam_link" if has_link(text) else "reason.spam"))
        else:
            lines.append(t(lang, f"reason.{category}", term=_short(by_category[category])))
    return lines


def _matches_of(analysis: Mapping[str, object] | None) -> list[Mapping[str, object]]:
    found = (analysis or {}).get("matches")
    if not isinstance(found, list):
        return []
    return [m for m in found if isinstance(m, Mapping)]


def evidence(
    reasons: Iterable[Reason], analysis: Mapping[str, object] | None, text: str, lang: str,
    score: float = 0.0,
) -> list[str]:  # fmt: skip
    """What the comment did wrong, in words: lexicon hits, else the model's rudeness."""
    codes = {reason.code for reason in reasons}
    lines: list[str] = []
    if ReasonCode.BLACKLISTED in codes:
        lines.append(t(lang, "reason.blacklisted"))
    lines += _match_lines(_matches_of(analysis), text, lang)
    if ReasonCode.SPAM in codes and not any(t(lang, "reason.spam") in ln for ln in lines):
        lines.append(t(lang, "reason.spam_link" if has_link(text) else "reason.spam"))
    if not lines and codes & {ReasonCode.TOXIC, ReasonCode.SUSPECT}:
        stored = (analysis or {}).get("score", score)
        percent = round(100 * (stored if isinstance(stored, int | float) else score))
        lines.append(t(lang, "reason.model", percent=percent))
    if ReasonCode.SUSPECT in codes:
        lines.append(t(lang, "reason.suspect"))
    if ReasonCode.ANALYSIS_ERROR in codes:
        lines.append(t(lang, "reason.analysis_error"))
    return lines


def consequences(reasons: Iterable[Reason], lang: str) -> list[str]:
    """What followed for the author: «Ескерту 2/3», «Жазуға тыйым: 24 сағат», a ban."""
    reasons = tuple(reasons)
    banned = any(reason.code is ReasonCode.ESCALATED_BAN for reason in reasons)
    # Spam is hidden silently: nobody was warned, so no "warning 1/3" line either.
    silent = any(reason.code is ReasonCode.SPAM for reason in reasons)
    lines: list[str] = []
    for reason in reasons:
        if reason.code is ReasonCode.STRIKE and not banned and not silent:
            count, limit = _fraction(reason.detail)
            if count and limit:
                lines.append(t(lang, "reason.strike", count=min(count, limit), limit=limit))
            elif count:
                lines.append(t(lang, "reason.strike_plain", count=count))
        elif reason.code is ReasonCode.MUTE:
            hours, _ = _fraction(reason.detail)
            if hours:
                lines.append(t(lang, "reason.mute", duration=duration(lang, hours)))
        elif reason.code is ReasonCode.ESCALATED_BAN:
            count, limit = _fraction(reason.detail)
            lines.append(t(lang, "reason.escalated_ban", limit=limit or count))
    return lines


def intent_line(intent: str, from_faq: bool, lang: str) -> str:
    """«Қауымдастыққа сұрақ» (plus «жиі қойылатын сұрақтардан жауап» for an FAQ draft)."""
    line = t(lang, f"reason.{intent}")
    return f"{line} · {t(lang, 'reason.faq')}" if from_faq else line


def card_reasons(
    reasons: Sequence[Reason], analysis: Mapping[str, object] | None, text: str, lang: str,
    score: float = 0.0,
) -> list[str]:  # fmt: skip
    """Every reason line of a moderation card, evidence first, then the consequences."""
    return evidence(reasons, analysis, text, lang, score) + consequences(reasons, lang)
