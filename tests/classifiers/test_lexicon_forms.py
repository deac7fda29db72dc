"""Inflected, prefixed, compounded, obfuscated and Kazakh forms → the right root and category."""

from __future__ import annotations

import pytest

from classifiers.lexicon import Lexicon
from classifiers.vocabulary import Category, Lang
from tests.classifiers.test_lexicon_match import make_doc

OBS, INS, THR, SLR, SPM = (
    Category.OBSCENE,
    Category.INSULT,
    Category.THREAT,
    Category.SLUR,
    Category.SPAM,
)

RUSSIAN = [
    # хуй: inflection, prefixes, compounds
    ("хуй", "хуй", OBS),
    ("хуя", "хуй", OBS),
    ("хуем", "хуй", OBS),
    ("хуйня", "хуй", OBS),
    ("нахуй", "хуй", OBS),
    ("похуй", "хуй", OBS),
    ("похуист", "хуй", OBS),
    ("нихуя", "хуй", OBS),
    ("охуеть", "хуй", OBS),
    ("охуенно", "хуй", OBS),
    ("ахуеть", "хуй", OBS),
    ("схуяли", "хуй", OBS),
    ("дохуя", "хуй", OBS),
    ("захуярить", "хуй", OBS),
    ("хуесос", "хуй", OBS),
    ("долбохуй", "хуй", OBS),
    ("нахую", "хуй", OBS),
    ("хуево", "хуй", OBS),
    ("хуёвый", "хуй", OBS),
    # пизда
    ("пизда", "пизда", OBS),
    ("пиздец", "пизда", OBS),
    ("пиздеж", "пизда", OBS),
    ("распиздяй", "пизда", OBS),
    ("спиздил", "пизда", OBS),
    ("пиздабол", "пизда", OBS),
    ("опизденеть", "пизда", OBS),
    ("пездец", "пизда", OBS),
    ("пздц", "пизда", OBS),
    ("выпиздить", "пизда", OBS),
    # ебать
    ("ебать", "ебать", OBS),
    ("ебаный", "ебать", OBS),
    ("ёбаный", "ебать", OBS),
    ("заебал", "ебать", OBS),
    ("заебись", "ебать", OBS),
    ("уебок", "ебать", OBS),
    ("уёбище", "ебать", OBS),
    ("выебон", "ебать", OBS),
    ("подъебка", "ебать", OBS),
    ("съебался", "ебать", OBS),
    ("отъебись", "ебать", OBS),
    ("долбоеб", "ебать", OBS),
    ("долбоёбы", "ебать", OBS),
    ("мозгоебство", "ебать", OBS),
    ("ебанутый", "ебать", OBS),
    ("ебло", "ебать", OBS),
    ("еблан", "ебать", OBS),
    ("наебали", "ебать", OBS),
    ("проебал", "ебать", OBS),
    ("ебучий", "ебать", OBS),
    ("остоебенило", "ебать", OBS),
    ("далбаёб", "ебать", OBS),
    ("зайбал", "ебать", OBS),
    ("еби", "ебать", OBS),
    # блядь
    ("бля", "блядь", OBS),
    ("блядь", "блядь", OBS),
    ("блять", "блядь", OBS),
    ("бляди", "блядь", OBS),
    ("блядский", "блядь", OBS),
    ("выблядок", "блядь", OBS),
    ("блядство", "блядь", OBS),
    ("оберблядь", "блядь", OBS),
    # муд, манд, залуп
    ("мудак", "мудак", OBS),
    ("мудаки", "мудак", OBS),
    ("мудила", "мудак", OBS),
    ("мудозвон", "мудак", OBS),
    ("намудохаться", "мудак", OBS),
    ("манда", "манда", OBS),
    ("мандавошка", "манда", OBS),
    ("мандюк", "манда", OBS),
    ("замандячить", "манда", OBS),
    ("залупа", "залупа", OBS),
    ("залупаться", "залупа", OBS),
    # пидор / пидар (slur)
    ("пидор", "пидор", SLR),
    ("пидорас", "пидор", SLR),
    ("пидарас", "пидор", SLR),
    ("пидары", "пидор", SLR),
    ("пидр", "пидор", SLR),
    ("педрила", "пидор", SLR),
    ("пидараз", "пидор", SLR),
    # сука
    ("сука", "сука", OBS),
    ("суки", "сука", OBS),
    ("сукин", "сука", OBS),
    ("ссука", "сука", OBS),
    ("сучара", "сука", OBS),
    ("сучий", "сука", OBS),
    ("ссучился", "сука", OBS),
    # insults, threats
    ("дураки", "дурак", INS),
    ("дебилы", "дебил", INS),
    ("идиотка", "идиот", INS),
    ("тварь", "тварь", INS),
    ("мрази", "мразь", INS),
    ("уроды", "урод", INS),
    ("ублюдок", "ублюдок", INS),
    ("даун", "даун", INS),
    ("чмо", "чмо", INS),
    ("гнида", "гнида", INS),
    ("шлюха", "шлюха", OBS),
    ("убью", "убью", THR),
    ("зарежу", "зарежу", THR),
    ("пристрелю", "пристрелю", THR),
]

KAZAKH = [
    ("ақымақ", "ақымақ", INS),
    ("ақымақсың", "ақымақ", INS),
    ("ақымақтар", "ақымақ", INS),
    ("акымактар", "ақымақ", INS),
    ("ақымағым", "ақымақ", INS),
    ("малғұн", "малғұн", INS),
    ("малгундар", "малғұн", INS),
    ("оңбаған", "оңбаған", INS),
    ("онбагандар", "оңбаған", INS),
    ("қотақ", "қотақ", OBS),
    ("қотақбас", "қотақ", OBS),
    ("қотақбастар", "қотақ", OBS),
    ("котакбас", "қотақ", OBS),
    ("котакпас", "қотақ", OBS),
    ("қотағым", "қотақ", OBS),
    ("сігейін", "сік", OBS),
    ("сіктім", "сік", OBS),
    ("сіктір", "сік", OBS),
    ("сигейн", "сік", OBS),
    ("сыгейн", "сік", OBS),
    ("сгейін", "сік", OBS),
    ("сігу", "сік", OBS),
    ("ам", "ам", OBS),
    ("амың", "ам", OBS),
    ("амыңды", "ам", OBS),
    ("амын", "ам", OBS),
    ("амға", "ам", OBS),
    ("амдар", "ам", OBS),
    ("амшық", "ам", OBS),
    ("амын", "ам", OBS),
    ("шешеңніңамы", "ам", OBS),
    ("амынсігейін", "ам", OBS),
    ("көт", "көт", OBS),
    ("көтің", "көт", OBS),
    ("көтіңді", "көт", OBS),
    ("көтке", "көт", OBS),
    ("котинди", "көт", OBS),
    ("котке", "көт", OBS),
    ("далбаёб", "ебать", OBS),
    ("қаншық", "қаншық", OBS),
    ("өлтіремін", "өлтіремін", THR),
    ("олтиремин", "өлтіремін", THR),
    ("өлтірем", "өлтіремін", THR),
]

OBFUSCATED = [  # masked letters ("*" per hidden letter) and split/look-alike spellings
    ("х*й", "хуй"),
    ("п**дец", "пизда"),
    ("б**дь", "блядь"),
    ("на*уй", "хуй"),
    ("с*ка", "сука"),
    ("пи*дец", "пизда"),
    ("е*ать", "ебать"),
    ("еб**ый", "ебать"),
    ("***", None),
    ("б***", None),
    ("к*т", None),
]


@pytest.mark.parametrize(("word", "root", "category"), RUSSIAN)
def test_russian_forms(lexicon: Lexicon, word: str, root: str, category: Category) -> None:
    for text in (word, f"Слушай, ты {word}, понял?", word.upper()):
        found = lexicon.find(make_doc(text), Lang.RU)
        assert [(m.root, m.category) for m in found] == [(root, category)], text


@pytest.mark.parametrize(("word", "root", "category"), KAZAKH)
def test_kazakh_forms(lexicon: Lexicon, word: str, root: str, category: Category) -> None:
    for text in (word, f"Сен {word} екенсің ғой"):
        found = lexicon.find(make_doc(text), Lang.KK)
        assert [(m.root, m.category) for m in found] == [(root, category)], text


@pytest.mark.parametrize(("word", "root"), OBFUSCATED)
def test_masked_forms(lexicon: Lexicon, word: str, root: str | None) -> None:
    found = lexicon.find(make_doc(f"ну ты {word} конечно"), Lang.RU)
    assert [m.root for m in found] == ([root] if root else [])


def test_kazakh_body_word_is_not_the_russian_cat(lexicon: Lexicon) -> None:
    assert lexicon.find(make_doc("кот котке"), Lang.RU) == ()
    assert [m.root for m in lexicon.find(make_doc("кот котке"), Lang.KK)] == ["көт"]


def test_spam_phrases(lexicon: Lexicon) -> None:
    found = lexicon.find(make_doc("Табыс табу оңай! Салымсыз табыс, каналға жазылыңыз"), Lang.KK)
    assert {m.root for m in found} >= {"табыс табу", "салымсыз табыс", "каналға жазылыңыз"}
    assert all(m.category is SPM for m in found)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Ақшаны қайтармасаңдар, үйлеріңді өртейміз", "үйіңді өртеймін"),
        ("акшаны кайтармасандар, уйлеринди ортеймиз", "үйіңді өртеймін"),
        ("Dükenderıñdı örteimız, kütıñder", "дүкеніңді өртеймін"),
        ("Тағы жазсаңдар, бастарыңды жарамыз", "басыңды жарамын"),
        ("Сені табамын, қайда тұратыныңды білемін", "сені табамын"),
    ],
)
def test_kazakh_threats_to_you_in_the_plural_and_future(
    lexicon: Lexicon, text: str, root: str
) -> None:
    found = lexicon.find(make_doc(text), Lang.KK)
    assert [(m.root, m.category) for m in found] == [(root, THR)], text
