"""`kuzet learn --status/--rollback` on a real store, and the messages without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from classifiers.model import DEFAULT_MODEL_DIR
from classifiers.model.store import ModelStore

START = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def _config(tmp_path: Path, store: Path | None) -> Path:
    path = tmp_path / "config.toml"
    lines = [f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "k.sqlite3"}"\n']
    if store is not None:
        lines.append(f'[detection]\nmodel_store = "{store}"\n')
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_status_and_rollback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ModelStore(tmp_path / "models")
    config = _config(tmp_path, store.root)
    assert main(["learn", "--config", str(config), "--status"]) == 0
    assert "no learned model yet" in capsys.readouterr().out
    first = store.add(DEFAULT_MODEL_DIR, START)
    store.promote(first)
    second = store.add(DEFAULT_MODEL_DIR, START + timedelta(days=7))
    store.promote(second)
    assert main(["learn", "--config", str(config), "--status"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"active: {second}", f"previous: {first}"]
    assert main(["learn", "--config", str(config), "--rollback"]) == 0
    assert first in capsys.readouterr().out
    assert store.state().active == first
    assert main(["learn", "--config", str(config), "--rollback"]) == 2
    assert "no previous model" in capsys.readouterr().err


def test_learning_needs_a_model_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "--config", str(_config(tmp_path, None))]) == 2
    assert "model_store" in capsys.readouterr().err
