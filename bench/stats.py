"""Monitoring at scale: a year of decisions for 20 communities on PostgreSQL.

    .venv/bin/python bench/stats.py [--decisions 1000000] [--communities 20] [--days 365]
                                    [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/]
                                    [--no-browser]

A fresh database (created and dropped here) is migrated, then filled with COPY (asyncpg's
binary `copy_records_to_table`): decisions with their analyses (a tenth abusive, a tenth
questions or complaints, authors drawn from a pool so "new authors" means something) and
the threads those questions opened, most of them answered. Then it times what users meet:

- the daily aggregation job (today and yesterday for every community, as the chore runs
  it each day) and the chore's wider pass (the last 7 days);
- `/stats 90` end to end minus Telegram: refresh the community's today and yesterday,
  read 90 stored days, draw the PNG — once per community, each community seen for the
  first time (its days were aggregated by the 90-day pass, not read before);
- the dashboard's first paint in Debian's headless Chromium (Playwright), per community,
  from `performance.getEntriesByType("paint")`.

The 90 days behind `/stats 90` are aggregated first (also timed and printed): that is the
one-off `kuzet stats backfill` a fresh install runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config.monitoring import MonitoringConfig
from bot.reporting import charts
from bot.reporting.monitor import Monitoring
from bot.reporting.tracker import DECISIONS_MARK
from bot.storage import Database, migrate
from bot.storage.repositories import build_repositories
from moderation.settings import CommunitySettings

CATEGORIES = ("obscene", "insult", "threat", "spam")
TEXTS = ("Рақмет, жақсы жаңалық", "Когда откроют дорогу?", "Бұл не деген сұмдық",
         "Спасибо за новости", "Қашан жеткізесіздер?", "Опять ничего не работает")  # fmt: skip


# Milliseconds from navigation start (request sent) to the first contentful paint; an
# observer catches the entry when the browser records it after `load`.
PAINT = """() => new Promise(resolve => {
  const pick = entries => entries.find(e => e.name === 'first-contentful-paint');
  const seen = pick(performance.getEntriesByType('paint'));
  if (seen) { resolve(seen.startTime); return; }
  new PerformanceObserver((list, observer) => {
    const found = pick(list.getEntries());
    if (found) { observer.disconnect(); resolve(found.startTime); }
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 5000);
})"""


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def _rows(args: argparse.Namespace, seed: int) -> tuple[list[tuple[Any, ...]], ...]:
    """Decisions, analyses and threads, spread evenly over the communities and the year."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    decisions, analyses, threads = [], [], []
    per_second = args.days * 86400 / args.decisions
    for n in range(1, args.decisions + 1):
        community = f"c{n % args.communities:02d}"
        chat = f"-100{1000 + n % args.communities}"
        at = now - timedelta(seconds=(args.decisions - n) * per_second + rng.random())
        author = str(rng.randint(1, 40_000))
        post = str(rng.randint(1, 300))
        roll = rng.random()
        toxic = roll < 0.1
        intent = "question" if roll > 0.93 else "complaint" if roll > 0.9 else "other"
        verdict = "hide" if toxic else "reply" if intent != "other" else "allow"
        comment = {
            "platform": "telegram", "community_id": community, "chat_id": chat,
            "post_id": post, "comment_id": str(n), "revision": 0,
            "author": {"id": author, "name": "Автор", "is_channel": False, "is_admin": False,
                       "username": None},
            "text": TEXTS[n % len(TEXTS)], "created_at": at.isoformat(), "reply_to": None,
            "links": [], "forwarded": False, "metadata": {},
        }  # fmt: skip
        decided = {"verdict": verdict, "reasons": [], "actions": [
            {"kind": "hide", "execute": True}] if toxic else []}  # fmt: skip
        decisions.append((n, "telegram", chat, str(n), 0, community, author, verdict, False,
                          False, json.dumps(comment), json.dumps(decided), at))  # fmt: skip
        matches = [{"category": CATEGORIES[n % 4], "term": "x"}] if toxic else []
        result = {"toxic": toxic, "intent": intent, "score": 0.9 if toxic else 0.1,
                  "matches": matches}  # fmt: skip
        analyses.append((n, "ru", toxic, 0.9 if toxic else 0.1, intent, "m", "l", "{}",
                         json.dumps(result)))  # fmt: skip
        if intent != "other":
            answered = rng.random() < 0.8
            done = at + timedelta(minutes=rng.expovariate(1 / 45)) if answered else None
            by, kind = ("Админ", "staff_reply") if answered else (None, None)
            threads.append((len(threads) + 1, community, "telegram", chat, str(n), post, "Автор",
                            TEXTS[n % len(TEXTS)], intent, "", at, done, by, kind))  # fmt: skip
    return decisions, analyses, threads


async def _fill(dsn: str, args: argparse.Namespace) -> float:
    import asyncpg

    decisions, analyses, threads = _rows(args, seed=17)
    conn = await asyncpg.connect(dsn)
    try:
        started = time.perf_counter()
        await conn.copy_records_to_table("decisions", records=decisions, columns=(
            "id", "platform", "chat_id", "comment_id", "revision", "community_id", "author_id",
            "verdict", "dry_run", "night", "comment", "decision", "created_at"))  # fmt: skip
        await conn.copy_records_to_table("analyses", records=analyses, columns=(
            "decision_id", "lang", "toxic", "score", "intent", "model_version",
            "lexicon_version", "versions", "result"))  # fmt: skip
        await conn.copy_records_to_table("threads", records=threads, columns=(
            "id", "community_id", "platform", "chat_id", "comment_id", "post_id", "author",
            "text", "intent", "link", "opened_at", "answered_at", "answered_by",
            "answer_kind"))  # fmt: skip
        elapsed = time.perf_counter() - started
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return elapsed


# When the whole page, the chart image included, had loaded (`goto` waits for `load`).
LOADED = "() => performance.getEntriesByType('navigation')[0].loadEventStart"


async def _first_paint(
    base: str, token: str, communities: list[str]
) -> tuple[list[float], list[float]] | str:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return "no chromium on this machine"
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    paints, loads = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for community in communities:
                page = await browser.new_page(viewport={"width": 1100, "height": 900})
                await page.goto(f"{base}/dashboard/{community}?token={token}&days=30")
                paint = await page.evaluate(PAINT)
                paints.append(float(paint) / 1000 if paint is not None else float("nan"))
                loads.append(float(await page.evaluate(LOADED)) / 1000)
                await page.close()
        finally:
            await browser.close()
    return paints, loads


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    ordered = [v for v in ordered if v == v] or [float("nan")]  # drop NaN (no paint entry)
    return (f"p50 {1000 * statistics.median(ordered):.0f} ms, "
            f"max {1000 * ordered[-1]:.0f} ms over {len(ordered)}")  # fmt: skip


async def run(args: argparse.Namespace) -> None:
    import asyncpg

    from bot.http.app import HttpApp
    from bot.http.dashboard import Dashboard

    name = f"kuzet_bench_stats_{uuid.uuid4().hex[:8]}"
    plain = args.pg.replace("+asyncpg", "")
    admin = await asyncpg.connect(plain + "postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{args.pg}{name}"
    try:
        await migrate.upgrade(url)
        clock = Clock()
        db = Database(url)
        repos = build_repositories(db, clock.now)
        ids = [f"c{n:02d}" for n in range(args.communities)]
        for community in ids:
            await repos.communities.save(
                CommunitySettings(community, name=f"Community {community}", language="kk")
            )
        started = time.perf_counter()
        elapsed = await _fill(plain + name, args)
        print(f"generated and stored {args.decisions:,} decisions over {args.days} days for "
              f"{args.communities} communities: COPY {elapsed:.1f} s "
              f"({args.decisions / elapsed:,.0f} decisions/s; "
              f"{time.perf_counter() - started:.1f} s with generation)")  # fmt: skip
        monitoring = Monitoring(
            db, repos, clock, MonitoringConfig(dashboard_token="bench-token-0123456789")
        )
        # A running instance has read every decision before: the tracker starts at the end.
        await monitoring.state.set(DECISIONS_MARK, str(args.decisions))

        started = time.perf_counter()
        stored = await monitoring.aggregate(days_back=1)
        daily = time.perf_counter() - started
        print(f"daily aggregation job (today + yesterday, {stored} community-days): {daily:.2f} s")
        started = time.perf_counter()
        stored = await monitoring.aggregate(days_back=7)
        print(f"the chore's weekly pass ({stored} community-days): "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        started = time.perf_counter()
        stored = await monitoring.aggregate(days_back=89)
        print(f"one-off backfill of 90 days ({stored} community-days): "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip

        timings, queries, cpu = [], [], []
        for community in ids:
            started, cpu_started = time.perf_counter(), time.process_time()
            await monitoring.refresh(community)
            days = await monitoring.days(community, 90)
            queried = time.perf_counter()
            png = await asyncio.to_thread(charts.render, days, "kk", f"{community}: 90")
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            queries.append(queried - started)
            assert len(days) == 90 and png.startswith(b"\x89PNG")
        # The first chart of a process imports matplotlib and builds the figure (see
        # bot/reporting/charts.py): shown apart, the headline is every /stats after it.
        print(f"first /stats 90 of the process (imports matplotlib): "
              f"{1000 * timings[0]:.0f} ms, CPU {1000 * cpu[0]:.0f} ms")  # fmt: skip
        print(f"/stats 90 (refresh + query + chart): {_ms(timings[1:])}; "
              f"of which refresh + query {_ms(queries[1:])}; "
              f"this process's CPU {_ms(cpu[1:])}")  # fmt: skip

        if not args.no_browser:
            http = HttpApp("127.0.0.1", 0)
            Dashboard(monitoring, "bench-token-0123456789").mount(http)
            await http.start()
            try:
                paints = await _first_paint(http.base_url, "bench-token-0123456789", ids[:5])
            finally:
                await http.stop()
            if isinstance(paints, str):
                print(f"dashboard first paint: skipped ({paints})")
            else:
                painted, loaded = paints
                print(f"dashboard first contentful paint (30 days, headless Chromium): "
                      f"{_ms(painted)}; page with its chart loaded: {_ms(loaded)}")  # fmt: skip
        await db.dispose()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--communities", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--pg", default=os.environ.get(
        "KUZET_BENCH_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/"))  # fmt: skip
    parser.add_argument("--no-browser", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
