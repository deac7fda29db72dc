"""The dashboard page: hidden without the token, rendered in kk/ru/en, and seen in a real
headless Chromium (Debian's, driven by Playwright; never a downloaded browser)."""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.http.app import HttpApp
from bot.http.dashboard import Dashboard
from bot.reporting.monitor import Monitoring
from moderation.comment import Author
from moderation.decision import Verdict
from moderation.ports import Repositories
from tests.bot.reporting.conftest import Clock, member_comment, recorded

TOKEN = "s3cret-dashboard-token-0123"


@pytest.fixture
async def server(monitoring: Monitoring, repos: Repositories, clock: Clock) -> AsyncIterator[str]:
    for day in range(1, 10):
        at = clock.at - timedelta(days=day)
        await repos.decisions.record(
            recorded(member_comment(f"q{day}", at), Verdict.REPLY, "question")
        )
        troll = member_comment(f"t{day}", at, author=Author(id="66", name="Тролль"), post_id="8")
        await repos.decisions.record(recorded(troll, Verdict.HIDE, "other", toxic=True))
        await repos.decisions.record(
            recorded(member_comment(f"p{day}", at), Verdict.ALLOW, "praise")
        )
    await monitoring.backfill("news")
    http = HttpApp("127.0.0.1", 0)
    Dashboard(monitoring, TOKEN).mount(http)
    await http.start()
    try:
        yield http.base_url
    finally:
        await http.stop()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_page_is_404_without_the_right_token(server: str) -> None:
    async with aiohttp.ClientSession() as session:
        for query in ("", "?token=wrong", f"?token={TOKEN}x"):
            async with session.get(f"{server}/dashboard/news{query}") as response:
                assert response.status == 404
        async with session.get(f"{server}/dashboard/nobody?token={TOKEN}") as response:
            assert response.status == 404
        for query in ("", "?token=wrong"):
            async with session.get(f"{server}/dashboard/news/chart.png{query}") as response:
                assert response.status == 404
        async with session.get(f"{server}/dashboard/news?token={TOKEN}&lang=ru") as response:
            assert response.status == 200
            page = await response.text()
    assert "news — состояние сообщества" in page
    assert "Где больше всего негатива" in page and "https://t.me/c/555/8" in page
    assert "Вопросы, которые ждут ответа" in page
    (src,) = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert src == f"news/chart.png?token={TOKEN}&amp;days=30&amp;lang=ru"
    async with aiohttp.ClientSession() as session:
        chart = f"{server}/dashboard/{html.unescape(src)}"
        async with session.get(chart) as response:
            assert response.status == 200 and response.content_type == "image/png"
            assert (await response.read()).startswith(b"\x89PNG\r\n\x1a\n")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_headless_browser_shows_the_dashboard(server: str, tmp_path: Path) -> None:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: install Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    if os.environ.get("CI") == "true":
        import playwright.async_api as playwright_api  # CI installs the dev extras: no skip
    else:
        playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = await browser.new_page(viewport={"width": 1100, "height": 900})
            await page.goto(f"{server}/dashboard/news?token={TOKEN}&lang=kk&days=30")
            body = await page.inner_text("body")
            chart = page.locator("img")
            assert await chart.count() == 1
            width = await chart.evaluate("img => img.naturalWidth")
            shot = tmp_path / "dashboard.png"
            await page.screenshot(path=str(shot), full_page=True)
        finally:
            await browser.close()
    assert "news — қауымдастық жағдайы" in body
    assert "Ең көп теріс пікір жинаған жазбалар" in body
    assert "Жауап күтіп тұрған сұрақтар" in body and "Соңғы модерация әрекеттері" in body
    assert "Пікірлер: 27" in body  # the summary under the chart
    assert width == 900  # the chart, fetched by the page, decoded and drawn
    assert shot.stat().st_size > 20_000
