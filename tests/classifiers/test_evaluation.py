"""`evaluate` counts the detector's verdicts per language of the labelled file."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import Detector
from classifiers.errors import ClassifierError
from classifiers.evaluation import Counts, evaluate

TOXIC = "ты тупой идиот"
CLEAN = "спасибо за помощь"


def test_counts_per_lang(tmp_path: Path, detector: Detector) -> None:
    assert [a.toxic for a in detector.analyze_many([TOXIC, CLEAN])] == [True, False]
    data = tmp_path / "eval.csv"
    data.write_text(
        "text,label,lang\n"
        f"{TOXIC},1,ru\n{TOXIC}!,1,ru\n{CLEAN},1,ru\n{CLEAN}.,0,ru\n"
        f"{TOXIC},0,kk\n{CLEAN},0,kk\n{CLEAN}!,0,kk\n",
        encoding="utf-8",
    )
    report = evaluate(data, detector)
    assert report.overall == Counts(tp=2, fp=1, tn=3, fn=1)
    assert report.per_lang["ru"] == Counts(tp=2, fp=0, tn=1, fn=1)
    assert report.per_lang["kk"].fp_rate == pytest.approx(1 / 3, abs=1e-9)
    assert report.per_lang["kk"].f1 is None  # no toxic rows: F1 is undefined, not zero
    assert report.overall.precision == pytest.approx(2 / 3, abs=1e-9)
    assert report.overall.recall == pytest.approx(2 / 3, abs=1e-9)
    table = report.format()
    assert "kk" in table and "33.3%" in table


def test_without_label_and_lang_every_row_is_toxic_in_one_group(
    tmp_path: Path, detector: Detector
) -> None:
    data = tmp_path / "eval.csv"
    data.write_text(f"text\n{TOXIC}\n{CLEAN}\n", encoding="utf-8")
    report = evaluate(data, detector)
    assert report.overall == Counts(tp=1, fn=1)
    assert set(report.per_lang) == {"all"}


def test_another_text_column(tmp_path: Path, detector: Detector) -> None:
    data = tmp_path / "eval.csv"
    data.write_text(f"text,corrected,label\nx,{TOXIC},1\ny,{CLEAN},0\n", encoding="utf-8")
    assert evaluate(data, detector, text_column="corrected").overall == Counts(tp=1, tn=1)
    with pytest.raises(ClassifierError, match="no 'comment' column"):
        evaluate(data, detector, text_column="comment")
