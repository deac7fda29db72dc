"""`kuzet moderate` end to end: real inbox, worker, service and SQLite, recording gateway."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "bot" / "samples" / "comments.csv"

ROWS = [
    {
        "text": "Сәлеметсіз бе! Тапсырыс қашан келеді? Үш күн күтіп отырмын",
        "author": "aigerim",
        "chat": "c1",
    },
    {"text": "иди на х*й, уебок", "author": "troll", "chat": "c1"},
    {"text": "Рахмет, керемет қызмет!", "author": "serik", "chat": "c1"},
    {"text": "сен қотақбассың", "author": "troll", "chat": "c1"},
    {"text": "Команда молодцы, застрахуйте машину заранее", "author": "oleg", "chat": "c2"},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "author", "chat"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def _report(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_moderate_decides_every_row_and_never_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    db = tmp_path / "kuzet.sqlite3"
    report = tmp_path / "report.jsonl"
    assert main(["moderate", str(source), "--db", str(db), "--report", str(report)]) == 0
    first = capsys.readouterr().out
    rows = _report(report)
    assert len(rows) == len(ROWS)
    verdicts = {row["author"] + ":" + str(i): row["verdict"] for i, row in enumerate(rows)}
    assert verdicts["troll:1"] in ("hide", "ban")
    assert verdicts["troll:3"] in ("hide", "ban")
    assert verdicts["oleg:4"] in ("allow", "reply")  # trap words are innocent
    question = rows[0]
    assert question["verdict"] == "reply" and question["lang"] == "kk"
    assert question["draft"] is not None and question["draft"]["lang"] == "kk"
    assert "hide" in [a["kind"] for a in rows[1]["actions"]]
    assert "new in the inbox 5" in first

    # Same database again: every row is already in the inbox, nothing is acted on twice.
    assert main(["moderate", str(source), "--db", str(db), "--report", str(report)]) == 0
    second = capsys.readouterr().out
    assert "new in the inbox 0" in second and "platform calls 0" in second
    assert [r["verdict"] for r in _report(report)] == [r["verdict"] for r in rows]


def test_dry_run_records_but_executes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "in.csv", ROWS[1:2])
    report = tmp_path / "report.csv"
    assert main(["moderate", str(source), "--dry-run", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "platform calls 0" in out
    with report.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["verdict"] in ("hide", "ban")
    assert "skipped" in row["actions"]


def test_bundled_sample_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.jsonl"
    assert main(["moderate", str(SAMPLE), "--report", str(report)]) == 0
    rows = _report(report)
    with SAMPLE.open(encoding="utf-8") as handle:
        assert len(rows) == sum(1 for _ in csv.DictReader(handle))
    assert {"allow", "reply", "hide"} <= {str(r["verdict"]) for r in rows}
    assert "unprocessed" not in {r["verdict"] for r in rows}
    assert "all" in capsys.readouterr().out


def test_empty_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "empty.csv"
    source.write_text("text\n", encoding="utf-8")
    assert main(["moderate", str(source)]) == 2
    assert "no rows" in capsys.readouterr().err
