"""detect_language(): short, messy comments of each kind as they are really written."""

from __future__ import annotations

import pytest

from classifiers.language import detect_language
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang

KAZAKH = [
    "Рахмет, өте жақсы",
    "рахмет калай жаксы",
    "Сәлеметсіз бе, тапсырыс қашан келеді?",
    "мен сени жаксы коремин",
    "Керемет! Маған өте ұнады",
    "Баға қымбат екен",
    "Сапасы нашар, ұнамады",
    "Жеткізу тез болды, рахмет!",
    "Қайырлы күн! Ақшаны қайтарып беріңізші",
    "Бұл қосымша жұмыс істемейді",
    "жарайсын бауырым",
    "Неге жауап бермейсіздер?",
    "Өте ыңғайлы, балаларға ұнады",
    "калайсын брат, бари жаксы ма",
    "жок, керек емес",
    "Иә, бар",
    "Құттықтаймын!!! 🎉🎉",
    "Сен кімсің өзі?",
    "мен бугин келмеймин",
    "Қазақша жазыңыздаршы",
    "Бағасы қанша?",
    "Алла разы болсын",
    "Тамаша ән екен",
    "Біз де күтеміз",
    "осы жерде кезек коп",
    "Ештеңе түсінбедім",
    "Балам мектепке барады",
    "рахмет улкен",
    "Қашан ашылады?",
    "Мықты жігіт!",
    "Айналайын, денсаулық тілеймін",
    "Кешіріңіз, қай жерде?",
    "Тапсырысым әлі келген жоқ",
    "Жақсы қосымша, бірақ жиі қатып қалады",
    "сиз калайсыз",
    "Ұнады 👍",
    "Өте жаман сервис",
    "Бүгін ауа райы керемет",
    "Менің ойымша дұрыс емес",
    "Осындай адамдар көп болсын",
]

RUSSIAN = [
    "Привет, как дела?",
    "Ну и нафига это надо",
    "Спасибо большое за доставку",
    "Когда будет скидка?",
    "Это просто ужасно, больше не закажу",
    "Отличный магазин, всем советую",
    "пошли в бар",
    "а я в шоке",
    "да",
    "Согласен полностью",
    "Где мой заказ???",
    "кто-нибудь знает, как это исправить?",
    "Хохлы, это отдушина затюканого россиянина",
    "Страницу обнови, дебил.",
    "ты вообще нормальный?",
    "Ахахаха",
    "Не работает приложение после обновления",
    "Цена завышена раза в два",
    "Очень вкусно, спасибо повару",
    "Подскажите пожалуйста время работы",
    "сука бля",
    "иди нахуй",
    "blyat suka",
    "Админ, удали этот спам",
    "Молодцы ребята!",
    "Верните деньги!",
    "Ну такое себе",
    "Мне понравилось",
    "Зачем ты это написал?",
    "Какой ужас",
    "Шикарное видео",
    "Лучшая команда",
    "Я тоже так думаю",
    "Продам гараж",
    "С днём рождения!",
    "Всё отлично, рекомендую",
    "Почему так дорого?",
    "Это фейк",
    "Ждём продолжения",
    "Бред какой-то",
]

MIXED = [
    "керемет магазин, спасибо большое",
    "Рахмет большое!",
    "Спасибо, өте жақсы",
    "Слушай, сен неге жауап бермейсің?",
    "Короче, мен барамын, пока",
    "Очень жаксы, рахмет вам",
    "Жеткізу долго, но сапасы жақсы",
    "Привет, қалайсың?",
    "Мен тоже так думаю",
    "Бағасы нормально, но качество нашар",
    "Братан, керемет видео, лайк",
    "Сәлем всем, кто смотрит",
    "Спасибо, рахмет, всё жақсы",
    "вообще ұнамады",
    "Мына товар очень хороший",
    "Когда будет, қашан келеді?",
    "Ой как хорошо, керемет",
    "Это правда, дұрыс айтасың",
    "Здравствуйте, тапсырыс қашан келеді?",
    "ну бари бир жаксы",
    "Сен вообще кто такой?",
    "Неге так дорого?",
    "Сегодня бүгін все жабық",
    "Спасибо за видео, көп рахмет",
    "Айналайын, спасибо тебе",
    "Жаксы, но можно лучше",
    "Мен не понял",
    "Құттықтаймын, с праздником!",
    "Все жақсы, только жеткізу долго",
    "Қайырлы таң, друзья",
    "Давай, көреміз",
    "Пожалуйста, жауап беріңізші",
    "Рахмет за поддержку",
    "Брат, сенің видеоң просто огонь",
    "Ты маған ұнайсың",
    "Слушай, бұл не?",
    "Бугин очень холодно",
    "Мама айтты что нельзя",
    "Сапасы хорошее, рахмет",
    "Неге вы молчите?",
]

