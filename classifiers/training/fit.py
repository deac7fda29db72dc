"""Fitting with scikit-learn, and turning the fitted pipeline into a `LinearTextModel`.

The pipeline is stock scikit-learn — `FeatureUnion` of a char_wb and a word
`TfidfVectorizer` feeding `LogisticRegression` — so its `predict_proba` is the reference
our own scorer is tested against. Only its arrays leave this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from classifiers.model.features import TOKEN_PATTERN, FeatureSpec
from classifiers.model.linear import Block, LinearTextModel


@dataclass(frozen=True, slots=True)
class FitSettings:
    """Hyper-parameters of one fit (recorded in the metadata)."""

    spec: FeatureSpec
    c: float = 4.0
    min_df: int = 1
    max_features: int | None = 300_000
    balanced: bool = True


def build_pipeline(settings: FitSettings, multinomial: bool = False) -> Pipeline:
    spec = settings.spec
    common = {
        "lowercase": False,
        "sublinear_tf": spec.sublinear_tf,
        "min_df": settings.min_df,
        "dtype": np.float64,
    }
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=spec.char_ngrams,
        max_features=settings.max_features,
        **common,
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=spec.word_ngrams,
        token_pattern=TOKEN_PATTERN,
        max_features=settings.max_features,
        **common,
    )
    classifier = LogisticRegression(
        C=settings.c,
        class_weight="balanced" if settings.balanced else None,
        solver="lbfgs" if multinomial else "liblinear",
        max_iter=2000,
        random_state=0,
    )
    return Pipeline(
        [("features", FeatureUnion([("char", char), ("word", word)])), ("classifier", classifier)]
    )


def fit_pipeline(
    texts: Sequence[str], labels: Sequence[str], settings: FitSettings, multinomial: bool = False
) -> Pipeline:
    pipeline = build_pipeline(settings, multinomial)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def to_linear_model(pipeline: Pipeline, spec: FeatureSpec) -> LinearTextModel:
    """The fitted arrays as our own scorer (no scikit-learn objects kept)."""
    union: FeatureUnion = pipeline.named_steps["features"]
    char: TfidfVectorizer = union.transformer_list[0][1]
    word: TfidfVectorizer = union.transformer_list[1][1]
    classifier: LogisticRegression = pipeline.named_steps["classifier"]
    blocks = [
        Block(
            {str(t): int(i) for t, i in vec.vocabulary_.items()},
            np.asarray(vec.idf_, dtype=np.float64),
        )
        for vec in (char, word)
    ]
    coef = np.asarray(classifier.coef_, dtype=np.float64).T.copy()
    intercept = np.asarray(classifier.intercept_, dtype=np.float64).copy()
    classes = [str(c) for c in classifier.classes_]
    return LinearTextModel(spec, blocks[0], blocks[1], coef, intercept, classes)


def best_threshold(
    scores: Sequence[float], truth: Sequence[bool], max_fp_rate: float | None = None
) -> float:
    """The probability cut-off with the best F1 on validation (ties: the higher cut-off).

    With `max_fp_rate`, only cut-offs whose false-positive rate on validation stays within
    it are considered: the detector's lexicon already catches the obvious cases, so the
    model is asked to be precise rather than eager.
    """
    order = np.argsort(-np.asarray(scores), kind="stable")
    ranked = np.asarray(scores)[order]
    positives = np.asarray(truth)[order]
    total = int(positives.sum())
    if total == 0 or len(ranked) == 0:
        return 0.5
    true_pos = np.cumsum(positives)
    predicted = np.arange(1, len(ranked) + 1)
    f1 = 2 * true_pos / (predicted + total)
    # Only cut between distinct scores, so the threshold is reproducible as ">= value".
    distinct = np.append(ranked[1:] != ranked[:-1], True)
    f1 = np.where(distinct, f1, -1.0)
    negatives = len(ranked) - total
    if max_fp_rate is not None and negatives:
        false_pos = predicted - true_pos
        f1 = np.where(false_pos / negatives <= max_fp_rate, f1, -1.0)
        if f1.max() < 0:
            return float(ranked[0]) + 1e-6  # nothing qualifies: flag nothing seen here
    best = int(np.argmax(f1))
    upper = float(ranked[best])
    lower = float(ranked[best + 1]) if best + 1 < len(ranked) else 0.0
    return round((upper + lower) / 2, 6) if upper - lower > 1e-6 else upper
