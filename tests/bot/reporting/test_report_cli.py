"""`kuzet stats backfill` and `kuzet report` on a real SQLite database."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.storage import Database, migrate
from bot.storage.repositories import build_repositories
from moderation.comment import Author
from moderation.decision import Verdict
from moderation.settings import CommunitySettings
from tests.bot.reporting.conftest import member_comment, recorded

CONFIG = """
[database]
url = "sqlite+aiosqlite:///{db}"

[monitoring]
dashboard_token = "0123456789abcdef-report"

[[communities]]
id = "news"
name = "Жаңалықтар"
platform = "telegram"
chats = [-100555]
moderators_chat = -1009
language = "kk"
"""


async def _seed(url: str) -> None:
    await migrate.upgrade(url)
    db = Database(url)
    repos = build_repositories(db)
    await repos.communities.save(CommunitySettings("news", name="Жаңалықтар", language="kk"))
    start = datetime.now(UTC) - timedelta(days=3)
    for n in range(4):
        at = start + timedelta(hours=n)
        await repos.decisions.record(
            recorded(member_comment(f"q{n}", at), Verdict.REPLY, "question")
        )
        toxic = member_comment(f"t{n}", at, author=Author(id="66"), post_id="8")
        await repos.decisions.record(recorded(toxic, Verdict.HIDE, "other", toxic=True))
    await db.dispose()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    db = tmp_path / "kuzet.sqlite3"
    asyncio.run(_seed(f"sqlite+aiosqlite:///{db}"))
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(db=db), encoding="utf-8")
    return path


def test_backfill_then_csv_and_html_reports(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "backfill", "--config", str(config)]) == 0
    assert "community-day" in capsys.readouterr().out
    out = tmp_path / "news.csv"
    assert main(["report", "--config", str(config), "--community", "news", "--days", "7",
                 "--out", str(out)]) == 0  # fmt: skip
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 7
    assert sum(int(r["comments"]) for r in rows) == 8
    assert sum(int(r["questions"]) for r in rows) == 4
    busy = [r for r in rows if int(r["comments"])]
    assert float(busy[0]["toxic_share"]) == pytest.approx(0.5)
    page = tmp_path / "news.html"
    assert main(["report", "--config", str(config), "--community", "news", "--days", "30",
                 "--out", str(page)]) == 0  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert "Жаңалықтар: соңғы 30 күн" in html and "data:image/png;base64," in html
    assert "https://t.me/c/555/8" in html  # the post that drew the negativity


def test_report_refuses_bad_arguments(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", "--config", str(config), "--community"]
    assert main([*base, "nope", "--out", str(tmp_path / "x.csv")]) == 2
    assert "no community 'nope'" in capsys.readouterr().err
    assert main([*base, "news", "--out", str(tmp_path / "x.pdf")]) == 2
    assert main([*base, "news", "--days", "0", "--out", str(tmp_path / "x.csv")]) == 2
