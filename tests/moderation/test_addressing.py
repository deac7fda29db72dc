"""Drafts only where the community is spoken to; profiles pick the words and the templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.vocabulary import Intent, Lang
from moderation.addressing import addressed_to_community
from moderation.drafting import ReplyKit, draft_reply
from moderation.settings import PROFILES
from moderation.templates import load_book
from tests.moderation.conftest import make_analysis, make_comment


@pytest.mark.parametrize(
    ("text", "intent", "profile"),
    [
        ("Сәлеметсіз бе! Жаңа саябақ қашан ашылады?", "question", "news"),
        ("Почему комментарии в прошлом посте закрыли?", "question", "news"),
        ("Жексенбіде жұмыс істейсіздер ме?", "question", "shop"),
        ("Сколько стоит доставка до Шымкента?", "question", "shop"),
        ("Карточкадан ақша шешілді, а заказ отменился. Верните пожалуйста", "complaint", "shop"),
        ("Заказ әлі келмеді, третья неделя уже", "complaint", "shop"),
        ("Интернет тағы жоқ, третий день уже. Когда починят?", "complaint", "brand"),
        ("Балабақшаға кезек қашан келеді? Екі жыл күтіп жүрміз", "question", "public_service"),
    ],
)
def test_addressed(text: str, intent: str, profile: str) -> None:
    assert addressed_to_community(text, intent, profile=profile)


@pytest.mark.parametrize(
    ("text", "intent", "profile"),
    [
        ("Кто знает, ЦОН в субботу работает?", "question", "news"),
        ("Кто в курсе, жарық қашан береді біздің мкр-да?", "question", "public_service"),
        ("Ну да, конечно, к лету всё починят, как всегда 🙂", "question", "public_service"),
        ("Жаңа әкім келді, көрейік не өзгереді", "complaint", "news"),
        ("Мандат депутата отобрали? Давно пора", "question", "news"),
        ("Психушка, а не магазин: три кассы и одна работает", "complaint", "shop"),
        ("Жолды кім жөндейді? Әкімдік тағы үнсіз", "question", "news"),  # үнсіз: no "you"
        ("Балабақшаға кезек қашан келеді?", "question", "news"),  # the akimat's, not ours
    ],
)
def test_not_addressed(text: str, intent: str, profile: str) -> None:
    assert not addressed_to_community(text, intent, profile=profile)


def test_a_reply_to_another_user_gets_no_draft() -> None:
    meta = {"reply_to_user": "5550001"}
    assert not addressed_to_community("Вы правы, когда откроют?", "question", "17", meta)
    # A reply to the community's own message is addressed to it.
    assert addressed_to_community("Вы правы, когда откроют?", "question", "17",
                                  {"reply_to_user": "-229000001"})  # fmt: skip


def test_praise_gets_no_draft_by_default_and_a_thank_you_when_enabled() -> None:
    comment = make_comment("Спасибо, всё супер!", name="Айгүл")
    analysis = make_analysis(lang=Lang.RU, intent=Intent.PRAISE)
    assert draft_reply(comment, analysis, ReplyKit()) is None
    kit = ReplyKit(drafted_intents=("question", "complaint", "praise"))
    draft = draft_reply(comment, analysis, kit)
    assert draft is not None and draft.intent is Intent.PRAISE


def test_thanks_with_a_but_is_a_complaint_never_thanked_for_a_rating() -> None:
    comment = make_comment("Рахмет, но доставка өте баяу, тапсырыс әлі жоқ", name="Руслан")
    analysis = make_analysis(lang=Lang.KK, intent=Intent.PRAISE)
    kit = ReplyKit(profile="shop", drafted_intents=("question", "complaint", "praise"))
    draft = draft_reply(comment, analysis, kit)
    assert draft is not None and draft.intent is Intent.COMPLAINT
    assert "бағала" not in draft.text and "оценк" not in draft.text


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_profile_has_natural_templates_and_only_a_shop_asks_for_orders(
    profile: str, lang: str
) -> None:
    book = load_book(lang, "", profile)
    for intent in ("question", "complaint", "praise", "faq"):
        assert book.replies.get(intent), f"{profile}/{lang} lacks {intent}"
    texts = " ".join(v for variants in book.replies.values() for v in variants).lower()
    orders = ("заказ" in texts) or ("тапсырыс" in texts)
    assert orders == (profile == "shop")
    assert "высокую оценку" not in texts and "доставленные неудобства" not in texts


def test_a_communitys_own_file_wins_and_falls_back(tmp_path: Path) -> None:
    (tmp_path / "ru.toml").write_text(
        '[reply]\nquestion = ["{author}, ответим завтра."]\n', encoding="utf-8"
    )
    book = load_book("ru", str(tmp_path), "news")
    assert book.replies["question"] == ("{author}, ответим завтра.",)
    assert book.replies["complaint"] == load_book("ru", "", "news").replies["complaint"]
    assert book.holding  # the night reply comes from the bundled file
