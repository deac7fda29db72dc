"""The model directory is verified before anything is deserialized, and refused loudly."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifiers.errors import ModelError
from classifiers.model import DEFAULT_MODEL_DIR, FEATURE_VERSION, ModelBundle
from classifiers.model.artifact import file_sha256, sklearn_version
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed"


@pytest.fixture()
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    return target


def _edit_metadata(directory: Path, **changes: object) -> None:
    path = directory / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(changes)
    path.write_text(json.dumps(meta), encoding="utf-8")


def test_shipped_model_loads_and_matches_its_metadata() -> None:
    meta = json.loads((DEFAULT_MODEL_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert meta["artifact_sha256"] == file_sha256(DEFAULT_MODEL_DIR / "model.npz")
    assert meta["feature_version"] == FEATURE_VERSION
    assert meta["name"] == "kuzet"
    # trained on the seed corpus as it is now (else: python -m classifiers.training.build_default
    # --datasets ../shared/datasets)
    for path in sorted(SEED.glob("*.csv")):
        assert meta["seed_files"][path.name] == file_sha256(path), path.name
    assert meta["intent"]["metrics"]["data"][0]["sha256"] == file_sha256(SEED / "intent.csv")
    # every source says what may be done with a model trained on it
    licenses = {source["name"]: source["license"] for source in meta["sources"]}
    assert licenses["corpus kk"] == "MIT" and licenses["ru_distorted_toxicity"] == "MIT"
    assert set(meta["category"]["classes"]) == {"obscene", "insult", "threat", "slur", "spam"}
    bundle = ModelBundle.load()
    assert bundle.version.startswith("kuzet-")
    assert bundle.category_model is not None
    assert 0.0 < bundle.toxicity_threshold < 1.0
    assert bundle.trusted_for(Lang.RU) and bundle.trusted_for(Lang.KK)
    assert not bundle.trusted_for(Lang.OTHER)


def test_shipped_artifact_is_plain_arrays() -> None:
    with np.load(DEFAULT_MODEL_DIR / "model.npz", allow_pickle=False) as npz:
        assert all(npz[key].dtype != object for key in npz.files)


def test_round_trip_gives_identical_scores(model_copy: Path) -> None:
    texts = [normalize(t) for t in ["ты тупой идиот", "рахмет, бәрі жақсы", "когда доставка?"]]
    original = ModelBundle.load()
    copied = ModelBundle.load(model_copy)
    assert copied.toxicity(texts) == pytest.approx(original.toxicity(texts), abs=1e-9)
    assert copied.version == original.version


def test_changed_byte_is_refused(model_copy: Path) -> None:
    artifact = model_copy / "model.npz"
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0x01
    artifact.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"sha256 .* does not match"):
        ModelBundle.load(model_copy)


def test_pickle_in_place_of_the_artifact_is_never_opened(model_copy: Path) -> None:
    import pickle

    (model_copy / "model.npz").write_bytes(pickle.dumps({"evil": True}))
    with pytest.raises(ModelError, match="does not match"):
        ModelBundle.load(model_copy)


def test_feature_version_mismatch_is_refused(model_copy: Path) -> None:
    _edit_metadata(model_copy, feature_version="kuzet-tfidf-0")
    with pytest.raises(ModelError, match=r"feature version 'kuzet-tfidf-0'.*retrain"):
        ModelBundle.load(model_copy)


def test_sklearn_version_mismatch_is_refused(model_copy: Path) -> None:
    _edit_metadata(model_copy, sklearn_version="0.24.2")
    with pytest.raises(
        ModelError, match=rf"scikit-learn 0\.24\.2, installed is {sklearn_version()}"
    ):
        ModelBundle.load(model_copy)


def test_missing_directory_and_garbage_metadata(tmp_path: Path, model_copy: Path) -> None:
    with pytest.raises(ModelError, match=r"no metadata\.json"):
        ModelBundle.load(tmp_path / "nowhere")
    (model_copy / "metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        ModelBundle.load(model_copy)


def test_artifact_path_cannot_escape_the_directory(model_copy: Path) -> None:
    _edit_metadata(model_copy, artifact="../../etc/passwd")
    with pytest.raises(ModelError, match="missing"):
        ModelBundle.load(model_copy)


def test_seed_corpus_rows_are_mostly_right() -> None:
    """A sanity floor for the shipped model on its own training data (not a quality claim)."""
    with (SEED / "toxicity.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bundle = ModelBundle.load()
    scores = bundle.toxicity([normalize(r["text"]) for r in rows])
    right = sum(
        (s >= bundle.toxicity_threshold) == (r["label"] == "1")
        for s, r in zip(scores, rows, strict=True)
    )
    assert right / len(rows) > 0.9
