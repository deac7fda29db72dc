"""Rules that correct the intent model where a small model reliably errs (kk and ru).

The model reads cues (`model.cues`) and decides; three kinds of comment it gets wrong often
enough that a rule, read top to bottom, decides instead:
- a question without "?" (`classifiers.question_rules`);
- sarcasm read as praise — a thanks or "молодцы" with a failure next to it ("спасибо, опять
  без света", "жарайсыңдар, тағы да су жоқ") or a sarcastic set phrase ("ага, конечно");
  the model's complaint label says the rest, so sarcasm is a complaint, never praise;
- an announcement read as a complaint or question — "внимание", "уважаемые жители",
  "хабарландыру", "құрметті тұрғындар" at the start — is "other", and so is chatter
  between users: laughter or agreement alone, small talk ("как дела", "кто смотрел матч"),
  thanks to another user named at the start.
Each rule looks at the normalized words and the original text only.
"""

from __future__ import annotations

import re

from classifiers.lowered import LoweredPattern
from classifiers.question_rules import asks, question_without_mark, small_talk
from classifiers.vocabulary import Intent

_SARCASM = re.compile(
    r"(?i)\bага,?\s+конечно|\bну\s+спасибо|спасибо\s+за\s+ничего|очень\s+смешно|"
    r"\bну\s+конечно|\bну\s+молодцы|какая\s+забота|\bнуу?\s+рахмет|рахмет\s+сендерге\s+тағы|"
    r"\bйеа\b|\bну-ну\b|спасибо,?\s+конечно|спасибо,?\s+что\s+(?:предупредили\s+после|"
    r"взяли\s+деньги)|\bну\s+(?:рахмет|raqmet|rahmet)"
)
_PRAISE = re.compile(
    r"(?i)спасибо|благодар|молодц|браво|отличн|супер|класс|рахмет|ра[хқк]мет|жарайсы|"
    r"керемет|тамаша|алғыс|алгыс|мықты|мыкты|күшті|кушты|бәрекелді|баракелди|bärekeldı|"
    r"barekeldi|raqmet|rahmet|jaraisy|keremet"
)
# A failure next to thanks makes them sarcastic; sincere thanks meet "снова", "как всегда",
# "тағы да" ("спасибо, снова выручили", "тағы да рахмет"), so those are not failures.
_FAILURE = re.compile(
    r"(?i)опять|нет\s+(?:света|воды|газа|связи|интернета)|не\s+работает|отключ|сломал|"
    r"без\s+(?:света|воды|газа|отопления)|третий\s+(?:раз|день)|"
    r"(?:су|жарық|жарык|газ|интернет|свет)\s+(?:жоқ|жок|болмады)|істемейді|истемейди|"
    r"өшірді|оширди|өшіп\s+қалды|"
    # Waiting, losing, breaking, raising prices: thanks next to these are not thanks.
    r"(?:су|жарық|жарык|газ|жылу|интернет)\s+(?:әлі\s+|али\s+)?(?:жоқ|жок|берілмеді)|"
    r"(?:su|jaryq|jaryk|gaz|jylu|internet)\s+(?:äli\s+|ali\s+)?(?:joq|jok)|"
    r"әлі\s+(?:келген\s+)?жоқ|али\s+(?:келген\s+)?жок|келмей\s+жатыр|кешік(?!пе)|кешик(?!пе)|"
    r"жоғалтты|жогалтты|жоғалттыңыз|жогалттыныз|потеряли\s+(?:мо|посылк|заказ)|теряете|"
    r"пропали|"
    r"(?:бір|бир|екі|еки)\s+(?:ай|апта)\s+күт|(?:месяц|неделю|две\s+недели)\s+жд|"
    r"ждал[аи]?\s+(?:\w+\s+){0,2}(?:месяц|неделю|две|три)|через\s+(?:месяц|две\s+недели)|"
    r"(?:бағаны|баганы|тарифті|тарифти)\s+(?:тағы\s+)?(?:өсір|осир|көтер|котер)|"
    r"(?:подняли|повысили)\s+(?:цен|тариф|стоимост|плат)|сорвал|развалил|"
    r"бұзылды|бузылды|қазып\s+тастад|перекопали|суықта|суыкта|лежит|"
    # late, raised again, hours in a queue: "тек бір аптаға кешігіп", "тарифті тағы
    # көтердіңдер", "бес сағат кезекте тұрдым"
    r"кешіг|кешиг|keşıg|keshig|suyqta|suykta|(?:тағы|тагы|tağy|tagy|tagi)\s+(?:\S+\s+)?"
    r"(?:көтер|котер|köter|koter|завис|қымбатта|кымбатта|qymbatta)|"
    r"кезекте\s+(?:тұрдым|турдым|тұрдық|турдык)|kezekte\s+tūrdym|час\w*\s+в\s+очереди|"
    # dug up again, cut off, mixed up, will not open, still cold: "жолды қайта қазып жатыр",
    # "интернет үзілді", "тапсырысымды шатастырдыңыздар", "батарея әлі суық"
    r"(?:қайта|кайта|qaita|kaita)\s+(?:қаз|каз|qaz|kaz)|раскопа|үзілді|узилди|üzıldı|uzildi|"
    r"шатастыр|şatastyr|shatastyr|перепута|путают|"
    r"ашылмай|ashylmai|aşylmai|\bне\s+открыва|(?:әлі|али|äli|ali)\s+(?:суық|суык|suyq|suyk)|"
    r"батаре\w*\s+холодн|холодные\s+батаре"
)
# A common word in quotes is irony: "спасибо за «заботу»", "«экспресс» жеткізу"; a name in
# quotes starts with a capital («Kaspi», «Мечта»), so it is left alone.
_IRONIC_QUOTES = re.compile(r"«[a-zа-яёәғқңөұүһі][^»]{0,30}»|\"[a-zа-яёәғқңөұүһі][^\"]{0,30}\"")
_ANNOUNCEMENT = re.compile(
    r"(?i)^\W*(?:внимание|объявление|уважаемые\s+(?:жители|граждане|пассажиры|покупатели|"
    r"клиенты|подписчики|родители)|сообщаем|информируем|доводим\s+до|приглашаем|"
    r"назар\s+аударыңыз|назар\s+аударыныз|хабарландыру|құрметті\s+(?:тұрғындар|азаматтар|"
    r"жолаушылар|ата-аналар|тұтынушылар)|курметти\s+тургындар|хабарлаймыз|шақырамыз|"
    r"qūrmettı\s+tūrğyndar|qurmetti\s+turgyndar|habarlaimyz|habarlandyru|"
    r"курметти\s+(?:азаматтар|жолаушылар|ата-аналар|тутынушылар)|хабарлаймыз|шакырамыз|"
    r"к\s+сведению|напоминаем|предупреждаем|еске\s+саламыз|ескерту\s*:|"
    # a correction or the group's rules: "Түзету: …", "Поправка: …", "Топ ережесі: …"
    r"түзету\s*:|тузету\s*:|поправка\s*:|уточнение\s*:|(?:топ\s+)?ережес[іи]\s*:|"
    r"правила\s+(?:группы|чата)|"
    # an organisation speaking in the first words: "Емхана хабарлайды:", "ЦОН сообщает:"
    r"(?:[\w«»\"-]+\s+){1,3}(?:хабарлайды|сообщает|информирует)\b|"
    # a sale, a loss, a find, a vacancy: ads from users, not complaints
    r"(?:сатылады|сатамын|сатам|продаю|прода[её]тся|сда[её]тся|сдам|отдам|отдаю|"
    r"жалға\s+беріледі|жалга\s+бериледи|требуется|требуются|жоғалды|жогалды|табылды|"
    r"пропал[аи]?|найден[аы]?|satylady|satamyn)\b)"
)
# Wishes, congratulations and condolences: talk to everyone, neither praise nor complaint
# ("Жеңіс күнімен! Ардагерлерге мәңгі алғыс", "Қайтқанға иманды болсын").
_WISHES = re.compile(
    r"(?i)құтты\s+болсын|кутты\s+болсын|qūtty\s+bolsyn|qutty\s+bolsyn|мерекес[іи]мен|"
    r"мерекеңізбен|мерекенызбен|мерекелер[іи]ң[іи]збен|мейрамымен|туған\s+күн[іи]ң|"
    r"туган\s+кун[иы]н|жаңа\s+жыл(?:ың[ыі]збен|мен)|жана\s+жыл(?:ыныз|мен)|"
    r"күн[іи]мен\s*!|кунимен\s*!|с\s+праздник|с\s+дн[её]м\s+(?:рождения|"
    r"победы|независимости|учителя|матери|защитника)|с\s+новым\s+годом|с\s+наступающим|"
    r"с\s+наурызом|иманды\s+болсын|жатқан\s+жері\s+жайлы|жаткан\s+жери\s+жайлы|"
    r"соболезн|светлая\s+память|жұма\s+мүбарак|жума\s+мубарак|"
    r"сәттілік\s+тілей|sättılık\s+tıle|сәт\s+сапар|сат\s+сапар|жеңіспен\s+орал|ни\s+пуха"
)


