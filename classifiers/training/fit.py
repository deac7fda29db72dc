"""Fitting with scikit-learn, and turning the fitted pipeline into a `LinearTextModel`.

The pipeline is stock scikit-learn — `FeatureUnion` of a char_wb and a word
`TfidfVectorizer` feeding `LogisticRegression` — so its `predict_proba` is the reference
our own scorer is tested against. Only its arrays leave this module.

Optional NB scaling (Wang & Manning's NB-SVM, with logistic regression): every feature of
the l2-normalised TF-IDF vector is multiplied by its naive-Bayes log-count ratio before
the classifier sees it. Since that is an element-wise product after normalisation,
`coef · (x ∘ r) = (coef ∘ r) · x`, so the ratio is folded into the coefficients and the
scorer (and the artifact format) do not change.

Blending: with `nb_share` below 1, a plain LR and an NB-scaled LR are fitted on the same
TF-IDF features and their logits averaged with weights (1 - nb_share, nb_share). On a
hold-out of the 2ch/pikabu training rows the blend beat either model alone by about one F1
point; being linear in the same features, it is again one coefficient vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
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
    # Laplace smoothing of the NB log-count ratio; None fits plain TF-IDF + LR.
    nb_alpha: float | None = None
    # With nb_alpha: the NB model's weight in the logit average with a plain LR (1: NB only).
    nb_share: float = 1.0
    # C of the NB-scaled model in a blend (None: the same as `c`).
    nb_c: float | None = None


MAX_FEATURES = 300_000


class NBScaler(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Multiplies each feature by log(p_f / q_f): its smoothed share of presence among
    toxic rows over its share among clean rows (binary labels only; the positive class is
    the last in sorted order, as in `LogisticRegression.classes_`)."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, x: sparse.spmatrix, y: Sequence[str]) -> NBScaler:
        labels = np.asarray(y)
        classes = np.unique(labels)
        if len(classes) != 2:
            raise ValueError("NB scaling needs exactly two classes")
        present = sparse.csr_matrix(x, copy=True)
        present.data[:] = 1.0
        positive = labels == classes[1]
        p = self.alpha + np.asarray(present[positive].sum(axis=0)).ravel()
        q = self.alpha + np.asarray(present[~positive].sum(axis=0)).ravel()
        self.ratio_ = np.log((p / p.sum()) / (q / q.sum()))
        return self

    def transform(self, x: sparse.spmatrix) -> sparse.csr_matrix:
        return sparse.csr_matrix(sparse.csr_matrix(x).multiply(self.ratio_))


def build_pipeline(settings: FitSettings, multinomial: bool = False) -> Pipeline:
    spec = settings.spec
    # The input is normalized already; each block keeps its most frequent terms.
    common = {"lowercase": False, "sublinear_tf": spec.sublinear_tf, "dtype": np.float64}
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=spec.char_ngrams, max_features=MAX_FEATURES, **common
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=spec.word_ngrams,
        token_pattern=TOKEN_PATTERN,
        max_features=MAX_FEATURES,
        **common,
    )
    steps: list[tuple[str, Any]] = [("features", FeatureUnion([("char", char), ("word", word)]))]
    if settings.nb_alpha is not None and not multinomial:
        steps.append(("scale", NBScaler(settings.nb_alpha)))
    steps.append(("classifier", _classifier(settings.c, multinomial)))
    return Pipeline(steps)


def _classifier(c: float, multinomial: bool = False) -> LogisticRegression:
    solver = "lbfgs" if multinomial else "liblinear"
    return LogisticRegression(
        C=c, class_weight="balanced", solver=solver, max_iter=2000, random_state=0
    )


def fit_pipeline(
    texts: Sequence[str], labels: Sequence[str], settings: FitSettings, multinomial: bool = False
) -> Pipeline:
    pipeline = build_pipeline(settings, multinomial)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def fit_blend(
    texts: Sequence[str], labels: Sequence[str], settings: FitSettings
) -> list[tuple[float, Pipeline]]:
    """The weighted pipelines whose logits make the model (see the module docstring)."""
    if settings.nb_alpha is None or settings.nb_share >= 1.0:
        return [(1.0, fit_pipeline(texts, labels, settings))]
    plain = fit_pipeline(texts, labels, replace(settings, nb_alpha=None))
    union = plain.named_steps["features"]
    features = union.transform(list(texts))
    scaler = NBScaler(settings.nb_alpha).fit(features, labels)
    classifier = _classifier(settings.nb_c if settings.nb_c is not None else settings.c)
    classifier.fit(scaler.transform(features), list(labels))
    scaled = Pipeline([("features", union), ("scale", scaler), ("classifier", classifier)])
    return [(1.0 - settings.nb_share, plain), (settings.nb_share, scaled)]


def blend_to_linear_model(
    weighted: Sequence[tuple[float, Pipeline]], spec: FeatureSpec
) -> LinearTextModel:
    """One linear model whose logits are the weighted sum of the pipelines' logits (which
    `fit_blend` fits on one shared `FeatureUnion`, so they share their vocabularies)."""
    models = [(weight, to_linear_model(pipeline, spec)) for weight, pipeline in weighted]
    first = models[0][1]
    if len(models) == 1:
        return first
    coef = sum((w * m.coef for w, m in models), np.zeros_like(first.coef))
    intercept = sum((w * m.intercept for w, m in models), np.zeros_like(first.intercept))
    return LinearTextModel(spec, first.char_block, first.word_block, coef, intercept, first.classes)


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
    if "scale" in pipeline.named_steps:  # fold the NB ratio in: coef·(x∘r) = (coef∘r)·x
        coef *= np.asarray(pipeline.named_steps["scale"].ratio_, dtype=np.float64)[:, None]
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
