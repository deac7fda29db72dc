"""Our own TF-IDF + linear scorer must give scikit-learn's probabilities (within 1e-6)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.model.features import FeatureSpec, char_wb_ngrams, word_tokens
from classifiers.normalize import normalize
from classifiers.training.fit import FitSettings, fit_pipeline, to_linear_model

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed"


def _seed_rows(name: str, label: str) -> tuple[list[str], list[str]]:
    with (SEED / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [normalize(r["text"]).text for r in rows], [r[label] for r in rows]


def _unseen_texts() -> list[str]:
    rng = random.Random(3)
    alphabet = "абвгдеежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі xyz*  "
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(150)]
    fixed = ["", " ", "а", "ааааа аааа", "сен ақымақсың", "ты дурак", "*** ****", "привет привет"]
    return [normalize(t).text for t in made + fixed]


@pytest.fixture(scope="module")
def toxicity_texts() -> tuple[list[str], list[str]]:
    return _seed_rows("toxicity.csv", "label")


def test_analyzers_reproduce_sklearn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), lowercase=False)
    # Word n-grams are joined tokens; the scorer's pairs are checked against the pipeline below.
    word = TfidfVectorizer(lowercase=False)
    for text in ["", "а", "ab", "сен ақымақ сің", "ты  дурак ты", "x y z w", *_unseen_texts()]:
        expected = char.build_analyzer()(text)
        assert [g for w in text.split() for g in char_wb_ngrams(w, 1, 5)] == expected
        assert word_tokens(text.split()) == word.build_analyzer()(text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from("абвгдқ1x"), min_size=1, max_size=9),
    st.integers(1, 4),
    st.integers(0, 4),
)
def test_char_wb_ngrams_equal_sklearn_for_any_range(word: str, low: int, extra: int) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(low, low + extra), lowercase=False
    ).build_analyzer()
    assert char_wb_ngrams(word, low, low + extra) == analyzer(word)


@pytest.mark.parametrize("sublinear", [True, False])
def test_binary_scorer_matches_predict_proba(
    toxicity_texts: tuple[list[str], list[str]], sublinear: bool
) -> None:
    texts, labels = toxicity_texts
    spec = FeatureSpec(char_ngrams=(1, 5), word_ngrams=(1, 2), sublinear_tf=sublinear)
    pipeline = fit_pipeline(texts, labels, FitSettings(spec, c=4.0))
    model = to_linear_model(pipeline, spec)
    probe = texts[::3] + _unseen_texts()
    expected = pipeline.predict_proba(probe)
    batched = model.predict_proba(probe)
    one_by_one = np.vstack([model.predict_proba([t]) for t in probe])
    assert len(probe) > 900
    assert np.abs(batched - expected).max() < 1e-6
    assert np.abs(one_by_one - expected).max() < 1e-6
    # warm cache gives the same answers as a cold one
    again = np.vstack([model.predict_proba([t]) for t in probe])
    assert np.abs(again - one_by_one).max() < 1e-9


def test_multiclass_scorer_matches_predict_proba() -> None:
    texts, labels = _seed_rows("intent.csv", "intent")
    spec = FeatureSpec(char_ngrams=(2, 4))
    pipeline = fit_pipeline(texts, labels, FitSettings(spec, c=8.0), multinomial=True)
    model = to_linear_model(pipeline, spec)
    probe = texts + _unseen_texts()
    expected = pipeline.predict_proba(probe)
    assert model.classes == tuple(str(c) for c in pipeline.classes_)
    assert np.abs(model.predict_proba(probe) - expected).max() < 1e-6
    one_by_one = np.vstack([model.predict_proba([t]) for t in probe])
    assert np.abs(one_by_one - expected).max() < 1e-6
