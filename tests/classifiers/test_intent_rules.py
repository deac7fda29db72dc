"""Intent rules: questions without '?', sarcasm, announcements and chatter (kk, ru)."""

from __future__ import annotations

import pytest

from classifiers.intent_rules import (
    announcement,
    corrected_intent,
    question_without_mark,
    sarcastic,
)
from classifiers.normalize import normalize
from classifiers.vocabulary import Intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Где купить билет", True),
        ("есть ли скидки для пенсионеров", True),
        ("Қашан ашылады", True),
        ("Дүкен ертең ашық па", True),
        ("Бұл тегін бе екен", True),
        ("Не работает приложение", False),
        ("Спасибо, всё пришло", False),
        ("Где купить билет?", False),  # the question mark speaks for itself
    ],
)
def test_questions_without_a_question_mark(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Спасибо, опять без света третий день", True),
        ("Ага, конечно, спасибо за заботу", True),
        ("Жарайсыңдар, тағы да су жоқ", True),
        ("Спасибо большое, очень помогли", False),
        ("Спасибо, снова выручили", False),
        ("Рахмет, ешқандай проблема жоқ", False),
    ],
)
def test_sarcastic_thanks(text: str, expected: bool) -> None:
    assert sarcastic(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Внимание! Завтра с 10:00 отключение воды", True),
        ("Уважаемые жители, собрание в пятницу", True),
        ("Құрметті тұрғындар, ертең су болмайды", True),
        ("Хабарландыру: жиналыс сенбіде", True),
        ("Когда дадут воду?", False),
    ],
)
def test_announcements(text: str, expected: bool) -> None:
    assert announcement(text) is expected


@pytest.mark.parametrize(
    ("label", "text", "intent"),
    [
        (Intent.PRAISE, "Спасибо, опять без света", Intent.COMPLAINT),
        (Intent.COMPLAINT, "Внимание! Завтра отключение воды", Intent.OTHER),
        (Intent.OTHER, "Қашан ашылады", Intent.QUESTION),
        (Intent.PRAISE, "Рахмет, керемет қызмет", Intent.PRAISE),
        (Intent.COMPLAINT, "Почему опять нет света", Intent.COMPLAINT),
    ],
)
def test_rules_correct_the_model(label: Intent, text: str, intent: Intent) -> None:
    assert corrected_intent(label, normalize(text).words, text) is intent


@pytest.mark.parametrize("text", ["саламатсыздар ма", "Сәлеметсіз бе", "Амансыз ба"])
def test_a_kazakh_greeting_is_not_a_question(text: str) -> None:
    assert not question_without_mark(normalize(text).words, text)


@pytest.mark.parametrize(
    ("label", "text", "intent"),
    [
        (Intent.PRAISE, "ахаха, согласен", Intent.OTHER),
        (Intent.COMPLAINT, "иә, солай", Intent.OTHER),
        (Intent.PRAISE, "[id1|Аня], спасибо, ты лучшая!", Intent.OTHER),
        (Intent.PRAISE, "@aidos_kz рахмет, досым", Intent.OTHER),
        (Intent.QUESTION, "[id1|Аня], где ты купила?", Intent.QUESTION),
        (Intent.COMPLAINT, "[id1|Аня], у меня тоже нет света третий день", Intent.COMPLAINT),
        (Intent.PRAISE, "Спасибо за быструю доставку!", Intent.PRAISE),
    ],
)
def test_chatter_between_users_is_other(label: Intent, text: str, intent: Intent) -> None:
    assert corrected_intent(label, normalize(text).words, text) is intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("А когда откроют каток", True),
        ("Ребята, где купить билеты", True),
        ("Добрый день, сколько стоит доставка", True),
        ("Достар, қайда апаруға болады", True),
        ("Я не знаю где он", False),
        ("А мне понравилось", False),
    ],
)
def test_questions_after_a_filler(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected
