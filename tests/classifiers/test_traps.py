"""Innocent words that contain the letters of abusive roots must never match.

Every Russian trap is checked in all its inflected forms (pymorphy3's lexeme), every
Kazakh trap in its forms as written with Kazakh letters and as typed on a Russian keyboard,
and all of them inside ordinary sentences too.
"""

from __future__ import annotations

import pytest

from classifiers.lexicon import Lexicon
from classifiers.morphology import fold
from classifiers.morphology.russian import _get_analyzer
from classifiers.vocabulary import Lang
from tests.classifiers.test_lexicon_match import make_doc

# From the issue, then our own (words that share letters with mat roots, insults, threats).
RUSSIAN_TRAPS = """
команда застрахуйте скипидар употреблять рубля корабля психуй херсон хулиган мандарин сабля
ребята оскорблять
сукно сукровица суккуб мудрый мудрость мудрец премудрость мудреный амбар амбал
оскорбление хлебать хлеб ребенок колебаться требовать мандат мандолина мандраж мандала
мандельштам командир командировка страховать страховка подстраховать себе себестоимость
себя тебе небо учеба щебень гребень погребение гребля веб вебинар бледный побледнеть
бляха бляшка ослаблять употребление стебель дребезг двоеборье амеба эпидермис спидометр
педиатр педикюр нигерия жидкость жидкий хачапури трахея трахома гондола сравнение срам
сражение сработать срастаться сразу тихий плохой сухой глухой лихой психовать чихуахуа
хутор худой хурма хунта херес херувим херсонес себастьян ебонит дебют дебет требуха
скребок захлебнуться разгребать потребовать ребус лохматый лохмотья тупик уродиться
урожай чмокнуть даунтаун ахерон обляпать обед кот котенок котлета котик бок боксер
бокал сигнал сигарета сигма ампула амплуа заманчивый муравей мусор манеж пиджак пидж
спид спидвей сирота серия сериал хрусталь
лапидарный тепидарий засучить сучить сереть сереет взвихрить всеблагой выгребание говеть
гидроочистка дебош надебоширить дебет заштриховать сплоховать блеять курвиметр мандалорец
мандалай хохлатый хохолок хохломской звукотактильный сигизмунд сикурс сикким шуршать соя
наковать избегать избежать сукин_нет
""".replace("сукин_нет", "").split()

# Words whose other forms are genuinely ambiguous ("сучка" is a twig's genitive and a
# "bitch"; "жидок" a short adjective and a slur): only the word itself must pass.
RUSSIAN_BASE_ONLY = ["сучок", "сучья", "хачу", "жидкий", "жидкость", "мандат", "мандала"]

KAZAKH_TRAPS = """
көтеру көтеріңкі көтерді көтерілу көтеріліс көтермелеу аман амал амандасу амандық аманат
амалсыз мал шаруашылығы малшы итеру итальян иттер сиқыр сиқырлы сықылды сығу сиыр мүдде
мүддесі мүдделі маңдай маңдайы заман замандас себеп себебі себет себу ебі ебін ебдейлі
жапалақ жапырақ жапон жалпы жалақы жалаң қанша қаншама қаншалықты қотан қотыр қотару
котангенс коттедж ақмарал ақмола оңбай оңбайды шешім шешу шешендік сіңіру сіз сілтеме секіру
сегіз сегізінші сою сабақ есектер хайуанаттар малдар өлең өлке өлтіру амбулатория
американ амир себептер иба ибалы ибасыз перде бетперде перделер әпердім ампер жоспар хезболла сирота
""".split()  # noqa: SIM905 - a word list reads better as text

