"""The loaded models the detector uses: toxicity (binary) and intent (four classes).

`ModelBundle.load` verifies the artifact before reading it (see `artifact`). The bundle
knows which languages its toxicity model saw enough of — toxic *and* clean rows — to be
trusted; for any other language the facade ignores the model's score, so a model trained
on Russian never judges Kazakh blindly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.errors import ModelError
from classifiers.model.artifact import model_from_arrays, read_artifact, read_metadata
from classifiers.model.batch import BatchScorer, FloatArray
from classifiers.model.cues import NormalizedText, cue_words
from classifiers.model.features import FeatureSpec
from classifiers.model.linear import LinearTextModel
from classifiers.vocabulary import Intent, Lang

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "model"
TOXIC_LABEL = "1"


class ModelBundle:
    """Toxicity + intent models with the metadata that says when to trust them."""

    def __init__(
        self,
        toxicity_model: LinearTextModel,
        intent_model: LinearTextModel,
        toxicity_threshold: float,
        trusted_langs: frozenset[Lang],
        version: str,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if toxicity_model.classes != ("0", "1"):
            raise ModelError(f"toxicity classes must be ('0', '1'), got {toxicity_model.classes}")
        unknown = set(intent_model.classes) - {i.value for i in Intent}
        if unknown:
            raise ModelError(f"intent model has unknown classes {sorted(unknown)}")
        self.toxicity_model = toxicity_model
        self.intent_model = intent_model
        self.toxicity_threshold = toxicity_threshold
        self.trusted_langs = trusted_langs
        self.version = version
        self.metadata = metadata or {}
        # Both models are scored together, sharing the per-word work.
        self.scorer = BatchScorer(toxicity_model, intent_model)
        self._intent_labels = [Intent(label) for label in intent_model.classes]

    @classmethod
    def load(cls, directory: Path | None = None) -> ModelBundle:
        """Load a model directory (default: the shipped one), verified before deserializing."""
        where = directory or DEFAULT_MODEL_DIR
        meta = read_metadata(where)
        arrays = read_artifact(where, meta)
        try:
            tox_meta = meta["toxicity"]
            intent_meta = meta["intent"]
            toxicity = model_from_arrays(
                "toxicity",
                arrays,
                FeatureSpec.from_json(tox_meta["features"]),
                [str(c) for c in tox_meta["classes"]],
            )
            intent = model_from_arrays(
                "intent",
                arrays,
                FeatureSpec.from_json(intent_meta["features"]),
                [str(c) for c in intent_meta["classes"]],
            )
            trusted = frozenset(Lang(code) for code in tox_meta["trusted_langs"])
            threshold = float(tox_meta["threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}/metadata.json is incomplete or invalid: {exc!r}") from exc
        version = f"{meta.get('name', 'model')}-{str(meta['artifact_sha256'])[:12]}"
        return cls(toxicity, intent, threshold, trusted, version, meta)

    def trusted_for(self, lang: Lang) -> bool:
        """True when training held enough toxic and clean rows in this language."""
        return lang in self.trusted_langs

    def toxicity(self, docs: Sequence[NormalizedText]) -> list[float]:
        """P(toxic) per document."""
        if not docs:
            return []
        logits, _ = self.scorer.logits([doc.words for doc in docs])
        probabilities: list[float] = _sigmoid(logits).tolist()
        return probabilities

    def score(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> tuple[list[float], list[tuple[Intent, dict[str, float]]]]:
        """`toxicity(docs)` and `intent(docs, langs)` together, in one batch pass."""
        return self._keyed(*self.score_rows(docs, langs))

    def score_rows(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> tuple[list[list[float]], list[Intent]]:
        """`score` as rows, [P(toxic), P(each intent class)…], and the most likely intent
        per document (see `probability_rows`)."""
        if len(docs) != len(langs):
            raise ValueError(f"{len(docs)} documents but {len(langs)} languages")
        if not docs:
            return [], []
        words = [doc.words for doc in docs]
        cues = [cue_words(d, lang) for d, lang in zip(docs, langs, strict=True)]
        return self.probability_rows(*self.scorer.logits(words, cues))

    def probabilities(
        self, tox: FloatArray, intent: FloatArray
    ) -> tuple[list[float], list[tuple[Intent, dict[str, float]]]]:
        """P(toxic) and (intent, every intent's probability) per document, from the
        toxicity logits (n,) and intent logits (n, k) of `scorer`."""
        return self._keyed(*self.probability_rows(tox, intent))

    def _keyed(
        self, rows: list[list[float]], labels: list[Intent]
    ) -> tuple[list[float], list[tuple[Intent, dict[str, float]]]]:
        classes = self.intent_model.classes
        intents = [
            (label, dict(zip(classes, row[1:], strict=True)))
            for label, row in zip(labels, rows, strict=True)
        ]
        return [row[0] for row in rows], intents

    def intent(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> list[tuple[Intent, dict[str, float]]]:
        """The most likely intent and every intent's probability, per document."""
        return self.score(docs, langs)[1]

    def probability_rows(
        self, tox: FloatArray, intent: FloatArray
    ) -> tuple[list[list[float]], list[Intent]]:
        """`probabilities` as rows, [P(toxic), P(each intent class)…], and the most likely
        intent per document: the same figures, without a dict per document."""
        labels = self._intent_labels
        if len(tox) == 1:  # one row in plain floats: numpy calls would cost more than the math
            row = _softmax_row(intent[0].tolist())
            return [[_sigmoid_one(float(tox[0])), *row]], [labels[row.index(max(row))]]
        probabilities = _softmax(intent)
        rows: list[list[float]] = np.column_stack((_sigmoid(tox), probabilities)).tolist()
        # argmax picks the first of equal maxima, as list.index(max(row)) does for one row
        return rows, list(map(labels.__getitem__, probabilities.argmax(axis=1).tolist()))


def _softmax(logits: FloatArray) -> FloatArray:
    """Rows of class probabilities (a binary model has one logit: sklearn's [1 - p, p])."""
    if logits.shape[1] == 1:
        positive = _sigmoid(logits[:, 0])
        return np.column_stack([1.0 - positive, positive])
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
    return result


def _softmax_row(logits: list[float]) -> list[float]:
    """`_softmax` of one row, in plain floats."""
    if len(logits) == 1:
        positive = _sigmoid_one(logits[0])
        return [1.0 - positive, positive]
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


def _sigmoid_one(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _sigmoid(z: FloatArray) -> FloatArray:
    # As scikit-learn's expit: no overflow for large |z|.
    e = np.exp(-np.abs(z))
    result: FloatArray = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return result
