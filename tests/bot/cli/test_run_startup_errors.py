"""`kuzet run` meets an unreachable database or a taken HTTP port: one clear line naming
what and where, exit code 2, no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli.main import main

CONFIG = """
[database]
url = "{url}"
[http]
enabled = true
host = "127.0.0.1"
port = {port}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(tmp_path: Path, url: str, port: int) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(url=url, port=port))
    return path


def test_database_down_at_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql+asyncpg://kuzet:s3cret-pw@127.0.0.1:{_free_port()}/kuzet"
    code = main(["run", "--config", str(_config(tmp_path, url, _free_port()))])
    err = capsys.readouterr().err
    assert code == 2
    assert "database" in err and "127.0.0.1" in err
    assert "Traceback" not in err and "s3cret-pw" not in err


def test_http_port_taken_at_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = int(holder.getsockname()[1])
        url = f"sqlite+aiosqlite:///{tmp_path / 'k.sqlite3'}"
        code = main(["run", "--config", str(_config(tmp_path, url, port))])
    err = capsys.readouterr().err
    assert code == 2
    assert f"127.0.0.1:{port}" in err and "Traceback" not in err


def test_worker_role_needs_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'k.sqlite3'}"
    code = main(["run", "--role", "worker", "--config", str(_config(tmp_path, url, 0))])
    assert code == 2
    assert "postgresql" in capsys.readouterr().err
