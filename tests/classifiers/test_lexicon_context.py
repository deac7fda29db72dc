"""A word mentioned rather than used (quoted, condemned, reported) is never hidden on its own."""

from __future__ import annotations

import pytest

from classifiers import Detector
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Category, Lang
from tests.classifiers.lexicon_roots import found_roots


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
    "text", ["[id573289077|Пердунов], кошмар какой!", "@durak_kz привет", "[club1|Мудаки], ок"]
)
def test_names_in_mentions_are_not_the_authors_words(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text, Lang.RU) == []


@pytest.mark.parametrize(
    "text",
    [
        "педерасты одним словом",
        "кто к нам с мечом придёт, тот долбаёб, честное слово",
        "хочет чтобы его пидором называли",
        "какая сволочь пишет такую херню",
        "параша ксенофобская, жаль что не посадили мудака",
        "Ойынға сөз жоқ, бірақ жасаушылар топас",
    ],
)
def test_talk_about_words_alone_does_not_excuse_abuse(lexicon: Lexicon, text: str) -> None:
    doc = normalize(text)
    matches = lexicon.find(doc, detect_language(doc))
    assert matches and not any(m.mentioned for m in matches)
