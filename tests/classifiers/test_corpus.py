"""The seed corpus builder: checks, de-duplication, and a gold set kept apart from training."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from classifiers.errors import ModelError
from classifiers.training.corpus import COLUMNS, build, corpus_key, deduplicate, read_rows

HEADER = ",".join(COLUMNS)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def test_corpus_key_ignores_case_and_punctuation() -> None:
    assert corpus_key("Рахмет!!") == corpus_key("рахмет")
    assert corpus_key("Рахмет") != corpus_key("рахмет көп")


def test_duplicates_collapse_and_conflicting_labels_are_dropped(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "a.csv",
        [
            "Рахмет!,0,clean,praise,kk,cyrillic,shop",
            "рахмет,0,clean,praise,kk,cyrillic,shop",
            "ты дурак,1,insult,other,ru,cyrillic,general",
            "Ты дурак!,0,clean,other,ru,cyrillic,general",
            "когда доставка,0,clean,question,ru,cyrillic,shop",
        ],
    )
    result = deduplicate(read_rows(source))
    assert [r.text for r in result.rows] == ["Рахмет!", "когда доставка"]
    assert result.duplicates == 2
    assert result.conflicting == 1


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("текст,2,clean,other,ru,cyrillic,x", "label '2'"),
        ("текст,1,clean,other,ru,cyrillic,x", "label 1 with category 'clean'"),
        ("текст,0,clean,rant,ru,cyrillic,x", "intent 'rant'"),
        ("текст,0,clean,other,de,cyrillic,x", "lang 'de'"),
        (",0,clean,other,ru,cyrillic,x", "empty text"),
    ],
)
def test_a_bad_row_names_its_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    source = _write(tmp_path / "bad.csv", ["хорошо,0,clean,other,ru,cyrillic,x", line])
    with pytest.raises(ModelError, match=f"bad.csv:3: .*{problem}"):
        read_rows(source)


def test_gold_rows_seen_in_training_leave_the_gold_set(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "train.csv",
        [
            "сен ақымақсың,1,insult,other,kk,cyrillic,general",
            "Как доехать до ЦОНа?,0,clean,question,ru,cyrillic,public_service",
        ],
    )
    gold = _write(
        tmp_path / "gold.csv",
        [
            "Сен ақымақсың!,1,insult,other,kk,cyrillic,general",
            "тауар қашан келеді,0,clean,question,kk,cyrillic,shop",
        ],
    )
    out, gold_out = tmp_path / "seed", tmp_path / "gold"
    lines = build([source], out, gold, gold_out)
    assert _texts(out / "corpus_kk.csv") == ["сен ақымақсың"]
    assert _texts(out / "corpus_ru.csv") == ["Как доехать до ЦОНа?"]
    assert _texts(gold_out / "gold.csv") == ["тауар қашан келеді"]
    assert "1 also in training dropped" in lines[-1]
