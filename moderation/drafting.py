"""What a decision says to the author: a reply draft (a community FAQ answer when the
question matches, else a profile template), the night's holding reply, or a public notice.

Drafts go only to what expects an answer from the community: by default questions and
complaints addressed to it (`moderation.addressing`), not users chatting with each other
and not praise; `CommunitySettings.drafted_intents` changes the set. A draft is written in
the comment's language (kk or ru); a code-switched or other-language comment gets the
community's language. It addresses the author by name (or a neutral word when the name
itself is unfit to print) and never quotes the comment: templates only take `{author}` and
`{answer}`. Nothing here sends anything; a moderator approves every draft except the night
holding reply. A notice (warning, mute, ban) is the policy's, in the bot's UI strings
(`moderation.i18n`), addressed like a reply. `compose` writes all of it in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from classifiers.vocabulary import Analysis, Intent, Lang
from moderation.addressing import addressed_to_community
from moderation.comment import Comment
from moderation.decision import Draft, DraftSource
from moderation.faq_match import match_faq, similarity
from moderation.i18n import UiStrings, duration
from moderation.records import FaqEntry
from moderation.settings import DEFAULT_DRAFTED
from moderation.templates import NEUTRAL_ADDRESSEE, book_for, fill

__all__ = ["Notice", "ReplyKit", "Wording", "compose", "draft_reply", "match_faq", "similarity"]

_INTENT_KEYS = {
    Intent.QUESTION: "question",
    Intent.COMPLAINT: "complaint",
    Intent.PRAISE: "praise",
}
_ANSWERED = (Intent.QUESTION, Intent.COMPLAINT)  # what a FAQ entry or a holding reply answers
# "Рахмет, но доставка өте баяу": thanks followed by a "but" is a complaint, and must never
# be answered with "thank you for the high rating".
# About an order the customer already has: only then is its number worth asking for. A
# complaint about a delivery is about an order; a question about delivery prices is not.
_ORDER = re.compile(
    r"заказ|тапсырыс|посылк|возврат|вернуть|верните|қайтар|кайтар|списал|ақша\w* шешіл",
    re.IGNORECASE,
)
_DELIVERY = re.compile(r"доставк|жеткіз|жеткиз|курьер", re.IGNORECASE)
_BUT = re.compile(r"\b(но|однако|бірақ|бирак|алайда)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReplyKit:
    """What drafting needs beyond the comment: FAQ entries, templates, the author's name."""

    faq: tuple[FaqEntry, ...] = ()
    templates_path: str = ""
    name_ok: bool = True  # False when the author's display name is itself abusive
    min_similarity: float = 0.5
    profile: str = "news"
    community_lang: str = "ru"
    drafted_intents: tuple[str, ...] = DEFAULT_DRAFTED


@dataclass(frozen=True, slots=True)
class Notice:
    """A public notice the policy tells the author (`notice.warn`, `.muted`, `.banned`)."""

    key: str
    community_lang: str  # the community's language: a mixed comment is answered in it
    templates_path: str  # the community's own UI strings, if any
    mute_hours: int | None = None  # a mute's length, told in words


@dataclass(frozen=True, slots=True)
class Wording:
    """What a decision says to the author: a reply draft, the night's holding reply, or a
    public notice with its language."""

    draft: Draft | None = None
    holding: Draft | None = None
    notice: str = ""
    notice_lang: str = ""


def _addressee(comment: Comment, lang: str, name_ok: bool) -> str:
    """How a reply addresses the author: their name, or a neutral word."""
    if name_ok and (comment.author.name or comment.author.username):
        return comment.author.display
    return NEUTRAL_ADDRESSEE.get(lang, NEUTRAL_ADDRESSEE["ru"])


def _reply_language(lang: Lang | str, community_lang: str) -> Lang:
    """kk and ru comments are answered in their language; a mixed or other one in the
    community's (its audience reads it), and Russian when that is neither."""
    if str(lang) in ("kk", "ru"):
        return Lang(str(lang))
    return Lang(community_lang) if community_lang in ("kk", "ru") else Lang.RU