# Laughter, agreement and fillers: a comment of these alone is chatter.
_CHATTER_WORD = re.compile(
    r"(?:а?ха(?:ха)*х?|ах(?:аха?)*|х[еи](?:х[еи])+|лол|кек|жиза|согласен|согласна|"
    r"соглашусь|точно|ага|угу|ок|окей|ну|да|иә|ия|иа|солай|дұрыс|дурыс|рас|шын|мхм|"
    r"пхпх\w*|ххх+|\d+)"
)
# A comment that starts by naming another user: VK's "[id1|Имя]," or "@name".
_TO_A_USER = re.compile(r"\s*(?:\[(?:id|club|public)\d+\|[^\]]*\]|@\w{3,})")


def sarcastic(original: str) -> bool:
    """Thanks or praise that mean the opposite."""
    if _SARCASM.search(original):
        return True
    if not _PRAISE.search(original):
        return False
    return bool(_FAILURE.search(original) or _IRONIC_QUOTES.search(original))


# A scheduled outage or event without an opening word: a future, impersonal verb and a time
# ("Ертең 10:00-ден 16:00-ге дейін су болмайды", "В субботу с 9 до 18 будет отключён
# свет"). A complaint tells of the past or the present ("с 19 до 23 пропадает").
# Both read the lowered text: without (?i) they are several times faster.
_SCHEDULE_VERB = re.compile(
    r"өшіріледі|ошириледи|öşırıledı|oshiriledi|болмайды|bolmaidy|тоқтатылады|"
    r"токтатылады|жабылады|jabylady|жүргізіледі|жургизиледи|jürgızıledı|өтеді|отеди|ötedı|"
    r"басталады|bastalady|будет\s+отключ|не\s+будет|будут\s+(?:проводит|отключ)|отключат|"
    r"состоится|пройд[её]т"
)
_SCHEDULE_TIME = re.compile(
    r"\d{1,2}[:.]\d{2}|(?:сағат|сагат|sağat|sagat)\s+\d|"
    r"\d+-?(?:ден|тен|нан|нен|dan|den|tan|ten|nan|nen)\s+\d|с\s+\d{1,2}\s+до\s+\d|ертең|"
    r"ертен|erteñ|erten|завтра|дүйсенбі|дуйсенби|сенбі|сенби|келесі\s+апта|келеси\s+апта|"
    r"в\s+(?:понедельник|субботу|воскресенье|пятницу|четверг|среду|вторник)"
)


