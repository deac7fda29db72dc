"""NB scaling: the ratio folded into the coefficients scores exactly like the unfolded pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifiers.model import ModelBundle
from classifiers.model.features import FeatureSpec
from classifiers.normalize import normalize
from classifiers.training import train
from classifiers.training.fit import (
    FitSettings,
    NBScaler,
    blend_to_linear_model,
    fit_blend,
    fit_pipeline,
    to_linear_model,
)

TOXIC = ["ты тупой идиот", "заткнись урод", "какой же ты дебил", "иди отсюда мразь"]
CLEAN = ["спасибо за помощь", "хороший магазин", "когда будет доставка", "всё пришло вовремя"]
UNSEEN = ["тупой магазин", "спасибо идиот идиот", "совсем новое слово", "", "урод"]


def _corpus() -> tuple[list[str], list[str]]:
    texts = [normalize(f"{t} {'!' * i}").text for i in range(3) for t in TOXIC + CLEAN]
    labels = [label for _ in range(3) for label in ["1"] * len(TOXIC) + ["0"] * len(CLEAN)]
    return texts, labels


def test_folded_ratio_matches_the_unfolded_pipeline() -> None:
    texts, labels = _corpus()
    settings = FitSettings(FeatureSpec(), c=4.0, nb_alpha=1.0)
    pipeline = fit_pipeline(texts, labels, settings)
    ratio = pipeline.named_steps["scale"].ratio_
    assert np.ptp(ratio) > 0.5  # the scaling is real, not a constant
    model = to_linear_model(pipeline, settings.spec)
    probe = [normalize(t).text for t in UNSEEN] + texts
    expected = pipeline.predict_proba(probe)
    for i, text in enumerate(probe):  # single-text path
        assert np.allclose(model.predict_proba([text]), expected[i], atol=1e-9, rtol=0)
    assert np.allclose(model.predict_proba(probe), expected, atol=1e-9, rtol=0)  # batch path


def test_blend_matches_the_weighted_pipelines() -> None:
    texts, labels = _corpus()
    settings = FitSettings(FeatureSpec(), c=16.0, nb_alpha=1.0, nb_share=0.5, nb_c=4.0)
    weighted = fit_blend(texts, labels, settings)
    assert [w for w, _ in weighted] == [0.5, 0.5]
    assert "scale" in weighted[1][1].named_steps and "scale" not in weighted[0][1].named_steps
    model = blend_to_linear_model(weighted, settings.spec)
    probe = [normalize(t).text for t in UNSEEN] + texts
    logits = sum(w * p.decision_function(probe) for w, p in weighted)
    expected = 1.0 / (1.0 + np.exp(-logits))
    assert np.allclose(model.predict_proba(probe)[:, 1], expected, atol=1e-9, rtol=0)
    for text, value in zip(probe, expected, strict=True):
        assert abs(model.predict_proba([text])[0, 1] - value) < 1e-9


def test_folding_changes_the_model() -> None:
    texts, labels = _corpus()
    plain = to_linear_model(fit_pipeline(texts, labels, FitSettings(FeatureSpec())), FeatureSpec())
    scaled = to_linear_model(
        fit_pipeline(texts, labels, FitSettings(FeatureSpec(), nb_alpha=1.0)), FeatureSpec()
    )
    assert plain.coef.shape == scaled.coef.shape
    assert not np.allclose(plain.coef, scaled.coef)


def test_ratio_sign_follows_the_positive_class() -> None:
    x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    scaler = NBScaler(alpha=1.0).fit(x, ["1", "1", "0", "0"])
    assert scaler.ratio_[0] > 0 > scaler.ratio_[1]
    assert np.allclose(scaler.ratio_, [np.log(3), -np.log(3)])


def test_nb_scaling_needs_two_classes() -> None:
    with pytest.raises(ValueError, match="two classes"):
        NBScaler().fit(np.ones((2, 2)), ["1", "1"])


def test_train_records_nb_alpha_and_loads(tmp_path: Path) -> None:
    texts, labels = _corpus()
    data = tmp_path / "data.csv"
    data.write_text(
        "text,label,lang\n" + "".join(f"{t},{y},ru\n" for t, y in zip(texts, labels, strict=True)),
        encoding="utf-8",
    )
    report = train(
        [data], tmp_path / "m", c_values=(4.0,), min_per_class=5, nb_alpha=1.0, nb_share=0.5
    )
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["toxicity"]["nb_alpha"] == pytest.approx(1.0, abs=1e-9)
    assert meta["toxicity"]["nb_share"] == pytest.approx(0.5, abs=1e-9)
    # The threshold was chosen on the trainer's own hold-out: a fifth of the training rows.
    assert report.validation["validation_rows"] == round(0.2 * len(TOXIC) * 3) * 2
    bundle = ModelBundle.load(tmp_path / "m")
    scores = bundle.toxicity([normalize("ты тупой идиот"), normalize("спасибо за помощь")])
    assert scores[0] > scores[1]
