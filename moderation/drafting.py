"""Reply drafts: a community FAQ answer when the question matches, else a profile template.

Drafts go only to what expects an answer from the community: by default questions and
complaints addressed to it (`moderation.addressing`), not users chatting with each other
and not praise; `CommunitySettings.drafted_intents` changes the set. A draft is written in
the comment's language (kk or ru); a code-switched or other-language comment gets the
community's language. It addresses the author by name (or a neutral word when the name
itself is unfit to print) and never quotes the comment: templates only take `{author}` and
`{answer}`. Nothing here sends anything; a moderator approves every draft except the night
holding reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifiers.vocabulary import Analysis, Intent, Lang
from moderation.addressing import addressed_to_community
from moderation.comment import Comment
from moderation.decision import Draft, DraftSource
from moderation.faq_match import match_faq, similarity
from moderation.records import FaqEntry
from moderation.settings import DEFAULT_DRAFTED
from moderation.templates import TemplateBook, book_for

__all__ = ["ReplyKit", "addressee_for", "draft_reply", "holding_reply", "similarity"]

# Plain nouns, because templates may already open with a greeting.
_NEUTRAL_ADDRESSEE = {"kk": "оқырман", "ru": "читатель", "en": "reader"}
_INTENT_KEYS = {
    Intent.QUESTION: "question",
    Intent.COMPLAINT: "complaint",
    Intent.PRAISE: "praise",
}
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


def addressee_for(comment: Comment, lang: str, name_ok: bool = True) -> str:
    """How a reply addresses the author: their name, or a neutral greeting."""
    if name_ok and (comment.author.name or comment.author.username):
        return comment.author.display
    return _NEUTRAL_ADDRESSEE.get(lang, _NEUTRAL_ADDRESSEE["ru"])


def reply_language(lang: Lang | str, community_lang: str) -> Lang:
    """kk and ru comments are answered in their language; a mixed or other one in the
    community's (its audience reads it), and Russian when that is neither."""
    if str(lang) in ("kk", "ru"):
        return Lang(str(lang))
    return Lang(community_lang) if community_lang in ("kk", "ru") else Lang.RU


def effective_intent(text: str, intent: Intent) -> Intent:
    """Praise that turns on a "but" is a complaint."""
    if intent is Intent.PRAISE and _BUT.search(text):
        return Intent.COMPLAINT
    return intent


def _quotes(text: str, comment: Comment, analysis: Analysis) -> bool:
    """Does `text` repeat any abusive span of the comment? (A last line of defence.)"""
    for match in analysis.matches:
        span = comment.text[match.start : match.end].strip().lower()
        if len(span) >= 3 and span in text.lower():
            return True
    return False


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


def wants_draft(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Intent | None:
    """The intent to answer, or None: not a drafted intent, or not addressed to us."""
    intent = effective_intent(comment.text, analysis.intent)
    key = _INTENT_KEYS.get(intent)
    if key is None or key not in kit.drafted_intents:
        return None
    if intent is not Intent.PRAISE and not addressed_to_community(
        comment.text, key, comment.reply_to, comment.metadata, kit.profile
    ):
        return None
    return intent


def draft_reply(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Draft | None:
    """A draft for a question, complaint (or, when enabled, praise); None otherwise."""
    intent = wants_draft(comment, analysis, kit)
    if intent is None:
        return None
    key = _INTENT_KEYS[intent]
    lang = reply_language(analysis.lang, kit.community_lang)
    book = book_for(str(lang), kit.templates_path, kit.profile)
    author = addressee_for(comment, str(lang), kit.name_ok)
    seed = str(comment.key)
    draft: Draft | None = None
    if intent in (Intent.QUESTION, Intent.COMPLAINT) and kit.faq:
        # FAQ entries win over templates, for complaints too ("Как вернуть товар?").
        found = match_faq(comment.text, lang, kit.faq, kit.min_similarity)
        wrapper = book.pick(book.replies.get("faq", ()), seed)
        if found is not None:
            entry, score = found
            text = _fill(wrapper or "{answer}", author, entry.answer)
            if not _quotes(text, comment, analysis):  # else: the template below
                draft = Draft(text, lang, intent, DraftSource.FAQ, entry.id, round(score, 4))
    if draft is None:
        # A shop asks for the order number only when the comment is about an order.
        about_order = _ORDER.search(comment.text) is not None or (
            intent is Intent.COMPLAINT and _DELIVERY.search(comment.text) is not None
        )
        variants = book.replies.get(f"{key}_order", ()) if about_order else ()
        template = book.pick(variants or book.replies.get(key, ()), seed)
        if template is None:
            return None
        draft = Draft(_fill(template, author), lang, intent, DraftSource.TEMPLATE)
    return None if _quotes(draft.text, comment, analysis) else draft


def holding_reply(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Draft | None:
    """The short night reply ("we'll answer in the morning") in the draft's language."""
    lang = reply_language(analysis.lang, kit.community_lang)
    book: TemplateBook = book_for(str(lang), kit.templates_path, kit.profile)
    template = book.pick(book.holding, str(comment.key))
    if template is None:
        return None
    author = addressee_for(comment, str(lang), kit.name_ok)
    return Draft(_fill(template, author), lang, analysis.intent, DraftSource.HOLDING)


_PLACEHOLDER = re.compile(r"\{(author|answer)\}")


def _fill(template: str, author: str, answer: str = "") -> str:
    # One pass, not str.format: an author named "{answer}" or "{0}" is inserted literally.
    values = {"author": author, "answer": answer}
    text = _PLACEHOLDER.sub(lambda found: values[found.group(1)], template)
    # A neutral addressee ("читатель, здравствуйте!") may open the sentence.
    opens = template.startswith("{author}") and author in _NEUTRAL_ADDRESSEE.values()
    return text[:1].upper() + text[1:] if opens else text
