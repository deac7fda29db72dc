"""Quality guards on the shipped seed model and lexicon severities (no ../shared needed).

The texts here are not in the seed corpus: they check that the model generalises from the
short clean replies it was given, instead of scoring any short text as abusive.
"""

from __future__ import annotations

import csv

import pytest

from classifiers import analyze
from classifiers.analyzer import default_detector
from classifiers.training.trainer import SEED_DIR

SHORT_CLEAN = [
    "Рахмет, жақсы екен",
    "Керемет ойын екен",
    "Маған қатты ұнайды",
    "Жақсы қосымша, ұнады",
    "zyn oiyn eken",
    "Супер, рахмет!",
    "Ок, спасибо большое",
    "норм норм",
    "4 жұлдыз қойдым",
    "👍👍👍👍",
]


def _seed_texts() -> set[str]:
    with (SEED_DIR / "toxicity.csv").open(encoding="utf-8", newline="") as handle:
        return {row["text"] for row in csv.DictReader(handle)}


def test_guard_texts_are_not_seed_rows() -> None:
    assert not set(SHORT_CLEAN) & _seed_texts()


@pytest.mark.parametrize("text", SHORT_CLEAN)
def test_short_clean_replies_are_not_toxic(text: str) -> None:
    analysis = analyze(text)
    assert not analysis.toxic, analysis
    assert analysis.scores["toxicity"] < 0.5


@pytest.mark.parametrize("text", ["на кой хер это нужно", "это говно работает"])
def test_vulgar_words_are_mild_and_left_to_the_model(text: str) -> None:
    """The lexicon alone does not hide a vulgar word; the model decides (the corpus labels
    "ваш банк говно" obscene, so today's model agrees)."""
    analysis = analyze(text)
    assert analysis.matches and all(m.severity == 1 for m in analysis.matches)
    threshold = default_detector().model.toxicity_threshold
    assert analysis.toxic == (analysis.scores["toxicity"] >= threshold / 2)


def test_a_surname_with_the_letters_of_an_insult_is_clean() -> None:
    assert not analyze("Чурбанов сказал").toxic


@pytest.mark.parametrize("text", ["ты говно", "сука", "ты чурбан", "пиздец"])
def test_abuse_still_flagged(text: str) -> None:
    assert analyze(text).toxic
