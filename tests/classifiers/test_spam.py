"""Spam as its own category: links, promo, earnings, contacts, 'write to direct'."""

from __future__ import annotations

import pytest

from classifiers import Detector
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Category
from tests.classifiers.lexicon_roots import found_roots


@pytest.mark.parametrize(
    "text",
    [
        "casino-kz.win, бонус 200% за регистрацию",
        "Бонус 500% на первый депозит! Заходи на vulkan-bet.xyz",
        "Пиши в директ, расскажу как заработать",
        "Жеке хатқа жаз, бәрін айтамын",
        "Тегін бонус! Сілтеме бойынша өт: t.me/tegin_aqsha",
    ],
)
def test_spam_is_its_own_category(detector: Detector, text: str) -> None:
    analysis = detector.analyze(text)
    assert any(m.category is Category.SPAM and m.severity >= 2 for m in analysis.matches)
    assert analysis.toxic


@pytest.mark.parametrize(
    "text",
    ["Подробнее на сайте akimat.kz", "Новость тут: https://tengrinews.kz/news/1", "vk.com/club1"],
)
def test_a_plain_link_is_not_spam(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Подписывайтесь на мой канал, там розыгрыш iPhone",
        "Заработок от 50 000 в день без вложений, пиши в лс",
        "Инвестиции в крипту, доход 30% в месяц, подробности в профиле",
        "Пишите в WhatsApp +7 701 123 45 67, всё расскажу",
        "Тегін iPhone ұтып ал! Сілтеме профильде",
        "Күніне 20 000 теңге табыс, салымсыз! Директке жаз",
        "Переходи по ссылке bit.ly/3xYz и получи бонус",
        "Заработок от 50 000 в день, пишите +7 701 123 45 67",
    ],
)
def test_spam_offers(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    found = lexicon.find(doc, detect_language(doc))
    assert any(m.category is Category.SPAM and m.severity >= 2 for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "Зарплата 300 тысяч в месяц, а цены растут",
        "Средний доход 200 тысяч в месяц",
        "Звоните по номеру 8 701 123 45 67, магазин работает до 20:00",
        "Скидка 20% на всё в нашем магазине до пятницы",
        "Новость взята с сайта tengrinews.kz",
        "Подпишитесь на канал акимата, там расписание",
        "Күшті 2000тг бонус берді тегін, рахмет",
        "KOLESA.KZ-ке риза болдым, KOLESA.KZ арқасында көлік алдым",
    ],
)
def test_one_weak_sign_is_not_spam(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    assert not [m for m in lexicon.find(doc, detect_language(doc)) if m.severity >= 2]


@pytest.mark.parametrize(
    "text",
    [
        "Каспи 10% бонус берді",
        "10% бонус алдық",
        "Каспи 10% бонус берді, рахмет",
        "Мне начислили 15% бонусов, спасибо",
        "Получила бонус 10% за отзыв, приятно",
        "Вчера пришёл кэшбэк 30%, всё честно",
    ],
)
def test_a_bonus_received_is_a_review_not_an_offer(detector: Detector, text: str) -> None:
    assert not [m for m in detector.analyze(text).matches if m.category is Category.SPAM]


@pytest.mark.parametrize(
    "text",
    [
        "бонус 200% по ссылке",
        "casino-kz.win бонус 200%",
        "Жаз директке, 50% бонус береміз",
        "Получи бонус 200% новым игрокам",
        "Мне начислили 100% бонус, пиши в директ",
        "Я получил бонус 300% на casino-kz.win",
    ],
)
def test_a_bonus_offered_is_spam(detector: Detector, text: str) -> None:
    assert any(
        m.category is Category.SPAM and m.severity >= 2 for m in detector.analyze(text).matches
    )


@pytest.mark.parametrize(
    "text",
    ["Толығырақ директке жазыңыз", "Жазыңыз директке, бағасы арзан", "директиме жазыныз"],
)
def test_write_to_direct_in_either_order(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    assert any(m.category is Category.SPAM for m in lexicon.find(doc, detect_language(doc)))


@pytest.mark.parametrize(
    "text",
    [
        "Директорға жазамын, бұл дұрыс емес",
        "Мектеп директорына жаздым, жауап әлі жоқ",
        "Жазып директорға апардым",
    ],
)
def test_writing_to_the_director_is_a_complaint_not_spam(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    assert not [m for m in lexicon.find(doc, detect_language(doc)) if m.category is Category.SPAM]
