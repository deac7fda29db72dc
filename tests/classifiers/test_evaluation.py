"""`evaluate` counts hits per language on the verdicts it is given."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from classifiers.errors import ClassifierError
from classifiers.evaluation import Counts, evaluate


def _flag_bad(texts: Sequence[str]) -> list[bool]:
    return ["bad" in text for text in texts]


def test_counts_per_lang(tmp_path: Path) -> None:
    data = tmp_path / "eval.csv"
    data.write_text(
        "text,label,lang\n"
        "bad one,1,ru\nbad two,1,ru\nmissed,1,ru\nfine,0,ru\n"
        "bad but clean,0,kk\nfine,0,kk\nfine too,0,kk\n",
        encoding="utf-8",
    )
    report = evaluate(data, _flag_bad)
    assert report.overall == Counts(tp=2, fp=1, tn=3, fn=1)
    assert report.per_lang["ru"] == Counts(tp=2, fp=0, tn=1, fn=1)
    assert report.per_lang["kk"].fp_rate == pytest.approx(1 / 3)
    assert report.per_lang["kk"].f1 is None  # no toxic rows: F1 is undefined, not zero
    assert report.overall.precision == pytest.approx(2 / 3)
    assert report.overall.recall == pytest.approx(2 / 3)
    table = report.format()
    assert "kk" in table and "33.3%" in table


def test_detector_object_is_accepted(tmp_path: Path) -> None:
    class Verdict:
        def __init__(self, toxic: bool) -> None:
            self.toxic = toxic

    class FakeDetector:
        def analyze_many(self, texts: Sequence[str]) -> list[Verdict]:
            return [Verdict("bad" in t) for t in texts]

    data = tmp_path / "eval.csv"
    data.write_text("text,label\nbad,1\nok,0\n", encoding="utf-8")
    report = evaluate(data, FakeDetector())  # type: ignore[arg-type]
    assert report.overall == Counts(tp=1, tn=1)
    assert set(report.per_lang) == {"all"}


def test_wrong_number_of_verdicts_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "eval.csv"
    data.write_text("text,label\na,1\nb,0\n", encoding="utf-8")
    with pytest.raises(ClassifierError, match="returned 1 verdicts for 2"):
        evaluate(data, lambda texts: [True])
    with pytest.raises(ClassifierError, match="no 'comment' column"):
        evaluate(data, _flag_bad, text_column="comment")
