"""Reply drafts: FAQ matching in kk and ru, templates per intent, never quoting the comment."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from classifiers.vocabulary import Category, Intent, Lang
from moderation.decision import DraftSource
from moderation.drafting import ReplyKit, draft_reply, match_faq, similarity
from moderation.records import FaqEntry
from moderation.templates import book_for
from tests.moderation.conftest import make_analysis, make_comment, match

AT = datetime(2026, 3, 1, tzinfo=UTC)
SHOP = ReplyKit(profile="shop", drafted_intents=("question", "complaint", "praise"))
FAQ = (
    FaqEntry(1, "c", "ru", "Сколько стоит доставка до Алматы?", "Доставка по Алматы — 1000 ₸.",
             "admin", AT),
    FaqEntry(2, "c", "ru", "Когда открывается ваш магазин?", "Мы работаем с 9:00 до 21:00.",
             "admin", AT),
    FaqEntry(3, "c", "kk", "Алматыға жеткізу бағасы қанша?", "Алматы бойынша жеткізу — 1000 ₸.",
             "admin", AT),
    FaqEntry(4, "c", "kk", "Дүкендеріңіз нешеде ашылады?", "Біз 9:00-ден 21:00-ге дейін жұмыс "
             "істейміз.", "admin", AT),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "faq_id"),
    [
        ("Какая стоимость доставки в Алматы?", Lang.RU, 1),
        ("Во сколько открывается магазин?", Lang.RU, 2),
        ("ДОСТАВКА до алматы сколько стоит???", Lang.RU, 1),
        ("Жеткізу қанша тұрады Алматыға?", Lang.KK, 3),
        ("Жеткизу канша турады Алматыга?", Lang.KK, 3),  # Kazakh typed on a Russian keyboard
        ("Дүкен нешеде ашылады?", Lang.KK, 4),
        ("Можно ли оплатить картой?", Lang.RU, None),
        ("Қайтару мүмкін бе?", Lang.KK, None),
    ],
)
def test_faq_matching(text: str, lang: Lang, faq_id: int | None) -> None:
    found = match_faq(text, lang, FAQ, 0.5)
    assert (found[0].id if found else None) == faq_id


def test_faq_in_the_other_language_is_not_used() -> None:
    assert match_faq("Сколько стоит доставка до Алматы?", Lang.KK, FAQ[:2], 0.5) is None


def test_similarity_is_symmetric_and_bounded() -> None:
    a, b = "Сколько стоит доставка?", "Доставка сколько стоит"
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, "") == 0.0


@pytest.mark.parametrize(
    ("text", "lang", "intent", "expected"),
    [
        ("Сколько стоит доставка до Алматы?", Lang.RU, Intent.QUESTION, "1000 ₸"),
        ("Алматыға жеткізу бағасы қанша?", Lang.KK, Intent.QUESTION, "1000 ₸"),
        ("Почему заказ опять задерживается?", Lang.RU, Intent.COMPLAINT, "template"),
        ("Тапсырысым әлі жоқ, неге кешікті?", Lang.KK, Intent.COMPLAINT, "template"),
        ("Спасибо, всё супер!", Lang.RU, Intent.PRAISE, "template"),
        ("Рахмет, керемет!", Lang.KK, Intent.PRAISE, "template"),
    ],
)
def test_drafts_in_the_comments_language(
    text: str, lang: Lang, intent: Intent, expected: str
) -> None:
    comment = make_comment(text, name="Айгүл")
    kit = replace(SHOP, faq=FAQ)
    draft = draft_reply(comment, make_analysis(lang=lang, intent=intent), kit)
    assert draft is not None
    assert draft.lang is lang and draft.intent is intent
    if expected == "template":  # one of the language's variants for this intent
        replies = book_for(str(lang), profile="shop").replies
        variants = replies[str(intent)] + replies.get(f"{intent}_order", ())
        assert draft.text in [v.replace("{author}", "Айгүл") for v in variants]
    else:
        assert expected in draft.text
    assert "Айгүл" in draft.text  # addressed to the author
    assert text not in draft.text  # never quotes the comment


def test_faq_draft_names_its_source() -> None:
    comment = make_comment("Сколько стоит доставка до Алматы?")
    draft = draft_reply(comment, make_analysis(intent=Intent.QUESTION), replace(SHOP, faq=FAQ))
    assert draft is not None and draft.source is DraftSource.FAQ and draft.faq_id == 1
    assert draft.similarity is not None and draft.similarity >= 0.5


def test_no_draft_for_other_intents() -> None:
    assert draft_reply(make_comment("ок"), make_analysis(), ReplyKit()) is None


@pytest.mark.parametrize(("community", "expected"), [("kk", Lang.KK), ("ru", Lang.RU),
                                                      ("en", Lang.RU)])  # fmt: skip
def test_code_switched_comment_gets_the_communitys_language(community: str, expected: Lang) -> None:
    draft = draft_reply(
        make_comment("Сәлеметсіз бе, доставка в Талдықорған есть?"),
        make_analysis(lang=Lang.MIXED, intent=Intent.QUESTION),
        replace(SHOP, community_lang=community),
    )
    assert draft is not None and draft.lang is expected


def test_same_comment_same_draft() -> None:
    comment = make_comment("Когда будет доставка?", comment_id="99")
    analysis = make_analysis(intent=Intent.QUESTION)
    assert draft_reply(comment, analysis, SHOP) == draft_reply(comment, analysis, SHOP)


@pytest.mark.parametrize(
    ("text", "term", "lang"),
    [
        ("Эй идиот, когда доставка?", "идиот", Lang.RU),
        ("Ақымақ, қашан жеткізесіңдер?", "Ақымақ", Lang.KK),
    ],
)
def test_drafts_never_quote_abuse(text: str, term: str, lang: Lang) -> None:
    analysis = make_analysis(
        lang=lang, intent=Intent.QUESTION, matches=(match(term, text, Category.INSULT, 1),)
    )
    # Even an FAQ answer that happens to contain the word is not used: the template is.
    trap = FaqEntry(9, "c", str(lang), text, f"{term} — нет.", "admin", AT)
    for kit in (SHOP, replace(SHOP, faq=(trap,))):
        draft = draft_reply(make_comment(text, name="Айгүл"), analysis, kit)
        assert draft is not None and draft.source is DraftSource.TEMPLATE
        assert term.lower() not in draft.text.lower()


def test_author_name_with_braces_is_inserted_literally() -> None:
    comment = make_comment("Как заказать?", name="{answer}{0}")
    draft = draft_reply(comment, make_analysis(intent=Intent.QUESTION), SHOP)
    assert draft is not None and "{answer}{0}" in draft.text


@pytest.mark.parametrize(
    ("text", "lang", "orders"),
    [
        ("Сколько стоит доставка до Шымкента?", Lang.RU, False),
        ("Когда придёт мой заказ?", Lang.RU, True),
        ("Подскажите, работаете в воскресенье?", Lang.RU, False),
        ("Тапсырысым қашан келеді?", Lang.KK, True),
        ("Сіздер жексенбіде жұмыс істейсіздер ме?", Lang.KK, False),
    ],
)
def test_a_shop_asks_for_the_order_number_only_about_orders(
    text: str, lang: Lang, orders: bool
) -> None:
    draft = draft_reply(make_comment(text), make_analysis(lang=lang, intent=Intent.QUESTION),
                        SHOP)  # fmt: skip
    assert draft is not None
    asks = "номер заказа" in draft.text or "тапсырыс нөмірін" in draft.text
    assert asks is orders, draft.text
