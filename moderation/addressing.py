"""Is a comment spoken *to the community*? Only such questions and complaints get a draft.

A reply from the community is welcome under "Когда откроют парк?" or "Верните деньги", not
under users talking to each other ("Не психуйте, напишите им в директ"), asking the crowd
("Кто знает, ЦОН в субботу работает?"), joking or musing aloud ("Жаңа әкім келді, көрейік не
өзгереді"). The signals are plain: a reply to another user is never addressed to us; a crowd
question is not; otherwise the text must speak to someone — the polite "вы"/"сіз" forms, an
imperative, a greeting — or name what the community answers for, which depends on its
profile: the editors and the article for a news outlet, orders and delivery for a shop,
roads and queues for an akimat. A question must also look like one (a question mark, a
question particle or word); a complaint must expect something back (a request, a question,
waiting). Intent detection happens upstream; this only filters it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_FLAGS = re.IGNORECASE | re.UNICODE

# "Does anyone know…": asked of other readers, not of the community.
_CROWD = re.compile(
    r"\b(кто[\s-]+(?:знает|в курсе|нибудь|смотрел|был|подскажет)|кто-то знает|"
    r"кім біледі|білетіндер бар ма|білетін адам|кім көрді|ешкім білмей ме)\b",
    _FLAGS,
)
# The community's side, named — what each kind of community answers for. Words common to
# all: the page's own staff and comments.
_OWN = r"админ\w*|модератор\w*|комментари\w*|пікір\w*"
_TOPICS = {
    "news": r"редакци\w*|редактор\w*|автор\w* стать\w*|источник\w*|дереккөз\w*|новост\w*|"
    r"жаңалық\w*|стать\w*|материал\w*|пост\w*",
    "shop": r"магазин\w*|дүкен\w*|дукен\w*|оператор\w*|курьер\w*|доставк\w*|жеткіз\w*|"
    r"заказ\w*|тапсырыс\w*|возврат\w*|вернуть|қайтар\w*|кайтар\w*|оплат\w*|төле\w*|"
    r"толе\w*|наличи\w*|сатылым\w*|стоит\w*|тұрады|цен[аыуе]\w*|бағасы\w*|меню\w*|"
    r"упаковк\w*|размер\w*|өлшем\w*|олшем\w*|товар\w*|тауар\w*|промокод\w*|чек\w*",
    "brand": r"оператор\w*|поддержк\w*|сервис\w*|карт[аыуе]\w*|карточк\w*|картам\w*|"
    r"деньги|ақша\w*|списал\w*|тариф\w*|интернет\w*|связь|сигнал\w*|приложени\w*|"
    r"филиал\w*|отделени\w*|возврат\w*|қайтар\w*|доставк\w*|заказ\w*|тапсырыс\w*",
    "public_service": r"акимат\w*|әкімдік\w*|аким\w*|әкім\w*|дорог\w*|жол\b|жолд\w*|"
    r"свет[аеу]?\b|жарық\w*|вод[аыу]\b|ремонт\w*|субсиди\w*|кезек\w*|балабақша\w*|"
    r"мектеп\w*|цон\w*|управляющ\w*|коммунал\w*|автобус\w*|снег\w*|қар\b|трактор\w*",
}
_COMMUNITY_WORDS = {
    profile: re.compile(rf"\b({_OWN}|{words})", _FLAGS) for profile, words in _TOPICS.items()
}
# A complaint that expects something back: a request, a question, waiting, "give it back".
_EXPECTS = re.compile(
    r"\?|\bжду\b|\bждём\b|\bждем\b|күтемін|күтеміз|\bверните\b|разберитесь|"
    r"қайтарыңыз\w*|кайтарыңыз\w*|когда\b|қашан|кашан|\bуже\b|әлі\b|али\b",
    _FLAGS,
)

# Speaking to someone: polite second person, greetings, requests.
_SECOND_PERSON = re.compile(
    r"\b(вы|вас|вам|вами|ваш\w*|у вас|сіз\w*|сиз\w*|сіздер\w*|сиздер\w*|"
    r"здравствуйте|добрый (?:день|вечер)|доброе утро|сәлеметсіз\w*|салеметсиз\w*|"
    r"подскажите|скажите|ответьте|объясните|верните|разберитесь|почините|исправьте|"
    r"уберите|спилите|сделайте|помогите|проверьте|примите|перезвоните|"
    r"жауап беріңіз\w*|көмектесіңіз\w*|назар аударыңыз\w*)\b"
    # Kazakh polite forms: "-ңыз/-ңіз" (your, please do), "-сыздар/-сіздер" (you do), and
    # "-сыз/-сіз" only before a question particle ("істейсіз бе"), because alone it is also
    # the privative suffix ("үнсіз", "себепсіз").
    r"|\w+(?:ңыз|ңіз|ңыздар|ңіздер|сыздар|сіздер)(?:ба|бе|ма|ме|па|пе|шы|ші)?\b"
    r"|\w+(?:сыз|сіз)\s+(?:ба|бе|ма|ме|па|пе)\b",
    _FLAGS,
)
_QUESTION = re.compile(
    r"\?|\b(ма|ме|ба|бе|па|пе|ли|ма екен|ме екен)\b|"
    r"\b(когда|сколько|почему|зачем|где|как|какой|какая|какие|есть ли|можно|будет|будут|"
    r"қашан|қанша|неге|қайда|қалай|кашан|канша|қандай|бола ма|бар ма)\b",
    _FLAGS,
)


def replies_to_user(comment_reply_to: str | None, metadata: Mapping[str, str]) -> bool:
    """A reply to another user's message (the adapters mark it in `reply_to_user`)."""
    target = metadata.get("reply_to_user", "")
    return bool(comment_reply_to) and bool(target) and not target.startswith("-")


def looks_like_question(text: str) -> bool:
    return _QUESTION.search(text) is not None


def addressed_to_community(
    text: str,
    intent: str,
    reply_to: str | None = None,
    metadata: Mapping[str, str] | None = None,
    profile: str = "news",
) -> bool:
    """True when a question or complaint in `text` expects an answer from the community."""
    if replies_to_user(reply_to, metadata or {}):
        return False
    if _CROWD.search(text):
        return False
    if intent == "question" and not looks_like_question(text):
        return False  # "к лету всё починят, как всегда 🙂" is no question
    if _SECOND_PERSON.search(text):
        return True
    words = _COMMUNITY_WORDS.get(profile, _COMMUNITY_WORDS["news"])
    if not words.search(text):
        return False  # about the world, not about us: "Жаңа әкім келді, көрейік не өзгереді"
    # Venting ("Психушка, а не магазин") is heard, not answered; a complaint that waits for
    # something ("Заказ әлі келмеді", "Жду возврат") is.
    return intent == "question" or _EXPECTS.search(text) is not None