def _drafted_intent(text: str, intent: Intent, kit: ReplyKit) -> Intent | None:
    """The intent to answer (praise that turns on a "but" is a complaint), or None when
    the community drafts no reply to it."""
    if intent is Intent.PRAISE and _BUT.search(text):
        intent = Intent.COMPLAINT
    key = _INTENT_KEYS.get(intent)
    return intent if key is not None and key in kit.drafted_intents else None


def _abusive_spans(comment: Comment, analysis: Analysis) -> list[str]:
    """The comment's abusive spans a reply must never repeat (a last line of defence)."""
    spans = (comment.text[m.start : m.end].strip().lower() for m in analysis.matches)
    return [span for span in spans if len(span) >= 3]


def compose(
    comment: Comment,
    analysis: Analysis,
    kit: ReplyKit,
    notice: Notice | None = None,
    draft: bool = True,
    holding: bool = False,
) -> Wording:
    """What a decision says to the author, in one pass: the `notice`'s text; when `draft`,
    the reply draft (a matching FAQ entry's answer, else a profile template); when
    `holding` and there is a draft, the short night reply ("we'll answer in the morning").
    Both are written like a reply: in the comment's language, to the author by name."""
    wording = Wording()
    if notice is not None:
        notice_lang = str(_reply_language(analysis.lang, notice.community_lang))
        to = _addressee(comment, notice_lang, kit.name_ok)
    intent = _drafted_intent(comment.text, analysis.intent, kit) if draft else None
    if intent is not None:
        lang = _reply_language(analysis.lang, kit.community_lang)
        author = _addressee(comment, str(lang), kit.name_ok)
        spans = _abusive_spans(comment, analysis)
    if intent not in (None, Intent.PRAISE) and not addressed_to_community(
        comment.text, _INTENT_KEYS[intent], comment.reply_to, comment.metadata, kit.profile
    ):
        intent = None  # not spoken to the community: users talking to each other
    # FAQ entries win over templates, for complaints too ("Как вернуть товар?").
    found = None
    if intent in _ANSWERED and kit.faq:
        found = match_faq(comment.text, lang, kit.faq, kit.min_similarity)
    if notice is not None:
        hours = notice.mute_hours
        fields = {} if hours is None else {"duration": duration(notice_lang, hours)}
        text = UiStrings(notice.templates_path).text(notice_lang, notice.key, author=to, **fields)
        wording = Wording(notice=text, notice_lang=notice_lang)
    if intent is None:
        return wording
    key = _INTENT_KEYS[intent]
    book = book_for(str(lang), kit.templates_path, kit.profile)
    seed = str(comment.key)
    drafted: Draft | None = None
    if found is not None:
        entry, score = found
        wrapper = book.pick(book.replies.get("faq", ()), seed) or "{answer}"
        text = fill(wrapper, author, entry.answer)
        if not any(span in text.lower() for span in spans):  # else: the template below
            drafted = Draft(text, lang, intent, DraftSource.FAQ, entry.id, round(score, 4))
    if drafted is None:
        # A shop asks for the order number only when the comment is about an order.
        about_order = _ORDER.search(comment.text) is not None or (
            intent is Intent.COMPLAINT and _DELIVERY.search(comment.text) is not None
        )
        variants = book.replies.get(f"{key}_order", ()) if about_order else ()
        template = book.pick(variants or book.replies.get(key, ()), seed)
        if template is not None:
            drafted = Draft(fill(template, author), lang, intent, DraftSource.TEMPLATE)
    if drafted is None or any(span in drafted.text.lower() for span in spans):
        return wording
    night = book.pick(book.holding, seed) if holding else None
    if night is None:
        return replace(wording, draft=drafted)
    still = Draft(fill(night, author), lang, analysis.intent, DraftSource.HOLDING)
    return replace(wording, draft=drafted, holding=still)


def draft_reply(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Draft | None:
    """A draft for a question, complaint (or, when enabled, praise); None otherwise."""
    return compose(comment, analysis, kit).draft
