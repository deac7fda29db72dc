"""Insults, threats and slurs as roots and phrases (ru, kk), and what they must not match."""

from __future__ import annotations

import pytest

from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Category, Lang
from tests.classifiers.lexicon_roots import found_roots


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
    assert root in found_roots(lexicon, text)


@pytest.mark.parametrize(
    ("text", "severity"),
    [("сен ақымақсың", 2), ("ақымақ", 1), ("ты дурак", 2), ("он дурак", 1)],
)
def test_an_insult_said_to_someone_is_stronger(lexicon: Lexicon, text: str, severity: int) -> None:
    doc = normalize(text)
    (match,) = lexicon.find(doc, detect_language(doc))
    assert match.severity == severity


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
    assert found_roots(lexicon, text) == []


@pytest.mark.parametrize(
    "word",
    """
    дебильный идиотский кретинский уродский уродская ублюдочный мразотный скотский
    сволочной быдлячий тупорылый дегенеративный чмошный падлючий жлобский лоховской
    задротский долбанутый ебанутый пидорский блядский мудацкий говенный подонский
    придурочный гадский имбецильный
    """.split(),  # noqa: SIM905 - a word list reads better as text
)
def test_russian_adjectives_of_insult_roots(lexicon: Lexicon, word: str) -> None:
    assert found_roots(lexicon, f"он {word} человек", Lang.RU) != []


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("надансың", 2),
        ("Ол надан", 1),
        ("топассыңдар", 2),
        ("топастар", 1),
        ("жындысың", 2),
        ("ұятсызсың", 2),
        ("арсыз", 1),
    ],
)
def test_a_kazakh_insult_said_to_you(lexicon: Lexicon, text: str, severity: int) -> None:
    (match,) = lexicon.find(normalize(text), Lang.KK)
    assert match.severity == severity


@pytest.mark.parametrize("text", ["ұятсыз нәрселер көп", "ойында 1 2 3 сатқын болады"])
def test_kazakh_words_that_insult_only_when_said_to_someone(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text, Lang.KK) == []
