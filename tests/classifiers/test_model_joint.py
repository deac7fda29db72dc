"""Toxicity and intent scored in one pass must give each sklearn pipeline's probabilities."""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

import numpy as np
import pytest

from classifiers.language import detect_language
from classifiers.model.cues import intent_input
from classifiers.model.features import FeatureSpec
from classifiers.model.joint import JointScorer
from classifiers.normalize import Normalized, normalize
from classifiers.training.fit import FitSettings, fit_pipeline, to_linear_model

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed"


def _rows(name: str, label: str) -> tuple[list[str], list[str]]:
    with (SEED / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [normalize(r["text"]).text for r in rows], [r[label] for r in rows]


def _intent_rows() -> tuple[list[str], list[str]]:
    """The intent seed as the trainer feeds it: normalized text plus cue pseudo-words."""
    with (SEED / "intent.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    docs = [normalize(r["text"]) for r in rows]
    return [intent_input(d, detect_language(d)) for d in docs], [r["intent"] for r in rows]


def _probe() -> list[Normalized]:
    rng = random.Random(5)
    alphabet = "абвгдеежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі xyz_?!  "
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90))) for _ in range(80)]
    fixed = ["", " ", "?", "а", "а а а", "сен ақымақсың!", "когда доставка?", "__qmark__ ма?"]
    texts, _ = _rows("intent.csv", "intent")
    return [normalize(t) for t in [*made, *fixed, *texts[:60]]]


# Different n-gram ranges on each side; (4, 5) makes sklearn take short words whole.
SPECS = [
    (FeatureSpec(), FeatureSpec(char_ngrams=(2, 4))),
    (
        FeatureSpec(char_ngrams=(4, 5), word_ngrams=(1, 1), sublinear_tf=False),
        FeatureSpec(char_ngrams=(1, 3), word_ngrams=(2, 3)),
    ),
]


@pytest.mark.parametrize(("tox_spec", "intent_spec"), SPECS)
def test_joint_scores_match_both_pipelines(tox_spec: FeatureSpec, intent_spec: FeatureSpec) -> None:
    tox_pipeline = fit_pipeline(*_rows("toxicity.csv", "label"), FitSettings(tox_spec))
    intent_pipeline = fit_pipeline(
        *_intent_rows(), FitSettings(intent_spec, c=8.0), multinomial=True
    )
    intent_model = to_linear_model(intent_pipeline, intent_spec)
    joint = JointScorer(to_linear_model(tox_pipeline, tox_spec), intent_model)
    docs = _probe()
    intent_texts = [intent_input(doc, detect_language(doc)) for doc in docs]
    want_tox = tox_pipeline.predict_proba([doc.text for doc in docs])[:, 1]
    want_intent = intent_pipeline.predict_proba(intent_texts)
    for doc, intent_text, tox, intent in zip(
        docs, intent_texts, want_tox, want_intent, strict=True
    ):
        tox_logit, intent_logits = joint.logits(doc.text, intent_text)
        assert abs(1.0 / (1.0 + math.exp(-tox_logit)) - tox) < 1e-6, doc.text
        got = intent_model.probabilities(intent_logits[np.newaxis, :])[0]
        assert np.abs(got - intent).max() < 1e-6, intent_text
    # A second pass reads the per-word cache and must agree with the first.
    assert joint.logits(docs[-1].text, intent_texts[-1])[0] == pytest.approx(
        math.log(want_tox[-1] / (1.0 - want_tox[-1])), abs=1e-6
    )
