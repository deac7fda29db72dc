"""Intent rules: questions without '?', sarcasm, announcements and chatter (kk, ru)."""

from __future__ import annotations

import pytest

from classifiers.intent_rules import announcement, corrected_intent, sarcastic
from classifiers.normalize import normalize
from classifiers.question_rules import question_without_mark
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Latin-script Kazakh: question words and particles as typed in Latin letters
        ("Dükende bar ma", True),
        ("Qaşan aşylady", True),
        ("jetkizu tegin be, bilmeimin", True),
        # a particle that closes a clause, before a comma or "екен"
        ("Бөліп төлеуге бола ма екен", True),
        ("Бар ма, жоқ па", True),
        ("Ертен су болама", True),  # particle typed together with its verb
        ("Ал сен ше", True),
        # asking the readers, ru and kk
        ("Кто знает, работает ли ЦОН в субботу", True),
        ("Подскажите хорошего мастера", True),
        ("Кім біледі, бүгін сабақ болады", True),
        # a greeting that is a question in form, then the real question
        ("Сәлеметсіз бе, бұл қызмет ақылы ма", True),
        ("Сәлеметсіз бе, жарық жоқ", False),
        # statements that only look like questions
        ("Біз барамыз ба деп ойладық", False),
        ("Как по мне, реформа сделана наспех", False),
        ("Какая же ты наивная", False),
        ("Ну что, всех с пятницей", False),
        ("Бүгін ауа райы жақсы", False),
    ],
)
def test_questions_without_a_mark_in_every_script(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Спасибо, конечно, третий день без горячей воды", True),
        ("Рахмет сендерге, жылу әлі жоқ", True),
        ("Керемет қызмет, бір ай күттім", True),
        ("Спасибо, что потеряли мою посылку второй раз", True),
        ("Браво, опять подняли цены", True),
        ("Отличный сервис, ждала доставку две недели", True),
        # sincere thanks that mention lifting, a lost child or a raised question
        ("Курьер привёз вовремя, подняли на 9 этаж без лифта. Спасибо", False),
        ("Спасибо водителю, что довёз ребёнка, который потерялся", False),
        ("Молодцы депутаты, что подняли вопрос о воде", False),
    ],
)
def test_sarcasm_needs_a_failure_next_to_the_thanks(text: str, expected: bool) -> None:
    assert sarcastic(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Емхана хабарлайды: вакцинация кабинеті бейсенбіде жабық", True),
        ("ЦОН сообщает: с понедельника приём по записи", True),
        ("Qūrmettı tūrğyndar, erteñ su bolmaidy", True),
        ("Продаю детскую коляску, состояние хорошее", True),
        ("Сатылады диван, жақсы күйде", True),
        ("Пропала собака, рыжая, район Самал", True),
        ("Напоминаем: собрание в четверг в 19:00", True),
        ("Продавец нахамил и не отдал сдачу", False),
    ],
)
def test_announcements_and_ads(text: str, expected: bool) -> None:
    assert announcement(text) is expected


