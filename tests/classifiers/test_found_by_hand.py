"""The cases of issue 15's "found by hand" list, and the rules that fix them (kk and ru)."""

from __future__ import annotations

import pytest

from classifiers import Detector
from classifiers.intent_rules import (
    announcement,
    corrected_intent,
    question_without_mark,
    sarcastic,
)
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import MAX_ANALYZED_CHARS, normalize
from classifiers.vocabulary import Category, Intent, Lang


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()


def _roots(lexicon: Lexicon, text: str, lang: Lang | None = None) -> list[str]:
    doc = normalize(text)
    return [m.root for m in lexicon.find(doc, lang or detect_language(doc))]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Оте.керемет", ["оте", "керемет"]),
        ("приложение.ыңғайлы", ["приложение", "ыңғайлы"]),
        ("Очень.удобное приложение", ["очень", "удобное", "приложение"]),
        ("Жақсы,ұнады", ["жақсы", "ұнады"]),
    ],
)
def test_a_full_stop_without_a_space_splits_words(text: str, words: list[str]) -> None:
    assert normalize(text).words == words


@pytest.mark.parametrize("text", ["Оте.керемет", "приложение.ыңғайлы", "Тамаша.өте жақсы"])
def test_a_missing_space_is_not_a_mask(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, text) == []


@pytest.mark.parametrize(("text", "masked"), [("ху.ня", "ху*ня"), ("е.ба.нат", "е*ба*нат")])
def test_a_dot_between_short_pieces_still_hides_a_letter(text: str, masked: str) -> None:
    assert normalize(text).text == masked


@pytest.mark.parametrize(
    "text", ["бл@дь", "бл*дь", "бл0дь", "бл@ть", "сук@", "х@й", "муд@к", "пид0р"]
)
def test_at_zero_and_star_mask_alike(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, f"ну ты {text}", Lang.RU) != []


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("пи-зд-ец", "пизда"),
        ("пи зд ец", "пизда"),
        ("ху йня", "хуй"),
        ("му-да-к", "мудак"),
        ("қо-тақ", "қотақ"),
    ],
)
def test_a_word_cut_into_pieces_is_joined(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in _roots(lexicon, text)


@pytest.mark.parametrize(
    "text", ["да он же не на то", "и в то же время", "бұл не ол да", "а я ем суп", "на ту же"]
)
def test_short_words_are_not_joined(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, text) == []


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Әкеңді ұрайын", "әкеңді ұрайын"),
        ("әкеңді ұрайын сенің", "әкеңді ұрайын"),
        ("акенди урайын", "әкеңді ұрайын"),
        ("сені өлтіремін", "сені өлтіремін"),
        ("басыңды жарам", "басыңды жарамын"),
        ("убью тебя", "убью"),
        ("найду тебя", "найду тебя"),
        ("я знаю где ты живешь", "знаю где ты живешь"),
        ("если ещё раз напишешь, прибью", "прибью"),
        ("тупорылые твари", "тупорылый"),
        ("уродская рожа", "урод"),
        ("ублюдочный поступок", "ублюдок"),
        ("топастарыңа айт", "топас"),
        ("ақымақтарыңызға", "ақымақ"),
    ],
)
def test_insults_and_threats_as_roots_and_phrases(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in _roots(lexicon, text)


@pytest.mark.parametrize(
    ("text", "severity"),
    [("сен ақымақсың", 2), ("ақымақ", 1), ("ты дурак", 2), ("он дурак", 1)],
)
def test_an_insult_said_to_someone_is_stronger(lexicon: Lexicon, text: str, severity: int) -> None:
    doc = normalize(text)
    (match,) = lexicon.find(doc, detect_language(doc))
    assert match.severity == severity


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sen aqymaqsyñ, auzyñdy jap", Lang.KK),
        ("Salem, qalaisyñ?", Lang.KK),
        ("Keremet qosymsha, raqmet", Lang.KK),
        ("privet kak dela", Lang.RU),
        ("nice video bro", Lang.OTHER),
    ],
)
def test_latin_script_kazakh_is_kazakh(text: str, lang: Lang) -> None:
    assert detect_language(normalize(text)) is lang


@pytest.mark.parametrize(("text", "root"), [("Sen aqymaqsyñ", "ақымақ"), ("jalap", "жалап")])
def test_latin_script_kazakh_is_read_by_the_lexicon(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in _roots(lexicon, text, Lang.KK)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("casino-kz.win, бонус 200% за регистрацию", Lang.RU),
        ("[id196190334|Тёма], рахмет сізге", Lang.KK),
        ("@aidos_kz керемет видео", Lang.KK),
        ("смотрите https://example.com/some/long/english/path", Lang.RU),
    ],
)
def test_links_and_mentions_do_not_vote(text: str, lang: Lang) -> None:
    assert detect_language(normalize(text)) is lang


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
    assert _roots(lexicon, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "слово «чурка» — это оскорбление",
        "не называйте людей чурками",
        'Слово "хач" недопустимо',
        "«Шала қазақ» деген сөзді айтпаңыз",
        "Мамбет деп атамаңыздар адамдарды",
    ],
)
def test_a_mentioned_slur_is_at_most_review(detector: Detector, text: str) -> None:
    analysis = detector.analyze(text)
    assert analysis.matches and all(m.mentioned for m in analysis.matches)
    assert not analysis.toxic
    assert 0.5 <= analysis.score < 0.8


@pytest.mark.parametrize("text", ["ты чурка", "Сен шала қазақсың", "ты хач, одним словом"])
def test_a_slur_said_to_someone_is_used(detector: Detector, text: str) -> None:
    analysis = detector.analyze(text)
    assert analysis.toxic
    assert not any(m.mentioned for m in analysis.matches)


