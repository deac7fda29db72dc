"""Rules that tell a question the intent model misses, or one it sees where none is (kk, ru).

A question without "?" — a question word first ("где купить билет", "қашан ашылады"), "ли"
second ("есть ли скидки"), a Kazakh question particle ("бар ма", "бола ма екен"), a question
word before a first or second person verb ("қайда жазу керек") or a question to the readers
("кто знает", "кім біледі"). Openings shaped like questions that ask nothing are not:
wonder ("какая же ты наивная"), concession ("кім не десе де"), rhetoric ("сколько можно"),
and small talk to the room ("как дела", "кто смотрел матч"), which `intent_rules` reads as
chatter. Each rule looks at the normalized words and the original text only.
"""

from __future__ import annotations

import re

from classifiers.lowered import LoweredPattern

QUESTION_STARTS = frozenset(
    """
    как когда где куда откуда почему зачем сколько кто какой какая какие какое каких чей
    чья чье можно подскажите скажите подскажи скажи разве неужели что могу можете
    қашан кашан қалай калай қайда кайда қайдан кайдан неге кім ким қанша канша қандай
    кандай қай кай неше қайсы кайсы неліктен неликтен
    кімге кимге кімнен кимнен кіммен киммен кімді кимди кімнің кимнин
    qashan qalai qaida qaidan nege kim qansha qandai qai neshe qaisy nelikten
    kimge kimnen kimmen kimdi
    посоветуйте уточните
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# With Kazakh letters, on a Russian keyboard and in Latin script; "ше" asks "and …?"
# ("сен ше", "ертең ше").
KAZAKH_PARTICLES = frozenset(
    {"ма", "ме", "ба", "бе", "па", "пе", "ше", "ma", "me", "ba", "be", "pa", "pe", "she"}
)
# A particle typed together with its verb: "болама" for "бола ма".
_FUSED_PARTICLE = frozenset({"болама", "боладыма", "болмайма", "барма", "жокпа", "жоқпа", "bolama"})
# Asking the readers rather than the post: "кто знает", "кім біледі", "біреу айтып жіберсін".
_ASKING_READERS = re.compile(
    r"(?i)\b(?:кто\s+(?:знает|в\s+курсе|подскажет|сталкивался)|кто-нибудь\s+знает|"
    r"кім\s+біледі|ким\s+биледи|kim\s+biledi|білетіндер\s+бар|билетиндер\s+бар|"
    r"bıletınder\s+bar|biletinder\s+bar|не\s+подскажете|подскажите|посоветуйте|"
    r"(?:^|[,.!]\s*)(?:айтыңыз|айтыныз)(?:дар)?шы|айтып\s+жіберіңіз|айтып\s+жибериниз|"
    r"кеңес\s+беріңіз|кенес\s+берин|aityñyzşy|aitynyzshy|keñes\s+berıñ|"
    # "кім ұсына алады"; "кто пользовался", "кого посоветуете"
    r"(?:кім|ким|kim|kım)\s+(?:\S+\s+)?(?:ұсына|усына|"
    r"көмектесе|комектесе|айта|ūsyna|usyna|kömektese|komektese|aita)\s+(?:алады|alady)|"
    r"(?:кто|кого)\s+(?:\S+\s+){0,2}посоветова|кто\s+(?:пользовал|брал|заказывал|покупал|"
    r"ездит|ездил|лечил)|(?:пользовал|заказывал|покупал)\w*\s+(?:ли\s+)?кто\b)"
)
# Those who know or have tried, asked to write: "білетіндер жазыңыздаршы", "мінгендер
# пікірлеріңізді жазыңыздар" ("көргендер жазыңдар" under a lost cat is an ad: those who saw
# or found it). Searched only in a text that holds "write" or "tell" (see `_asks_readers`).
_THOSE_WHO_KNOW = re.compile(
    r"(?i)\b(?!(?:көр|кор|тап|kör|kor|tap))\w+(?:тіндер|тиндер|тындар|ғандар|гандар|гендер|"
    r"қандар|кандар|кендер|tınder|tinder|tyndar|ğandar|gandar|gender|qandar|kandar|kender)\s+"
    r"(?:\S+\s+){0,2}(?:жазың|жазын|айтың|айтын|jazyñ|jazyn|aityñ|aityn)\w*"
)
_WRITE_OR_TELL = re.compile("(?i)жазы[ңн]|айты[ңн]|jazy[ñn]|aity[ñn]")
# Words before a question word that do not make it a statement.
_LEADING = frozenset(
    """
    а и ну так вот ребята люди друзья девочки народ админ администрация здравствуйте
    добрый день вечер утро подскажите скажите пожалуйста интересно кстати
    ал ендеше сонда достар жігіттер қыздар кешіріңіз айтыңызшы айтыңдаршы
    жигиттер кыздар кешириниз айтыныздаршы айтынызшы ағайын агайын
    dostar jigitter qyzdar keshiriniz aitynyzshy agaiyn
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_GREETINGS = ("сәлем", "салем", "саламат", "сәламат", "амансыз", "армысыз", "есенсіз")
# A particle closes its clause: at the end, before a comma or stop, or before "екен"/"өзі"
# ("бола ма екен", "бар ма өзі") — "бар ма, жоқ па" asks twice.
_PARTICLE_AT_CLAUSE_END = re.compile(
    r"(?i)\S\s+(?:ма|ме|ба|бе|па|пе|ше|ma|me|ba|be|pa|pe|she|şe)"
    r"(?:\s+(?:екен|еді|еди|өзі|озі|ozi|özı|eken|edi))?\s*(?:[,.;:!?)…\n]|$)"
)
# Questions that complain and ask nothing: "сколько можно", "ұялмайсыздар ма",
# "бұл дұрыс па", "емес пе", "почему опять".
_RHETORICAL = re.compile(
    r"(?i)сколько\s+можно|доколе|неужели|разве|ұялмай|уялмай|qašanğa|қашанға\s+дейін|"
    r"кашанга\s+дейин|бұл\s+не\b|бул\s+не\b|это\s+нормально|куда\s+смотр|не\s+стыдно|"
    r"дұрыс\s+па|дурыс\s+па|емес\s+пе|почему\s+(?:опять|снова|всегда|каждый)|"
    r"неге\s+(?:тағы|тагы|әрқашан|аркашан|әр\s+жолы)|ma\s+eken\s+degen"
)
# Openings that look like questions and are not: "как по мне, …", "какая же ты наивная",
# "ну что, всех с праздником", "кто-то бросает мусор", "кто тоже не спит",
# "кто как, обычно от 10 до 30 тысяч".
_NOT_A_QUESTION = re.compile(
    r"(?i)^\W*(?:ну\s+)?(?:как\s+(?:по\s+мне|же|так|хорошо|здорово|жаль|приятно)\b|"
    r"как(?:ой|ая|ие|ое)\s+(?:же|красив|прелест|молод|мил|класс|хорош|замечат)|"
    r"что\s*,|что\s+сказать|кто-то\b|кто\s+тоже\b|знаете\s*,|кто\s+как\b|"
    # "Кто в Алматы — завтра обещают снег": a dash after "кто …" addresses a group, it asks
    # nothing; "как человек, …", "как правильно сказала Дина" are statements.
    r"кто\b[^?,.!—–]{0,60}\s[—–]\s|как\s+(?:человек|правильно\s+сказал))|"
    # "Машаллах, қандай әдемі бала", "Какая милота": wonder, not a question
    r"(?i:^\W*(?:\w+\W+)?(?:қандай|кандай|qandai|kandai)\s+(?:әдемі|адеми|ädemı|ademi|жақсы|"
    r"жаксы|jaqsy|jaksy|керемет|keremet|тамаша|tamaşa|tamasha|сұлу|сулу|sūlu|sulu|тәтті|"
    r"татти|tättı|tatti|ақылды|акылды|aqyldy|қызық|кызык|qyzyq)\b|^\W*какая\s+милота)"
)
# A question word before a conditional verb is a concession or a correlative, not a
# question: "Кім не десе де, …", "Қалай болғанда да", "Қайда барсаң да, кезек",
# "Кім келсе, сол алады"; in Russian "кто бы ни …", "что ни говори", "кто знает, тот …".
_CONCESSIVE = re.compile(
    r"(?i)^\W*(?:(?:кім|ким|kim)\w*|не|ne|қалай|калай|qalai|kalai|қайда|кайда|qaida|kaida|қашан|"
    r"кашан|qaşan|qashan|kashan|қанша|канша|qansha|қандай|кандай|qandai)\b(?:\s+\S+){0,4}?\s+"
    r"\w+(?:са|се|сам|сем|саң|сең|сан|сен|саңыз|сеңіз|саныз|сениз|сақ|сек|сак|салар|селер|"
    r"sa|se|sam|sem|sañ|señ|san|sen|saq|sak|sek|salar|seler|ғанда|генде|ганда|қанда|кенде|"
    r"канда|ğanda|ganda|gende|qanda|kende)\b,?\s+(?:да|де|та|те|da|de|ta|"
    r"te|сол|sol)\b|"
    r"^\W*(?:кто|что|как|где|куда|когда|сколько)\s+(?:бы\s+)?(?:\S+\s+){0,3}?ни\s+\w+|"
    r"^\W*кто\s+\w+\s*,\s*(?:тот|то)\b"
)
# Kazakh puts the question word before the verb, often mid-sentence: "…қайда жазу керек",
# "кімге шағымданамын"; a first or second person verb, "керек" or "болады" right after the
# word asks ("ақшаны кім қайтарады" is left to the model). "Тағы не керек" ("what more could
# one want") and "кім екенін білмейміз" do not ask. It turns "other" or "praise" into a
# question, never a complaint: there "енді не істеймін" is as often despair as a request
# (on the corpus hold-out both choices scored the same, so the model keeps its complaint).
_QUESTION_WORD_BEFORE_VERB = re.compile(
    r"(?i)(?:^|[,.;:!]\s*|\s)(?:не|ne|нені|нени|nenı|neni|қалай|калай|qalai|kalai|қайда|кайда|"
    r"qaida|kaida|қайдан|кайдан|qaidan|kaidan|(?:кім|ким|kim|kım)\w*|қашан|кашан|qaşan|"
    r"qashan|қанша|канша|qanşa|qansha|kansha|қандай|кандай|qandai|kandai|неше\w*|neşe\w*|"
    r"neshe\w*|қай|кай|qai|kai)\s+(?:(?!екен|ekenı?n|тағы|тагы)\S+\s+){0,2}?"
    r"(?:\w+(?:мын|мін|мин|мыз|міз|миз|myn|min|mın|myz|miz|mız|сыздар|сіздер|сиздер|syzdar|"
    r"sızder|sizder|сыз|сіз|сиз|syz|sız|siz)|керек|kerek|болады|bolady)\s*(?:[,.;:!)…]|$)"
)
# The same words as normalized (Latin ı, ş, ñ read as i, sh, n), for a cheap first check.
_MID_QUESTION_WORDS = frozenset(
    """
    не ne нені нени neni қалай калай qalai kalai қайда кайда qaida kaida қайдан кайдан qaidan
    kaidan қашан кашан qashan kashan қанша канша qansha kansha қандай кандай qandai kandai
    қай кай qai kai
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_MID_QUESTION_STEMS = ("кім", "ким", "kim", "неше", "neshe")
# "When" or "how much/many" before a present or future verb closing the clause asks for a
# date or a figure ("Жылу қашан беріледі", "жеткізу қанша күн алады", "нешесінде түседі");
# "қашанға дейін" and "қанша айтсаң да" are rhetoric and concession, left out. (Russian
# "…, куда жаловаться вообще" is as often exasperation as a request: the model keeps it.)
_WHEN_OR_HOW_MUCH = re.compile(
    r"(?i)(?:^|[\s,.;:!])(?:қашан|кашан|qaşan|qashan|kashan|қанша|канша|qanşa|qansha|kansha|"
    r"неше\w*|neşe\w*|neshe\w*)\s+(?:\S+\s+){0,2}?\w+(?:ады|еді|йды|йді|ади|еди|йди|ady|edı|"
    r"edi|adi|idy|idı|idi)\s*(?:[,.;:!)…\n]|$)"
)
# Before the regex: one scan, and most texts hold none of these.
_WHEN_OR_HOW_MUCH_WORDS = re.compile(
    "(?i)қашан|кашан|qaşan|qashan|kashan|қанша|канша|qanşa|qansha|kansha|неше|neşe|neshe"
)
# An indirect question is a statement: the question word's verb made a noun in the
# accusative ("қайда көшкенін білмеймін", "қалай жасағанымды кейін жазамын") or "not known"
# after it ("қашан ашылатыны белгісіз", "где он живёт, не знаю"); unless the writer asks
# to be told ("қашан келетінін айтыңызшы", see `_TELL_ME`).
_INDIRECT = re.compile(
    r"(?i)\w(?:ғанын|генін|қанын|кенін|ганын|генин|канын|кенин|атынын|етінін|йтынын|йтінін|"
    r"етинин|йтинин|ғанымды|генімді|ганымды|генимди|атынымды|етінімді|етинимди|ğanyn|genın|"
    r"ganyn|genin|atynyn|etının|etinin|ğanymdy|ganymdy)\b|"
    r"\w(?:атыны|етіні|етини|ғаны|гені|гени|ганы|atyny|etını|etini|ğany|ganı|geni)\s+"
    r"(?:әлі\s+|али\s+)?(?:белгісіз|белгисиз|belgısız|belgisiz|айтылмады|белгілі\s+емес)|"
    r"не\s+знаю|неизвестно|не\s+помню|без\s+понятия"
)
_TELL_ME = re.compile(
    r"(?i)(?:айт|жаз|хабарла|түсіндір|тусиндир|aıt|ait|jaz|habarla)(?:ыңыз|іңіз|ыныз|иниз|"
    r"ыңдар|іңдер|ындар|индер|yñyz|ıñız|ynyz|iniz)"
)
_WHAT_MORE = re.compile(r"(?i)(?:тағы|тагы|tağy|tagy|tagi)\s+не\s+керек|tagy\s+ne\s+kerek")
_GREETING = re.compile(
    r"(?i)^\W*(?:сәлеметсі|салеметси|саламатсы|сәламатсы|амансыз|армысыз|есенсі|salemetsı|"
    r"salemetsi|amansyz)\w*\s+(?:ма|ме|ба|бе|ma|me|ba|be)\b"
)


def _after_greeting(original: str) -> str:
    """The text after a greeting that ends in a particle ("Сәлеметсіз бе, …"): that
    particle greets, it does not ask."""
    m = _GREETING.match(original)
    return original[m.end() :] if m else original


def _past_greeting(words: list[str]) -> list[str]:
    """The words after a greeting that is itself a question in form ("сәлеметсіз бе,")."""
    if words and words[0].startswith(_GREETINGS):
        rest = words[1:]
        return rest[1:] if rest and rest[0] in KAZAKH_PARTICLES else rest
    return words


def question_without_mark(words: list[str], original: str) -> bool:
    """A question written without "?" (kk or ru)."""
    if not words or "?" in original:
        return False
    # "сәлеметсіз бе", "саламатсыздар ма": a greeting, not a question, but what follows it
    # may be one ("Сәлеметсіз бе, жеткізу тегін бе").
    words = _past_greeting(words)
    if not words or _NOT_A_QUESTION.match(original) or _CONCESSIVE.match(original):
        return False
    if _asks_readers(original) or not _FUSED_PARTICLE.isdisjoint(words):
        return True
    start = 0  # past a filler or an address: "а когда откроют", "ребята, где купить"
    while start < min(len(words) - 1, 3) and words[start] in _LEADING:
        start += 1
    if len(words) > start + 2 and words[start + 1] == "ли":
        return True
    if _PARTICLE_AT_CLAUSE_END.search(_after_greeting(original)):
        return True
    asked = (
        (words[start] in QUESTION_STARTS and len(words) > start + 1)
        or _asks_before_the_verb(words, original)
        or _asks_when_or_how_much(original)
    )
    return asked and not _indirect(original)


def _asks_readers(original: str) -> bool:
    if _ASKING_READERS.search(original):
        return True
    return bool(_WRITE_OR_TELL.search(original) and _THOSE_WHO_KNOW.search(original))


def _indirect(original: str) -> bool:
    """An indirect question, and no request to be told."""
    return bool(_INDIRECT.search(original) and not _TELL_ME.search(original))


def _asks_before_the_verb(words: list[str], original: str) -> bool:
    """A Kazakh question word right before a first/second person verb, "керек" or
    "болады" ("…енді не істеймін", "қайда жазу керек"). The regex runs only when the
    normalized words hold such a word (most texts do not)."""
    if _MID_QUESTION_WORDS.isdisjoint(words) and not any(
        w.startswith(_MID_QUESTION_STEMS) for w in words
    ):
        return False
    return bool(_QUESTION_WORD_BEFORE_VERB.search(original) and not _WHAT_MORE.search(original))


def _asks_when_or_how_much(original: str) -> bool:
    """It asks "when" or "how much" before a present verb: no rhetoric, concession or
    indirect question."""
    if not _WHEN_OR_HOW_MUCH_WORDS.search(original):
        return False
    return bool(
        _WHEN_OR_HOW_MUCH.search(original)
        and not _RHETORICAL.search(original)
        and not _CONCESSIVE.match(original)
        and not _indirect(original)
    )


def asks(original: str) -> bool:
    """An explicit request for an answer, however much it complains: a Kazakh particle
    closing a clause ("кайтарып беруге бола ма, размері келмеді") or a question to the
    readers ("кто знает…", "кім біледі…"), and no rhetorical turn."""
    if _RHETORICAL.search(original):
        return False
    return bool(
        _PARTICLE_AT_CLAUSE_END.search(_after_greeting(original))
        or _asks_readers(original)
        or _asks_when_or_how_much(original)
    )


# Small talk that only opens a conversation is chatter, even as a question: greetings
# ("как дела", "қалайсыңдар", "жағдай қалай") and questions to the room that wait for
# no answer ("кто тут из Тараза", "кто смотрел матч", "кто ещё не спит", "көрдіңдер ме").
_SMALL_TALK = re.compile(
    r"(?i)^\W*(?:(?:всем\s+привет|привет|салем|сәлем|ну\s+что|народ|ребята|достар|"
    r"жігіттер|жигиттер)\W+)?(?:как\s+(?:дела|жизнь|настроение|выходные|вы\s+там|"
    r"поживаете|у\s+вас\s+погода)(?!\s+(?:с|со|по|в|на|после)\b)|"
    r"(?:қалайсың|калайсын|qalaisyñ|kalaisyn)\w*|(?:жағдай|жагдай|jağdai|jagdai|хал|hal|"
    r"қалың|калын)\s+(?:қалай|калай|qalai|kalai)|(?:бәрі|бари|bärı|bari)\s+(?:жақсы|жаксы|"
    r"jaqsy|jaksy)\s+(?:ма|ма\?|ma)|"
    r"кто\s+(?:тут|здесь)\s+из\b|кто\s+(?:ещ[её]|тоже)\s+не\s+спит|"
    r"кто\s+(?:смотрел|видел)\s+(?:вчера\s+|вчерашний\s+)?(?:матч|футбол|бой|концерт|"
    r"финал|сериал)|кім\s+(?:көрді|корди)\s+(?:кеше\w*\s+)?(?:матч|футбол|концерт)|"
    r"[^?.!]{0,40}(?:көрдіңдер|кординдер|кордындер|kördıñder|kordinder)\s+(?:ме|ма|me))"
    r"[^?.!,]{0,30}(?:,\s*(?:достар|жігіттер|жигиттер|ағайын|агайын|топтағылар|топтагылар|"
    r"ребята|народ|друзья|dostar|jıgıtter|jigitter|agaiyn))?\W*$"
)


def small_talk(original: str) -> bool:
    """A greeting or a question to the room that waits for no answer."""
    return _SMALL_TALK.match(original) is not None


# Every case-insensitive rule above runs as a plain pattern over the text lower-cased once,
# several times faster, with the same answers (see `classifiers.lowered`).
_ASKING_READERS, _PARTICLE_AT_CLAUSE_END, _RHETORICAL, _NOT_A_QUESTION, _GREETING = map(  # type: ignore[assignment]
    LoweredPattern,
    (_ASKING_READERS, _PARTICLE_AT_CLAUSE_END, _RHETORICAL, _NOT_A_QUESTION, _GREETING),
)
_CONCESSIVE, _QUESTION_WORD_BEFORE_VERB, _WHAT_MORE, _SMALL_TALK = map(  # type: ignore[assignment]
    LoweredPattern, (_CONCESSIVE, _QUESTION_WORD_BEFORE_VERB, _WHAT_MORE, _SMALL_TALK)
)
_WHEN_OR_HOW_MUCH, _INDIRECT, _TELL_ME, _THOSE_WHO_KNOW = map(  # type: ignore[assignment]
    LoweredPattern, (_WHEN_OR_HOW_MUCH, _INDIRECT, _TELL_ME, _THOSE_WHO_KNOW)
)
_WRITE_OR_TELL, _WHEN_OR_HOW_MUCH_WORDS = map(  # type: ignore[assignment]
    LoweredPattern, (_WRITE_OR_TELL, _WHEN_OR_HOW_MUCH_WORDS)
)