@pytest.mark.parametrize(
    ("label", "text", "intent"),
    [
        (Intent.PRAISE, "Жеңіс күнімен! Ардагерлерге мәңгі алғыс", Intent.OTHER),
        (Intent.PRAISE, "Наурыз мерекесі құтты болсын, ағайын!", Intent.OTHER),
        (Intent.COMPLAINT, "Қайтқанға иманды болсын, отбасына сабыр", Intent.OTHER),
        (Intent.PRAISE, "С Новым годом всех, пусть год будет добрым", Intent.OTHER),
        # congratulating on an achievement is praise, not a holiday wish
        (Intent.PRAISE, "Поздравляю наших школьников с победой на олимпиаде", Intent.PRAISE),
        # thanks to a person named with a title, or to a friend: talk between people
        (Intent.PRAISE, "Дина апай, рецептіңіз керемет екен", Intent.OTHER),
        (Intent.PRAISE, "Досым, рахмет, көмектестің", Intent.OTHER),
        # ...but a role is not a name: praise of the service stays praise
        (Intent.PRAISE, "Жүргізуші ағай өте сыпайы болды", Intent.PRAISE),
        (Intent.PRAISE, "Спасибо, конечно, опять без света", Intent.COMPLAINT),
        (Intent.OTHER, "Dükende bar ma", Intent.QUESTION),
        (Intent.OTHER, "@Madina sen de kelesing be", Intent.OTHER),  # chatter, not a question
    ],
)
def test_wishes_people_and_sarcasm(label: Intent, text: str, intent: Intent) -> None:
    assert corrected_intent(label, normalize(text).words, text) is intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dash after "кто …" addresses a group and asks nothing.
        ("Кто в Алматы — завтра обещают снег", False),
        ("Кто не прошел на грант — не расстраивайтесь, есть платное", False),
        ("Кто как, обычно от 10 до 30 тысяч", False),
        ("Как правильно сказала Дина, всё зависит от района", False),
        ("Как человек, проработавший 20 лет в школе, скажу: нужен подход", False),
        # The same openings still ask when no dash follows.
        ("Кто в Алматы знает хорошего стоматолога", True),
        ("Как туда добраться из Астаны", True),
    ],
)
def test_addresses_to_a_group_are_not_questions(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("label", "text", "intent"),
    [
        # Small talk waits for no answer, even with a question mark.
        (Intent.QUESTION, "Қалайсыңдар, достар?", Intent.OTHER),
        (Intent.QUESTION, "Жағдай қалай?", Intent.OTHER),
        (Intent.QUESTION, "Кто тут из Тараза?", Intent.OTHER),
        (Intent.QUESTION, "кто смотрел вчера матч Кайрата", Intent.OTHER),
        (Intent.QUESTION, "Кеше қар жауыпты, көрдіңдер ме", Intent.OTHER),
        (Intent.QUESTION, "Кто еще не спит? 😅", Intent.OTHER),
        # ...but a real question after the greeting, or about a service, still asks.
        (Intent.QUESTION, "Как дела с доставкой в Шымкент?", Intent.QUESTION),
        (Intent.QUESTION, "жагдай калай, жарык бар ма", Intent.QUESTION),
        (Intent.QUESTION, "Кто смотрел вчера матч, где можно пересмотреть?", Intent.QUESTION),
    ],
)
def test_small_talk_is_other(label: Intent, text: str, intent: Intent) -> None:
    assert corrected_intent(label, normalize(text).words, text) is intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A question word before a conditional verb concedes or correlates; it asks nothing.
        ("Кім не десе де, бұл жақсы бастама", False),
        ("Қалай болғанда да, сәттілік", False),
        ("Қайда барсаң да кезек", False),
        ("Кім келсе, сол алады", False),
        ("Kim ne dese de, jaqsy bastama", False),
        ("Что ни говори, а город красивый", False),
        ("Кто знает, тот поймёт", False),
        # A conditional that asks stays a question; case forms of "кім" ask too.
        ("Кім білсе, айтыңызшы", True),
        ("Кімге хабарласу керек", True),
        ("Кімге жазсам болады", True),
    ],
)
def test_concessions_are_not_questions(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Спасибо за «заботу», теперь ещё один сбор", True),
        ("Тапсырыс бір айда келді, керемет «экспресс» жеткізу", True),
        ("Рахмет, жеткізу уақытында келді, тек бір аптаға кешігіп", True),
        ("Рахмет сендерге, тарифті тағы көтердіңдер", True),
        ("Спасибо ЦОНу, бес сағат кезекте тұрдым", True),
        # a name in quotes is not irony
        ("Спасибо магазину «Мечта», всё привезли вовремя", False),
    ],
)
def test_irony_in_quotes_and_delays(text: str, expected: bool) -> None:
    assert sarcastic(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ертең 10:00-ден 16:00-ге дейін Абай көшесінде су болмайды", True),
        ("Келесі аптада 5-ші шағын ауданда жарық өшіріледі", True),
        ("В субботу с 9 до 18 будет отключён свет", True),
        # the past or the present is a complaint, not a schedule
        ("Интернет пропадает каждый вечер с 19 до 23", False),
        ("Кеше сағат 9-дан бері күтіп отырмын", False),
    ],
)
def test_scheduled_outages_are_announcements(text: str, expected: bool) -> None:
    assert announcement(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Kazakh asks with the question word before the verb, mid-sentence.
        ("Курьер тапсырысты көршіге беріп кетіпті, енді не істеймін", True),
        ("Жарық жиі өшіп қалады, қайда жазу керек", True),
        ("Aialdamada şam joq, kımge aitsaq bolady", True),
        ("Маған сынық тарелка келді, қалай қайтарамын", True),
        # "what more could one want", a reported question, wonder: no question
        ("Бағасы арзан, сапасы жақсы, тағы не керек", False),
        ("kafede bireu shotty tolep ketipti, kim ekenin bilmeymiz", False),
        ("Машаллах, қандай әдемі бала 😍", False),
        ("Какая милота 😍", False),
    ],
)
def test_kazakh_question_word_before_the_verb(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("label", "text", "intent"),
    [
        (Intent.OTHER, "Ит баласын асырап алдық, ветеринарды қайдан табамын", Intent.QUESTION),
        # in a complaint "what do I do now" may be despair: the model's label stays
        (
            Intent.COMPLAINT,
            "Курьер тапсырысты көршіге беріп кетіпті, енді не істеймін",
            Intent.COMPLAINT,
        ),
    ],
)
def test_the_question_word_before_the_verb_corrects_other_not_complaints(
    label: Intent, text: str, intent: Intent
) -> None:
    assert corrected_intent(label, normalize(text).words, text) is intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "when" or "how much" before a present verb asks for a date or a figure
        ("Поезд Астанаға қашан жетеді", True),
        ("Курс бағасы қанша тұрады", True),
        ("Stipendiia aidyñ neşesınde tüsedı", True),
        # rhetoric, concession and indirect questions ask nothing
        ("Қашанға дейін шыдаймыз", False),
        ("Қанша айтсаң да тыңдамайды", False),
        ("Ол қайда кеткенін білмеймін, телефоны өшірулі", False),
        ("Қалай пісіргенімді кейін жазамын", False),
        ("Концерт қашан болатыны әлі белгісіз", False),
        ("Откуда он приехал, не знаю, но парень хороший", False),
        # ... unless the writer asks to be told
        ("Қашан ашылатынын айтыңызшы", True),
    ],
)
def test_when_and_how_much_ask_indirect_questions_do_not(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Жақсы стоматолог білетіндер жазыңыздаршы", True),
        ("Осы шаңсорғышты алғандар пікір жазыңыздар", True),
        ("Ұлыма жүзу бапкері керек, кім ұсына алады", True),
        ("Пользовался кто этой клиникой, как впечатления", True),
        ("Кто брал этот пылесос, стоит своих денег", True),
        # those who saw a lost dog are asked to call: an ad, not a question
        ("Күшік жоғалды, ақ түсті, көргендер жазыңыздар", False),
    ],
)
def test_questions_to_readers_who_know_or_tried(text: str, expected: bool) -> None:
    assert question_without_mark(normalize(text).words, text) is expected


def test_a_complaint_that_asks_when_is_a_question() -> None:
    text = "Үш күннен бері ыстық су жоқ, қашан береді"
    assert corrected_intent(Intent.COMPLAINT, normalize(text).words, text) is Intent.QUESTION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Рахмет, жолды жасадыңдар, енді қайта қазып жатыр", True),
        ("Жарайсыңдар, байланыс тағы үзілді", True),
        ("Керемет, тапсырысымды тағы шатастырыпсыздар", True),
        ("Бәрекелді, жылу бердіңдер, бірақ үйде әлі суық", True),
        ("Спасибо за обновление, теперь приложение не открывается", True),
        # thanks for not being late is sincere
        ("Рахмет, курьер бір минут та кешікпеді", False),
        ("Бәрекелді, балалар жарыста бірінші орын алды", False),
    ],
)
def test_more_failures_that_make_thanks_sarcastic(text: str, expected: bool) -> None:
    assert sarcastic(text) is expected
