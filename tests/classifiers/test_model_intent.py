"""Intent of short Kazakh and Russian comments with the shipped model."""

from __future__ import annotations

import pytest

from classifiers.model import ModelBundle
from classifiers.normalize import normalize
from classifiers.vocabulary import Intent, Lang

CASES = [
    ("Бұл тауар әлі бар ма?", Lang.KK, Intent.QUESTION),
    ("Жеткізу қашан болады?", Lang.KK, Intent.QUESTION),
    ("Дүкен қай жерде орналасқан?", Lang.KK, Intent.QUESTION),
    ("Когда будет доставка?", Lang.RU, Intent.QUESTION),
    ("Подскажите, сколько стоит?", Lang.RU, Intent.QUESTION),
    ("Тапсырыс әлі келмеді, өте нашар қызмет", Lang.KK, Intent.COMPLAINT),
    ("Ужасный сервис, деньги не вернули", Lang.RU, Intent.COMPLAINT),
    ("Третий день жду ответа, безобразие", Lang.RU, Intent.COMPLAINT),
    ("Рахмет, бәрі керемет!", Lang.KK, Intent.PRAISE),
    ("Өте жақсы дүкен, ұнады", Lang.KK, Intent.PRAISE),
    ("Спасибо большое, всё отлично!", Lang.RU, Intent.PRAISE),
    ("Отличный магазин, рекомендую", Lang.RU, Intent.PRAISE),
]


@pytest.fixture(scope="module")
def bundle() -> ModelBundle:
    return ModelBundle.load()


def test_intent_table(bundle: ModelBundle) -> None:
    docs = [normalize(text) for text, _, _ in CASES]
    results = bundle.intent(docs, [lang for _, lang, _ in CASES])
    wrong = [
        (text, want, got)
        for (text, _, want), (got, _) in zip(CASES, results, strict=True)
        if got != want
    ]
    assert len(wrong) <= 1, wrong  # one miss allowed: a small seed model, not a rule table


def test_intent_scores_are_probabilities(bundle: ModelBundle) -> None:
    label, scores = bundle.intent([normalize("Қашан ашыласыздар?")], [Lang.KK])[0]
    assert set(scores) == {i.value for i in Intent}
    assert abs(sum(scores.values()) - 1.0) < 1e-9
    assert label.value == max(scores, key=scores.__getitem__)


def test_batched_and_single_intent_agree(bundle: ModelBundle) -> None:
    docs = [normalize(text) for text, _, _ in CASES]
    langs = [lang for _, lang, _ in CASES]
    batched = bundle.intent(docs, langs)
    single = [bundle.intent([d], [lang])[0] for d, lang in zip(docs, langs, strict=True)]
    for (a_label, a_scores), (b_label, b_scores) in zip(batched, single, strict=True):
        assert a_label == b_label
        assert all(abs(a_scores[k] - b_scores[k]) < 1e-9 for k in a_scores)
    assert bundle.intent([], []) == []
