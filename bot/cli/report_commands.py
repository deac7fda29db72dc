"""`kuzet stats backfill` and `kuzet report`: daily aggregates from the command line.

Both open the configured database (migrating it first) without starting the bot or
loading the detector, so they are quick to run next to a live instance.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError


def register(sub: Any) -> None:
    stats = sub.add_parser("stats", help="daily community aggregates")
    actions = stats.add_subparsers(dest="stats_command", required=True, metavar="ACTION")
    backfill = actions.add_parser("backfill", help="recompute every day from the stored records")
    backfill.add_argument("--config", type=Path, default=Path("config.toml"))
    backfill.add_argument("--community", help="only this community (default: all)")
    backfill.set_defaults(handler=run_backfill)

    report = sub.add_parser("report", help="a community's daily figures as CSV or HTML")
    report.add_argument("--config", type=Path, default=Path("config.toml"))
    report.add_argument("--community", required=True, help="community id from the config")
    report.add_argument("--days", type=int, default=30, help="how many days up to today (1-366)")
    report.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.html")
    report.add_argument("--lang", choices=("kk", "ru", "en"),
                        help="language of the HTML report (default: the community's)")  # fmt: skip
    report.set_defaults(handler=run_report)


async def _monitoring(config_path: Path) -> Any:
    from bot.clock import SystemClock
    from bot.config import ConfigError, load_config
    from bot.config.communities import community_settings
    from bot.reporting.monitor import Monitoring
    from bot.storage import Database
    from bot.storage.migrate import upgrade
    from bot.storage.repositories import build_repositories

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise UserFacingError(f"invalid config: {exc}") from exc
    await upgrade(config.database.url)
    db = Database(config.database.url)
    clock = SystemClock()
    repos = build_repositories(db, clock.now)
    for community in config.communities:
        if await repos.communities.get(community.id) is None:
            await repos.communities.save(community_settings(community))
    staff = frozenset(str(a) for a in config.telegram.admins)
    return Monitoring(db, repos, clock, config.monitoring, extra_staff=staff)


def run_backfill(args: argparse.Namespace) -> int:
    async def backfill() -> int:
        monitoring = await _monitoring(args.config)
        try:
            if args.community and await monitoring.repos.communities.get(args.community) is None:
                raise UserFacingError(f"no community {args.community!r} in {args.config}")
            return int(await monitoring.backfill(args.community))
        finally:
            await monitoring.db.dispose()

    days = asyncio.run(backfill())
    print(f"stored {days} community-day(s)")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from bot.reporting.export import to_csv, to_html

    if not 1 <= args.days <= 366:
        raise UserFacingError(f"--days: expected 1..366, got {args.days}")
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".html"):
        raise UserFacingError(f"--out: expected a .csv or .html file, got {args.out}")

    async def report() -> str:
        monitoring = await _monitoring(args.config)
        try:
            settings = await monitoring.repos.communities.get(args.community)
            if settings is None:
                raise UserFacingError(f"no community {args.community!r} in {args.config}")
            await monitoring.refresh(args.community)
            days = await monitoring.days(args.community, args.days)
            if suffix == ".csv":
                return to_csv(days)
            name = settings.name or settings.community_id
            return to_html(name, args.lang or settings.language, args.days, days)
        finally:
            await monitoring.db.dispose()

    text = asyncio.run(report())
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserFacingError(f"cannot write {args.out}: {exc.strerror}") from exc
    print(f"report: {args.out}")
    return 0
