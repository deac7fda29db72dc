"""`kuzet run` refuses to start without a usable Telegram token, saying what to fix."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.fakes.telegram.server import FakeTelegram

CONFIG = """
[database]
url = "sqlite+aiosqlite:///{db}"
[http]
enabled = false
[telegram]
token = "{token}"
api_base = "{api_base}"
[[communities]]
id = "news-kz"
name = "News"
platform = "telegram"
chats = [-1002222222222]
moderators_chat = -1004444444444
language = "kk"
"""


def _write(tmp_path: Path, token: str, api_base: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(db=tmp_path / "k.sqlite3", token=token, api_base=api_base))
    return path


def test_missing_token_exits_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUZET_TELEGRAM_TOKEN", raising=False)
    code = main(["run", "--config", str(_write(tmp_path, "", "http://127.0.0.1:9"))])
    assert code != 0
    assert "telegram.token" in capsys.readouterr().err


async def test_invalid_token_exits_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUZET_TELEGRAM_TOKEN", raising=False)
    async with FakeTelegram(strict=False) as fake:
        # The fake knows only its own token; a token it does not know is refused (401).
        config = _write(tmp_path, "999999:WRONG-token", fake.api_base)
        code = await asyncio.to_thread(main, ["run", "--config", str(config)])
    assert code != 0
    err = capsys.readouterr().err
    assert "telegram.token" in err and "WRONG-token" not in err
