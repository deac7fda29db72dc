"""The default build's filtering of public training files (no model is trained here)."""

from __future__ import annotations

import csv
from pathlib import Path

from classifiers.training.build_default import CATEGORY_FILES, _filtered, clean_rows
from classifiers.training.corpus import GOLD_DIR, SEED_DIR, corpus_key, read_rows


def _write(path: Path, texts: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "label"])
        writer.writerows([text, "0"] for text in texts)
    return path


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def test_two_train_files_of_the_same_name_keep_their_own_rows(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "train.csv", ["первый текст", "тестовая строка"])
    second = _write(tmp_path / "b" / "train.csv", ["второй текст", "тестовая строка"])
    held = {corpus_key("тестовая строка")}
    out = tmp_path / "out"
    out.mkdir()

    copies = [_filtered(first, held, out), _filtered(second, held, out)]

    assert copies[0] != copies[1]
    assert _texts(copies[0]) == ["первый текст"]
    assert _texts(copies[1]) == ["второй текст"]


def test_a_file_without_held_out_rows_is_used_as_it_is(tmp_path: Path) -> None:
    path = _write(tmp_path / "a" / "train.csv", ["первый текст"])
    assert _filtered(path, {corpus_key("другое")}, tmp_path) == path


def test_every_seed_corpus_file_is_valid_and_apart_from_the_gold_set() -> None:
    # A corpus file added by hand (not through classifiers.training.corpus) must still hold
    # checked rows, no repeated comment, and no gold comment: the gold figures stay honest.
    gold = {corpus_key(text) for path in GOLD_DIR.glob("*.csv") for text in _texts(path)}
    seen: set[str] = set()
    intent_only = ("corpus_intent_more.csv", "corpus_intent_everyday.csv")
    for name in (*CATEGORY_FILES, *intent_only, "corpus_abuse.csv"):
        keys = [corpus_key(row.text) for row in read_rows(SEED_DIR / name)]
        assert len(keys) == len(set(keys)), name
        assert not seen & set(keys), f"{name} repeats a comment of another corpus file"
        assert not gold & set(keys), name
        seen.update(keys)


def test_intent_rows_leave_out_abuse_and_held_out_texts(tmp_path: Path) -> None:
    source = tmp_path / "corpus.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "label", "intent"])
        writer.writerows(
            [
                ["Қашан ашылады", "0", "question"],
                ["Ертең су болмайды!", "0", "other"],
                ["абьюзивный текст", "1", "complaint"],
            ]
        )

    kept = clean_rows(source, tmp_path, {corpus_key("ертең су болмайды")})

    assert _texts(kept) == ["Қашан ашылады"]
