"""Rules that correct the intent model where a small model reliably errs (kk and ru).

The model reads cues (`model.cues`) and decides; three kinds of comment it gets wrong often
enough that a rule, read top to bottom, decides instead:
- a question without "?" — a question word first ("где купить билет", "қашан ашылады"),
  "ли" second ("есть ли скидки"), or a Kazakh question particle ("бар ма", "бола ма екен");
- sarcasm read as praise — a thanks or "молодцы" with a failure next to it ("спасибо, опять
  без света", "жарайсыңдар, тағы да су жоқ") or a sarcastic set phrase ("ага, конечно");
  the model's complaint label says the rest, so sarcasm is a complaint, never praise;
- an announcement read as a complaint or question — "внимание", "уважаемые жители",
  "хабарландыру", "құрметті тұрғындар" at the start — is "other", and so is chatter
  between users: laughter or agreement alone, thanks to another user named at the start.
Each rule looks at the normalized words and the original text only.
"""

from __future__ import annotations

import re

from classifiers.vocabulary import Intent

QUESTION_STARTS = frozenset(
    """
    как когда где куда откуда почему зачем сколько кто какой какая какие какое каких чей
    чья чье можно подскажите скажите подскажи скажи разве неужели что могу можете
    қашан кашан қалай калай қайда кайда қайдан кайдан неге кім ким қанша канша қандай
    кандай қай кай неше қайсы кайсы неліктен неликтен
    """.split()  # noqa: SIM905 - a word list reads better as text
)
KAZAKH_PARTICLES = frozenset({"ма", "ме", "ба", "бе", "па", "пе"})
# Words before a question word that do not make it a statement.
_LEADING = frozenset(
    """
    а и ну так вот ребята люди друзья девочки народ админ администрация здравствуйте
    добрый день вечер утро подскажите скажите пожалуйста интересно кстати
    ал ендеше сонда достар жігіттер қыздар кешіріңіз айтыңызшы айтыңдаршы
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_GREETINGS = ("сәлем", "салем", "саламат", "сәламат", "амансыз", "армысыз", "есенсіз")
_AFTER_PARTICLE = frozenset({"", "екен", "еді", "еди", "өзі", "озі", "ozi"})
_SARCASM = re.compile(
    r"(?i)\bага,?\s+конечно|\bну\s+спасибо|спасибо\s+за\s+ничего|очень\s+смешно|"
    r"\bну\s+конечно|\bну\s+молодцы|какая\s+забота|\bнуу?\s+рахмет|рахмет\s+сендерге\s+тағы|"
    r"\bйеа\b|\bну-ну\b"
)
_PRAISE = re.compile(
    r"(?i)спасибо|благодар|молодц|браво|отличн|супер|класс|рахмет|ра[хқк]мет|жарайсы|"
    r"керемет|тамаша|алғыс|алгыс|мықты|мыкты|күшті|кушты"
)
# A failure next to thanks makes them sarcastic; sincere thanks meet "снова", "как всегда",
# "тағы да" ("спасибо, снова выручили", "тағы да рахмет"), so those are not failures.
_FAILURE = re.compile(
    r"(?i)опять|нет\s+(?:света|воды|газа|связи|интернета)|не\s+работает|отключ|сломал|"
    r"без\s+(?:света|воды|газа|отопления)|третий\s+(?:раз|день)|"
    r"(?:су|жарық|жарык|газ|интернет|свет)\s+(?:жоқ|жок|болмады)|істемейді|истемейди|"
    r"өшірді|оширди|өшіп\s+қалды"
)
_ANNOUNCEMENT = re.compile(
    r"(?i)^\W*(?:внимание|объявление|уважаемые\s+(?:жители|граждане|пассажиры|покупатели|"
    r"клиенты|подписчики|родители)|сообщаем|информируем|доводим\s+до|приглашаем|"
    r"назар\s+аударыңыз|назар\s+аударыныз|хабарландыру|құрметті\s+(?:тұрғындар|азаматтар|"
    r"жолаушылар|ата-аналар|тұтынушылар)|курметти\s+тургындар|хабарлаймыз|шақырамыз)"
)


# Laughter, agreement and fillers: a comment of these alone is chatter.
_CHATTER_WORD = re.compile(
    r"(?:а?ха(?:ха)*х?|ах(?:аха?)*|х[еи](?:х[еи])+|лол|кек|жиза|согласен|согласна|"
    r"соглашусь|точно|ага|угу|ок|окей|ну|да|иә|ия|иа|солай|дұрыс|дурыс|рас|шын|мхм|"
    r"пхпх\w*|ххх+|\d+)"
)
# A comment that starts by naming another user: VK's "[id1|Имя]," or "@name".
_TO_A_USER = re.compile(r"\s*(?:\[(?:id|club|public)\d+\|[^\]]*\]|@\w{3,})")


def question_without_mark(words: list[str], original: str) -> bool:
    """A question written without "?" (kk or ru)."""
    if not words or "?" in original or words[0].startswith(_GREETINGS):
        return False  # "сәлеметсіз бе", "саламатсыздар ма": a greeting, not a question
    start = 0  # past a filler or an address: "а когда откроют", "ребята, где купить"
    while start < min(len(words) - 1, 3) and words[start] in _LEADING:
        start += 1
    if words[start] in QUESTION_STARTS and len(words) > start + 1:
        return True
    if len(words) > start + 2 and words[start + 1] == "ли":
        return True
    for i, word in enumerate(words[1:], start=1):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in KAZAKH_PARTICLES and following in _AFTER_PARTICLE:
            return True
    return False


def sarcastic(original: str) -> bool:
    """Thanks or praise that mean the opposite."""
    if _SARCASM.search(original):
        return True
    return bool(_PRAISE.search(original) and _FAILURE.search(original))


def announcement(original: str) -> bool:
    """An announcement to everyone: neither a complaint nor a question to answer."""
    return _ANNOUNCEMENT.search(original) is not None


def chatter(words: list[str], original: str, label: Intent) -> bool:
    """Talk between users: laughter and agreement only ("ахах, согласен", "иә, солай"),
    or thanks to another user named at the start ("[id1|Аня], спасибо!")."""
    if words and all(_CHATTER_WORD.fullmatch(w) for w in words):
        return True
    to_a_user = _TO_A_USER.match(original) is not None and "?" not in original
    return label is Intent.PRAISE and to_a_user


def corrected_intent(label: Intent, words: list[str], original: str) -> Intent:
    """The model's `label` for a text, corrected by the rules above."""
    if announcement(original) and "?" not in original:
        return Intent.OTHER
    if label is not Intent.QUESTION and chatter(words, original, label):
        return Intent.OTHER
    if label is Intent.PRAISE and sarcastic(original):
        return Intent.COMPLAINT
    if label in (Intent.OTHER, Intent.PRAISE) and question_without_mark(words, original):
        return Intent.QUESTION
    return label