OTHER = [
    "😀😀😀",
    "+",
    "++",
    "👍",
    "123",
    "100500",
    "!!!",
    "",
    "   ",
    "nice video bro",
    "thank you so much",
    "hello",
    "wow 🔥🔥",
    "lol",
    "good job",
    "what is this",
    "I love this song",
    "ok",
    "https://example.com",
    "@user",
    "#тег" * 0 + "...",
    "🙏🙏🙏",
    "❤️",
    "10/10",
    "where is my order",
    "best app ever",
    "follow me",
    "???",
    "1+1",
    "💯",
    "this is fake",
    "omg",
    "great",
    "please help",
    "yes",
    "no",
    "cool",
    "english only please",
    "👏👏👏👏",
    "2024",
]


@pytest.mark.parametrize("text", KAZAKH)
def test_kazakh_comments(text: str) -> None:
    assert detect_language(normalize(text)) == Lang.KK


@pytest.mark.parametrize("text", RUSSIAN)
def test_russian_comments(text: str) -> None:
    assert detect_language(normalize(text)) == Lang.RU


@pytest.mark.parametrize("text", MIXED)
def test_mixed_comments(text: str) -> None:
    assert detect_language(normalize(text)) == Lang.MIXED


@pytest.mark.parametrize("text", OTHER)
def test_other_comments(text: str) -> None:
    assert detect_language(normalize(text)) == Lang.OTHER


# The votes of a comment are summed as packed integers; these check the packing against
# the rule itself (exact sums in fractions) on comments up to the normalization cap.
_POOL = "сәлем рахмет жаксы калай мен привет спасибо хорошо очень как nice video bro 2024 ok ..."


def _reference(text: str) -> tuple[float, float, int, int]:
    """The totals summed exactly, word by word, from each word's own vote."""
    from fractions import Fraction

    from classifiers import language

    kk = ru = Fraction(0)
    foreign = cyrillic = 0
    for word in normalize(text).words:
        k, r, f, c = language._vote(word)
        kk += Fraction(str(k))
        ru += Fraction(str(r))
        foreign += int(f)
        cyrillic += int(c)
    return float(kk), float(ru), foreign, cyrillic


def _texts() -> list[str]:
    import random

    rng = random.Random(7)
    pool = _POOL.split()
    texts = [
        " ".join(rng.choice(pool) for _ in range(rng.choice([1, 3, 8, 40, 400, 3000])))
        for _ in range(40)
    ]
    # at the cap (10,000 characters), each kind of vote at its largest count
    texts += [" ".join([word] * 6000) for word in ("сәлем", "спасибо", "video", "ә", "2024")]
    return [*texts, " ".join(["сәлем спасибо nice"] * 2000)]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: f"{len(t.split())}w")
def test_vote_totals_are_the_exact_sums_of_the_words_votes(text: str) -> None:
    """The per-word votes are summed packed in one integer: no field spills into another."""
    from classifiers.language import _decide, vote_totals

    totals = vote_totals(normalize(text))
    assert totals == pytest.approx(_reference(text), abs=1e-9)
    assert detect_language(normalize(text)) == _decide(*_reference(text))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("сәлем", Lang.KK), ("спасибо", Lang.RU), ("video", Lang.OTHER)],
)
def test_a_comment_at_the_cap_of_one_word_repeated(word: str, expected: Lang) -> None:
    assert detect_language(normalize(" ".join([word] * 6000))) == expected


def test_mixed_at_the_cap() -> None:
    assert detect_language(normalize(" ".join(["сәлем спасибо"] * 2000))) == Lang.MIXED
