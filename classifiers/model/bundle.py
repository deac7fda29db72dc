"""The loaded models the detector uses: toxicity (binary) and intent (four classes).

`ModelBundle.load` verifies the artifact before reading it (see `artifact`). The bundle
knows which languages its toxicity model saw enough of — toxic *and* clean rows — to be
trusted; for any other language the facade ignores the model's score, so a model trained
on Russian never judges Kazakh blindly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.errors import ModelError
from classifiers.model.artifact import model_from_arrays, read_artifact, read_metadata
from classifiers.model.cues import NormalizedText, cue_words
from classifiers.model.linear import LinearTextModel, sigmoid
from classifiers.model.scorer import TextScorer
from classifiers.vocabulary import Category, Intent, Lang

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
        category_model: LinearTextModel | None = None,
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
        if category_model is not None:
            unknown = set(category_model.classes) - {c.value for c in Category}
            if unknown:
                raise ModelError(f"category model has unknown classes {sorted(unknown)}")
        # Scored apart, only for the few texts found toxic: the common clean comment
        # never pays for it.
        self.category_model = category_model
        self._intent_labels = [Intent(label) for label in intent_model.classes]
        # Both models in one pass over the words; intent also reads the cue words.
        self.scorer = TextScorer([toxicity_model, intent_model], cued=[False, True])

    @classmethod
    def load(cls, directory: Path | None = None) -> ModelBundle:
        """Load a model directory (default: the shipped one), verified before deserializing."""
        where = directory or DEFAULT_MODEL_DIR
        meta = read_metadata(where)
        arrays = read_artifact(where, meta)
        try:
            toxicity, intent = (
                model_from_arrays(k, arrays, meta[k]) for k in ("toxicity", "intent")
            )
            # optional: models trained before categories lack it
            category = (
                model_from_arrays("category", arrays, meta["category"])
                if "category" in meta
                else None
            )
            trusted = frozenset(Lang(code) for code in meta["toxicity"]["trusted_langs"])
            threshold = float(meta["toxicity"]["threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}/metadata.json is incomplete or invalid: {exc!r}") from exc
        version = f"{meta.get('name', 'model')}-{str(meta['artifact_sha256'])[:12]}"
        return cls(toxicity, intent, threshold, trusted, version, meta, category)

    def trusted_for(self, lang: Lang) -> bool:
        """True when training held enough toxic and clean rows in this language."""
        return lang in self.trusted_langs

    def toxicity(self, docs: Sequence[NormalizedText]) -> list[float]:
        """P(toxic) per document."""
        if not docs:
            return []
        logits = self.scorer.logits([doc.words for doc in docs])[0]
        probabilities: list[float] = sigmoid(logits[:, 0]).tolist()
        return probabilities

    def score_rows(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> tuple[list[list[float]], list[Intent]]:
        """Rows [P(toxic), P(each intent class)…] and the most likely intent per document.

        The intent model reads each text followed by its cue pseudo-words (see `cues`)."""
        if len(docs) != len(langs):
            raise ValueError(f"{len(docs)} documents but {len(langs)} languages")
        if not docs:
            return [], []
        words = [doc.words for doc in docs]
        cues = [cue_words(d, lang, w) for w, d, lang in zip(words, docs, langs, strict=True)]
        toxic_logits, intent_logits = self.scorer.logits(words, cues)
        intents = self.intent_model.probabilities(intent_logits)
        rows: list[list[float]] = np.hstack((sigmoid(toxic_logits), intents)).tolist()
        # argmax picks the first of equal maxima
        labels = self._intent_labels
        return rows, [labels[i] for i in intents.argmax(axis=1).tolist()]

    def categories(self, docs: Sequence[NormalizedText]) -> list[dict[str, float]]:
        """P(each abuse category | toxic) per document; empty dicts without a category model."""
        if self.category_model is None or not docs:
            return [{} for _ in docs]
        model = self.category_model
        rows = model.probabilities(model.logits([doc.words for doc in docs])).tolist()
        return [dict(zip(model.classes, row, strict=True)) for row in rows]

    def intent(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> list[tuple[Intent, dict[str, float]]]:
        """The most likely intent and every intent's probability, per document."""
        rows, labels = self.score_rows(docs, langs)
        classes = self.intent_model.classes
        return [
            (label, dict(zip(classes, row[1:], strict=True)))
            for label, row in zip(labels, rows, strict=True)
        ]