# A few Kazakh sentences where the traps sit in ordinary use.
KAZAKH_SENTENCES = [
    "Мал шаруашылығы дамып келеді, аман-есен жетті",
    "Көтеріңкі көңіл-күй, жүкті көтеру оңай емес",
    "Амандасу әдебі, амал жоқ, итальян тағамы, есікті итеру",
    "Шешең қалай? Шешеңе сәлем айт",
    "Бұл сиқырлы кітап, маңдайы жарқырап тұр",
    "Заманда мүдделі жастар көп, себебі жұмыс жалақы жақсы",
    "Котакон рахмат",
    # the new threat and curse entries need "you" or a curse form: these are innocent
    "Құрбан айтта қойды өзім бауыздаймын, ишак пен есек ауылда бар, Доңыз жылы туғанмын",
    "Тексіз сөз айтпа деп атам үйретті, бетіңді жу, кеңсеңді жина",
    # "I found you": only the future ("сені тауып аламын") threatens
    "Сені тауып алдым, рахмет! Men seni tauyp aldym, rahmet",
    # "I could not find you" (a shop, a friend at the market): only "сені табамын" threatens
    "Сені таба алмадым, қай жердесің?",
    "Seni taba almadym, dükenıñ qaida",
    # a game review ("if you kill the snake"), an amen and "happy mood": no threat, no ам/мудак
    "Жыланды өлтіріп тастасаң, келесі деңгейге өтесің. Nasip etsin, amin. Хаппи муд",
]
RUSSIAN_SENTENCES = [
    "Морская свинья и животное из зоопарка, подстилка для собаки, закатал в бетон фундамент",
    "Команда психует, но застрахуйте корабля рубля сабля",
    "Ребята, не надо оскорблять, употреблять скипидар вредно",
    "В Херсоне хулиган ел мандарин на корабле",
    "Себе и тебе купил хлеб, небо бледное, ребенок колеблется",
    "Сухую тихую плохую погоду не люблю, перестрахуешься",
    "Мудрость веб-дизайна и вебинар о двоеборье",
    "Кот ест, коты спят, котенок играет, котом довольна",
    "Засучив рукава, он заштриховал лист; небо сереет, овца блеет",
    "Good job, nice work, the other one, my brother",
]

_KAZAKH_SUFFIXES_BACK = ("", "тар", "лар", "ы", "ың", "ым", "ға", "да", "дан", "ның", "мен")
_KAZAKH_SUFFIXES_FRONT = ("", "тер", "лер", "і", "ің", "ім", "ге", "де", "ден", "нің", "мен")


def _russian_forms(word: str) -> set[str]:
    parses = _get_analyzer().parse(word)
    forms = {word}
    for parse in parses[:2]:
        forms.update(str(form.word) for form in parse.lexeme)
    return forms


def _kazakh_forms(word: str) -> set[str]:
    front = any(ch in "әөүіе" for ch in word)
    suffixes = _KAZAKH_SUFFIXES_FRONT if front else _KAZAKH_SUFFIXES_BACK
    return {word + suffix for suffix in suffixes}


def _flagged(lexicon: Lexicon, text: str, lang: Lang) -> list[str]:
    return [f"{m.term}→{m.root}" for m in lexicon.find(make_doc(text), lang)]


def test_enough_traps() -> None:
    issue = 13 + 8  # listed in the issue (ru + kk)
    assert len(set(RUSSIAN_TRAPS)) + len(set(KAZAKH_TRAPS)) >= issue + 60


@pytest.mark.parametrize("word", sorted(set(RUSSIAN_TRAPS)))
def test_russian_trap_in_all_forms(lexicon: Lexicon, word: str) -> None:
    for lang in (Lang.RU, Lang.MIXED, Lang.KK):
        forms = sorted(_russian_forms(word))
        flagged = [f for form in forms for f in _flagged(lexicon, form, lang)]
        assert flagged == [], (lang, flagged)


@pytest.mark.parametrize("word", RUSSIAN_BASE_ONLY)
def test_ambiguous_russian_trap_itself(lexicon: Lexicon, word: str) -> None:
    assert _flagged(lexicon, word, Lang.RU) == []


@pytest.mark.parametrize("word", sorted(set(KAZAKH_TRAPS)))
def test_kazakh_trap_in_all_forms(lexicon: Lexicon, word: str) -> None:
    forms = sorted(_kazakh_forms(word))
    for lang in (Lang.KK, Lang.MIXED, Lang.RU):
        flagged = [f for form in forms for f in _flagged(lexicon, form, lang)]
        assert flagged == [], (lang, flagged)
    # Typed on a Russian keyboard the text still reads as Kazakh ("ебі" → "еби" is Russian
    # mat in a Russian text), so the folded spelling is checked for Kazakh text.
    flagged = [f for form in forms for f in _flagged(lexicon, fold(form), Lang.KK)]
    assert flagged == [], flagged


@pytest.mark.parametrize("sentence", RUSSIAN_SENTENCES + KAZAKH_SENTENCES)
def test_traps_inside_sentences(lexicon: Lexicon, sentence: str) -> None:
    for lang in (Lang.RU, Lang.KK, Lang.MIXED):
        assert _flagged(lexicon, sentence, lang) == []