@pytest.mark.parametrize(("abuse", "root"), [("иди нахуй", "хуй"), ("сен топассың", "топас")])
def test_abuse_past_the_cap_is_found(lexicon: Lexicon, abuse: str, root: str) -> None:
    text = "обычный текст без ничего " * 800 + abuse
    assert len(text) > MAX_ANALYZED_CHARS
    doc = normalize(text)
    found = [m for m in lexicon.find(doc, Lang.RU) if m.root == root]
    assert found and text[found[0].start : found[0].end] in abuse
    assert found[0].start > MAX_ANALYZED_CHARS


def test_a_word_across_the_cap_is_read_whole(lexicon: Lexicon) -> None:
    head = "а" * (MAX_ANALYZED_CHARS - 3) + " "
    text = head + "хуйня тут"
    (match,) = lexicon.find(normalize(text), Lang.RU)
    assert text[match.start : match.end] == "хуйня"


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


@pytest.mark.parametrize(
    "text",
    [
        'Картада жазылыпты: "пәленше чмо" . Ұят қой.',
        "На заборе написали «Вася лох» ещё в мае.",
    ],
)
def test_abuse_inside_quotes_is_mentioned(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    matches = lexicon.find(doc, detect_language(doc))
    assert matches and all(m.mentioned and m.severity == 1 for m in matches)


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("тағы сені өлтірем деді", True),
        ("«Убью тебя», — сказал он в суде", True),
        ("сені өлтіремін", False),
        ("«Убью тебя» — вот что я тебе скажу", False),
        ("Убью тебя, урод", False),
    ],
)
def test_a_reported_threat_is_mentioned(lexicon: Lexicon, text: str, mentioned: bool) -> None:
    doc = normalize(text)
    threats = [m for m in lexicon.find(doc, detect_language(doc)) if m.category is Category.THREAT]
    assert threats and all(m.mentioned is mentioned for m in threats)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("3.14здец", "пиздец"),
        ("3,14дорас", "пидорас"),
        ("версия 3.14 вышла", "версия 3 14 вышла"),
        ('ХУ"ЛО', "ху*ло"),
        ("хо(х)луш", "хохлуш"),
        ("да(нет)", "да нет"),
        ("***ло", "***ло"),
        ("*привет", "привет"),
        ("**важно**", "важно"),
    ],
)
def test_replacement_rules_of_the_mat_word_lists(written: str, normalized: str) -> None:
    assert normalize(written).text == normalized
    assert normalize(normalized).text == normalized


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("3.14здец какой", "пизда"),
        ("он ***ло", "хуй"),
        ("п****ц", "пизда"),
        ("Пи...да какая", "пизда"),
        ("Вот же ж су.....и!", "сука"),
        ("товарищ куйло", "хуй"),
        ("обоccaнной", "ссать"),
    ],
)
def test_masked_and_replaced_letters_are_read(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in _roots(lexicon, text, Lang.RU)


@pytest.mark.parametrize("text", ["б***", "***", "к*т", "п***"])
def test_too_few_letters_say_nothing(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, f"ну {text} вот", Lang.RU) == []


@pytest.mark.parametrize(
    ("text", "severity"),
    [("гaвнo", 2), ("говно", 1), ("тyпой", 2), ("тупой", 1), ("вaта", 2), ("вата", 1)],
)
def test_a_disguised_mild_word_is_meant(lexicon: Lexicon, text: str, severity: int) -> None:
    (match,) = lexicon.find(normalize(f"это {text}"), Lang.RU)
    assert match.severity == severity


@pytest.mark.parametrize(
    ("text", "normalized"),
    [("во сне...уже", "во сне уже"), ("нае...ли", "нае***ли"), ("пи...дец", "пи***дец")],
)
def test_an_ellipsis_between_words_is_punctuation(text: str, normalized: str) -> None:
    assert normalize(text).text == normalized


@pytest.mark.parametrize(
    "text", ["[id573289077|Пердунов], кошмар какой!", "@durak_kz привет", "[club1|Мудаки], ок"]
)
def test_names_in_mentions_are_not_the_authors_words(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, text, Lang.RU) == []


@pytest.mark.parametrize("text", ["саламатсыздар ма", "Сәлеметсіз бе", "Амансыз ба"])
def test_a_kazakh_greeting_is_not_a_question(text: str) -> None:
    assert not question_without_mark(normalize(text).words, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Сендей иттерді атып тастау керек", Category.THREAT),
        ("Мы вас всех перестреляем", Category.THREAT),
        ("их всех расстрелять надо", Category.THREAT),
        ("Қарындасыңды ұрайын", Category.INSULT),
        ("Әпкеңді ұрайын сенің", Category.INSULT),
        ("Заткнись уже", Category.INSULT),
    ],
)
def test_threats_and_insults_without_mat(lexicon: Lexicon, text: str, category: Category) -> None:
    doc = normalize(text)
    assert category in {m.category for m in lexicon.find(doc, detect_language(doc))}


@pytest.mark.parametrize(
    "text",
    [
        "в 1937 году расстреляли деда",
        "перестрелка в центре города",
        "купил баранину на рынке",
        "Доставка ужасная, курьер хамил, больше не закажу",
        "Аким опять ничего не сделал, позор",
        "Сіздің қызметіңіз өте нашар, ұят болсын",
        "Қарындасыма рахмет, ұрайын деген жоқпын",
    ],
)
def test_harsh_but_clean_comments_match_nothing(lexicon: Lexicon, text: str) -> None:
    assert _roots(lexicon, text) == []
