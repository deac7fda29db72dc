"""Training end to end on a tiny CSV written by the test, and the model directory it makes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from classifiers.errors import ModelError
from classifiers.model import ModelBundle
from classifiers.model.artifact import file_sha256
from classifiers.normalize import normalize
from classifiers.training import TrainReport, train
from classifiers.training.fit import best_threshold
from classifiers.vocabulary import Lang

RU_TOXIC = [
    "ты тупой идиот",
    "заткнись урод",
    "какой же ты дебил",
    "иди отсюда мразь",
    "ты полный кретин",
    "урод и идиот",
    "дебил тупой",
    "мразь конченая",
]
RU_CLEAN = [
    "спасибо за помощь",
    "хороший магазин",
    "когда будет доставка",
    "всё пришло вовремя",
    "отличный сервис",
    "подскажите адрес",
    "доброе утро всем",
    "товар понравился",
]
KK_CLEAN = [
    "рахмет көп",
    "жақсы дүкен",
    "тауар ұнады",
    "сәлеметсіз бе",
    "керемет қызмет",
    "уақытында келді",
    "бәрі жақсы",
    "сапасы жақсы",
]


INTENTS = [
    ("когда доставка?", "question"),
    ("қашан келеді?", "question"),
    ("ужасный сервис", "complaint"),
    ("сапасы нашар", "complaint"),
    ("спасибо большое", "praise"),
    ("рахмет керемет", "praise"),
    ("доброе утро", "other"),
    ("сәлем бәріне", "other"),
]


def _write(path: Path, rows: list[tuple[str, object, str]], label: str = "label") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", label, "lang"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[TrainReport, Path, Path]:
    base = tmp_path_factory.mktemp("train")
    rows: list[tuple[str, object, str]] = []
    for i in range(3):  # small variations so the hold-out split has every group
        rows += [(f"{t} {'!' * i}", 1, "ru") for t in RU_TOXIC]
        rows += [(f"{t} {'.' * i}", 0, "ru") for t in RU_CLEAN]
        rows += [(f"{t} {'.' * i}", 0, "kk") for t in KK_CLEAN]
    rows += [("сен ақымақсың", 1, "kk")]  # one toxic Kazakh row: far too few to trust
    data = _write(base / "tiny.csv", rows)
    intent = _write(base / "intent.csv", [(t, i, "ru") for t, i in INTENTS * 3], "intent")
    out = base / "model"
    report = train(
        [data], out, intent_data=[intent], c_values=(4.0,), min_per_class=10, name="tiny"
    )
    return report, data, out


def test_train_writes_a_loadable_model(trained: tuple[TrainReport, Path, Path]) -> None:
    report, data, out = trained
    assert report.rows == 3 * 24 + 1
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["artifact_sha256"] == file_sha256(out / "model.npz")
    assert meta["toxicity"]["data"][0]["sha256"] == file_sha256(data)
    assert meta["toxicity"]["lang_counts"]["kk"] == {"toxic": 1, "clean": 24}
    assert meta["toxicity"]["classes"] == ["0", "1"]
    assert sorted(meta["intent"]["classes"]) == ["complaint", "other", "praise", "question"]
    bundle = ModelBundle.load(out)
    scores = bundle.toxicity([normalize("ты тупой идиот"), normalize("спасибо за помощь")])
    assert scores[0] > bundle.toxicity_threshold > scores[1]
    assert "threshold=" in report.format() and "kk" in report.format()


def test_trusted_only_where_both_classes_were_seen(
    trained: tuple[TrainReport, Path, Path],
) -> None:
    report, _, out = trained
    bundle = ModelBundle.load(out)
    assert report.trusted_langs == ("ru",)
    assert bundle.trusted_for(Lang.RU)
    assert not bundle.trusted_for(Lang.KK)
    assert not bundle.trusted_for(Lang.MIXED)
    assert not bundle.trusted_for(Lang.OTHER)


def test_training_is_deterministic(trained: tuple[TrainReport, Path, Path], tmp_path: Path) -> None:
    _, data, out = trained
    intent = data.parent / "intent.csv"
    again = train(
        [data],
        tmp_path / "again",
        intent_data=[intent],
        c_values=(4.0,),
        min_per_class=10,
        name="tiny",
    )
    assert again.artifact_sha256 == file_sha256(out / "model.npz")


def test_folds_choose_the_cut_off_on_every_row(
    trained: tuple[TrainReport, Path, Path], tmp_path: Path
) -> None:
    _, data, _ = trained
    report = train(
        [data],
        tmp_path / "folds",
        intent_data=[data.parent / "intent.csv"],
        c_values=(4.0,),
        min_per_class=10,
        folds=3,
    )
    # every row was scored once, by a model trained on the other two folds
    assert report.validation["validation_rows"] == report.rows
    assert report.validation["folds"] == 3
    bundle = ModelBundle.load(tmp_path / "folds")
    scores = bundle.toxicity([normalize("ты тупой идиот"), normalize("спасибо за помощь")])
    assert scores[0] > bundle.toxicity_threshold > scores[1]


def test_bad_label_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nпривет,0\nпока,maybe\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad\.csv:3"):
        train([bad], tmp_path / "out")


def test_missing_column_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "cols.csv"
    bad.write_text("comment,toxic\nпривет,0\n", encoding="utf-8")
    with pytest.raises(ModelError, match="needs columns text,label"):
        train([bad], tmp_path / "out")


def test_best_threshold_maximises_f1() -> None:
    scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.1]
    truth = [True, True, False, True, False, False]
    threshold = best_threshold(scores, truth)
    assert 0.3 < threshold <= 0.4  # flags the first four: F1 = 6/7, the best cut