def announcement(original: str) -> bool:
    """An announcement to everyone: neither a complaint nor a question to answer."""
    if _ANNOUNCEMENT.search(original) is not None:
        return True
    lowered = original.lower()
    return bool(_SCHEDULE_VERB.search(lowered) and _SCHEDULE_TIME.search(lowered))


def wishes(original: str) -> bool:
    """Congratulations, wishes or condolences to everyone."""
    return _WISHES.search(original) is not None


# Thanks or praise to a person named with a title at the start ("Дина апай, …", "Асқар
# аға, …") or to a friend ("досым", "бауырым"): talk between people, not praise of the post.
_TO_A_PERSON = re.compile(
    r"^\W*(?:[A-ZА-ЯЁӘӨҮҰҚҒІҢҺ]\w+\s+(?:апай|апа|ағай|агай|аға|ага|әпке|апке|тәте|тате|"
    r"ханым|мырза|apai|apa|ağai|agai|ağa|aga|äpke|apke)\s*,|(?i:досым|бауырым|карындас|"
    r"қарындас|dosym|bauyrym)\s*,)"
)


def chatter(words: list[str], original: str, label: Intent) -> bool:
    """Talk between users: laughter and agreement only ("ахах, согласен", "иә, солай"),
    small talk ("как дела", "кто смотрел матч"), or thanks to another user named at the
    start ("[id1|Аня], спасибо!")."""
    if words and all(_CHATTER_WORD.fullmatch(w) for w in words):
        return True
    if small_talk(original):
        return True
    named = _TO_A_USER.match(original) is not None or _TO_A_PERSON.match(original) is not None
    return label is Intent.PRAISE and named and "?" not in original


def corrected_intent(label: Intent, words: list[str], original: str) -> Intent:
    """The model's `label` for a text, corrected by the rules above and `question_rules`."""
    if announcement(original) and "?" not in original:
        return Intent.OTHER
    if chatter(words, original, label):
        return Intent.OTHER
    if label is Intent.PRAISE and sarcastic(original):
        return Intent.COMPLAINT
    if label is not Intent.QUESTION and wishes(original) and "?" not in original:
        return Intent.OTHER
    if (
        label in (Intent.OTHER, Intent.PRAISE)
        and question_without_mark(words, original)
        and _TO_A_USER.match(original) is None  # "@Madina sen de kelesing be": chatter
    ):
        return Intent.QUESTION
    # With "?" the model has its own cue (the corpus calls "…менде ғана ма?" a question and
    # "Что за сервис?" a complaint); without one, a particle or a question to the readers is
    # what says "question".
    if label is Intent.COMPLAINT and "?" not in original and asks(original):
        return Intent.QUESTION
    return label


# Every case-insensitive rule above runs as a plain pattern over the text lower-cased once,
# several times faster, with the same answers (see `classifiers.lowered`).
_SARCASM, _PRAISE, _FAILURE, _ANNOUNCEMENT, _WISHES = map(  # type: ignore[assignment]
    LoweredPattern, (_SARCASM, _PRAISE, _FAILURE, _ANNOUNCEMENT, _WISHES)
)
