"""`kuzet check` and `kuzet scan` through the real entry point, on the bundled model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main


def test_check_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "ты е6аный д0лбоёб"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"lang", "toxic", "score", "scores", "matches", "intent"} <= data.keys()
    assert data["toxic"] is True
    assert data["lang"] == "ru"
    assert any(m["category"] == "obscene" for m in data["matches"])


def test_check_clean_kazakh_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "Сәлеметсіз бе, тапсырыс қашан келеді?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["toxic"] is False
    assert data["lang"] == "kk"
    assert data["intent"] == "question"


def test_check_plain_text_explains_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "сен қотақбассың"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HIDE  toxic")
    assert "why:" in out
    assert "0.80" in out and "0.50" in out  # the thresholds the decision used


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("сен қотақбассың", "hide"),
        ("ты ебаный урод", "hide"),
        ("не называйте людей чурками", "review"),
        ("слово «чурка» — это оскорбление", "review"),
        ("«Шала қазақ» деген сөзді айтпаңыз", "review"),
        ("Сәлеметсіз бе, тапсырыс қашан келеді?", "reply"),
    ],
)
def test_check_prints_what_the_default_policy_decides(
    capsys: pytest.CaptureFixture[str], text: str, verdict: str
) -> None:
    assert main(["check", "--json", text]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"]["verdict"] == verdict
    assert data["decision"]["thresholds"]["hide"] == pytest.approx(0.8)
    assert data["decision"]["thresholds"]["review"] == pytest.approx(0.5)


def test_check_never_says_clean_for_a_comment_held_for_review(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "не называйте людей чурками"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("REVIEW")
    assert "clean" not in out.splitlines()[0]


def test_scan_csv_keeps_row_fields_and_adds_analysis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,Спасибо большое за помощь!\n2,иди на хуй\n3,\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(source), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert [r["toxic"] for r in rows] == [False, True, False]
    assert rows[2]["lang"] == "other"
    summary = capsys.readouterr().out
    assert "toxic" in summary and "all" in summary


def test_scan_jsonl_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"text": "керемет, рахмет!", "user": "a"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    assert main(["scan", str(source)]) == 0
    captured = capsys.readouterr()
    row = json.loads(captured.out.strip())
    assert row["user"] == "a" and row["toxic"] is False
    assert "all" in captured.err  # the summary goes to stderr when rows go to stdout


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("name\nx\n", ".csv", "'text' column"),
        ("{not json\n", ".jsonl", ":1: not valid JSON"),
        ('{"txt": 1}\n', ".jsonl", "string 'text' field"),
    ],
)
def test_scan_bad_input_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, suffix: str, message: str
) -> None:
    source = tmp_path / f"bad{suffix}"
    source.write_text(content, encoding="utf-8")
    assert main(["scan", str(source)]) == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_broken_model_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["check", "--model", str(tmp_path), "привет"]) == 2
    assert "kuzet:" in capsys.readouterr().err


@pytest.mark.parametrize("plain", [False, True])
def test_train_writes_a_loadable_model_and_eval_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plain: bool
) -> None:
    seed = Path(__file__).resolve().parents[3] / "classifiers" / "data" / "seed" / "toxicity.csv"
    out = tmp_path / "model"
    assert (
        main(["train", "--data", str(seed), "--out", str(out), *(["--plain"] if plain else [])])
        == 0
    )
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    blend = meta["toxicity"]["nb_alpha"]
    assert (blend is None) == plain
    capsys.readouterr()
    assert main(["eval", "--data", str(seed), "--model", str(out)]) == 0
    assert "F1" in capsys.readouterr().out
