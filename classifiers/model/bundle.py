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

from classifiers.errors import ModelError
from classifiers.model.artifact import model_from_arrays, read_artifact, read_metadata
from classifiers.model.cues import NormalizedText, intent_input
from classifiers.model.features import FeatureSpec
from classifiers.model.joint import JointScorer
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
        self._joint = JointScorer(toxicity_model, intent_model)

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
        """P(toxic) per document; one document takes the cached single-text path."""
        model = self.toxicity_model
        if len(docs) == 1:
            logit = float(model.decision_one(docs[0].text)[0])
            return [_sigmoid(logit)]
        logits = model.decision_many([doc.text for doc in docs])
        return [_sigmoid(float(z)) for z in logits[:, 0]]

    def score(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> tuple[list[float], list[tuple[Intent, dict[str, float]]]]:
        """`toxicity(docs)` and `intent(docs, langs)` in one pass over each text's words."""
        joint = self._joint
        classes = self.intent_model.classes
        toxicity: list[float] = []
        intents: list[tuple[Intent, dict[str, float]]] = []
        for doc, lang in zip(docs, langs, strict=True):
            tox_logit, intent_logits = joint.logits(doc.text, intent_input(doc, lang))
            toxicity.append(_sigmoid(tox_logit))
            scores = dict(zip(classes, _softmax(intent_logits.tolist()), strict=True))
            intents.append((Intent(max(scores, key=scores.__getitem__)), scores))
        return toxicity, intents

    def intent(
        self, docs: Sequence[NormalizedText], langs: Sequence[Lang]
    ) -> list[tuple[Intent, dict[str, float]]]:
        """The most likely intent and every intent's probability, per document."""
        texts = [intent_input(doc, lang) for doc, lang in zip(docs, langs, strict=True)]
        if not texts:
            return []
        probabilities = self.intent_model.predict_proba(texts)
        classes = self.intent_model.classes
        result: list[tuple[Intent, dict[str, float]]] = []
        for row in probabilities:
            scores = {label: float(p) for label, p in zip(classes, row, strict=True)}
            best = max(scores, key=scores.__getitem__)
            result.append((Intent(best), scores))
        return result


def _softmax(logits: list[float]) -> list[float]:
    """What `LinearTextModel.probabilities` gives for one row, in plain floats (a binary
    model has one logit: sklearn's [1 - p, p])."""
    if len(logits) == 1:
        positive = _sigmoid(logits[0])
        return [1.0 - positive, positive]
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = math.fsum(exps)
    return [e / total for e in exps]


def _sigmoid(z: float) -> float:
    # Written to match scikit-learn's expit: no overflow for large |z|.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
