"""Reply drafts: a community FAQ answer when the question matches, else a template per intent.

Drafts are written in the comment's language (kk or ru; mixed and other get Russian), are
addressed to the author by name (or a neutral greeting when the name itself is unfit to
print), and never quote the comment: templates only take `{author}` and `{answer}`.
Nothing here sends anything; a moderator approves every draft except the night holding reply.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from classifiers.vocabulary import Analysis, Intent, Lang
from moderation.comment import Comment
from moderation.decision import Draft, DraftSource
from moderation.records import FaqEntry
from moderation.templates import TemplateBook, book_for

_KAZAKH_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Plain nouns, because templates may already open with "Құрметті"/"Уважаемый".
_NEUTRAL_ADDRESSEE = {"kk": "оқырман", "ru": "читатель", "en": "reader"}
# Words that carry no meaning for matching a question to an FAQ entry.
_STOP_WORDS = (
    "и в во на с со к ко по за из у о об а но или ли же бы не ни да то что как это этот эта "
    "вы вас вам ваш мы нас нам наш я мне меня ты тебя он она они их его ее ну вот уже еще "
    "мен сен ол біз сіз олар және мен бен пен да де ма ме ба бе па пе ғой қой бұл сол осы "
    "ме ма ба бе па пе ше ши ғана тек"
)
_STOP = frozenset(word.translate(_KAZAKH_FOLD) for word in _STOP_WORDS.split())
_INTENT_KEYS = {
    Intent.QUESTION: "question",
    Intent.COMPLAINT: "complaint",
    Intent.PRAISE: "praise",
}


@lru_cache(maxsize=4096)
def _normalized_text(text: str) -> str:
    try:
        from classifiers.normalize import normalize
    except ImportError:  # the normalizer is optional here: a plain fold still works
        return text.lower()
    return str(normalize(text).text)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Content words of a text, normalized and with Kazakh letters folded (for matching)."""
    folded = _normalized_text(text).lower().translate(_KAZAKH_FOLD)
    return tuple(w for w in _WORD.findall(folded) if len(w) > 1 and w not in _STOP)


def _trigrams(tokens: Sequence[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for token in tokens:
        padded = f" {token} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    """0..1: how alike two texts are, robust to inflection (char trigrams of content words)
    and to word order; the mean of trigram cosine and stem overlap."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    ga, gb = _trigrams(wa), _trigrams(wb)
    dot = sum(count * gb[gram] for gram, count in ga.items())
    cosine = dot / math.sqrt(sum(c * c for c in ga.values()) * sum(c * c for c in gb.values()))
    # Five-letter stems approximate lemmas in both languages ("доставка"/"доставку").
    sa, sb = {w[:5] for w in wa}, {w[:5] for w in wb}
    dice = 2 * len(sa & sb) / (len(sa) + len(sb))
    return (cosine + dice) / 2


def match_faq(
    text: str, lang: Lang, entries: Sequence[FaqEntry], min_similarity: float
) -> tuple[FaqEntry, float] | None:
    """The best FAQ entry for `text` at or above `min_similarity`; entries in the comment's
    language win ties, and for kk/ru comments other-language entries are not used."""
    best: tuple[FaqEntry, float] | None = None
    for entry in entries:
        if lang in (Lang.KK, Lang.RU) and entry.lang != str(lang):
            continue
        score = similarity(text, entry.question)
        if score >= min_similarity and (best is None or score > best[1]):
            best = (entry, score)
    return best


def addressee_for(comment: Comment, lang: str, name_ok: bool = True) -> str:
    """How a reply addresses the author: their name, or a neutral greeting."""
    if name_ok and (comment.author.name or comment.author.username):
        return comment.author.display
    return _NEUTRAL_ADDRESSEE.get(lang, _NEUTRAL_ADDRESSEE["ru"])


def _reply_lang(lang: Lang) -> Lang:
    return lang if lang in (Lang.KK, Lang.RU) else Lang.RU


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


def draft_reply(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Draft | None:
    """A draft for a question, complaint or praise; None for anything else."""
    key = _INTENT_KEYS.get(analysis.intent)
    if key is None:
        return None
    lang = _reply_lang(analysis.lang)
    book = book_for(str(lang), kit.templates_path)
    author = addressee_for(comment, str(lang), kit.name_ok)
    seed = str(comment.key)
    draft: Draft | None = None
    if analysis.intent is Intent.QUESTION:
        found = match_faq(comment.text, lang, kit.faq, kit.min_similarity)
        wrapper = book.pick(book.replies.get("faq", ()), seed)
        if found is not None:
            entry, score = found
            text = _fill(wrapper or "{answer}", author, entry.answer)
            if not _quotes(text, comment, analysis):  # else: the template below
                source = DraftSource.FAQ
                draft = Draft(text, lang, analysis.intent, source, entry.id, round(score, 4))
    if draft is None:
        template = book.pick(book.replies.get(key, ()), seed)
        if template is None:
            return None
        draft = Draft(_fill(template, author), lang, analysis.intent, DraftSource.TEMPLATE)
    return None if _quotes(draft.text, comment, analysis) else draft


def holding_reply(comment: Comment, analysis: Analysis, kit: ReplyKit) -> Draft | None:
    """The short night reply ("we'll answer in the morning") in the comment's language."""
    lang = _reply_lang(analysis.lang)
    book: TemplateBook = book_for(str(lang), kit.templates_path)
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
