"""`kuzet learn`: retrain from moderators' verdicts, promote only if not worse; roll back.

    kuzet learn --config FILE [--community ID] [--datasets DIR]
    kuzet learn --config FILE --status | --rollback

Needs `[detection] model_store` in the config. A running bot picks a promoted version up
at its next weekly check or restart; `/model rollback` in Telegram switches it at once.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError
from bot.config import ConfigError, load_config


def register(sub: Any) -> None:
    learn = sub.add_parser(
        "learn", help="retrain the model on moderators' verdicts; promote only if not worse"
    )
    learn.add_argument(
        "--config",
        type=Path,
        default=Path("config.toml"),
        help="TOML config (see config.example.toml)",
    )
    learn.add_argument(
        "--community", default=None, help="learn from this community's verdicts only (default: all)"
    )
    learn.add_argument(
        "--datasets",
        type=Path,
        default=None,
        help="public datasets directory: adds their shippable train splits "
        "and measures on their test splits",
    )
    action = learn.add_mutually_exclusive_group()
    action.add_argument(
        "--status",
        action="store_true",
        help="show the active model version and the ones kept for rollback",
    )
    action.add_argument(
        "--rollback", action="store_true", help="make the previous version active again"
    )
    learn.set_defaults(handler=run_learn)  # fmt: skip


def run_learn(args: argparse.Namespace) -> int:
    from bot.model_versions import model_store
    from classifiers import ClassifierError

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise UserFacingError(f"invalid config: {exc}") from exc
    store = model_store(config.detection)
    if store is None:
        raise UserFacingError("set [detection] model_store in the config to keep learned models")
    try:
        if args.status:
            print(status(store))
            return 0
        if args.rollback:
            state = store.rollback()
            print(f"active model: {state.active} (restart the bot, or use /model rollback)")
            return 0
        print(asyncio.run(_learn(config, args.community, args.datasets)))
    except ClassifierError as exc:
        raise UserFacingError(str(exc)) from exc
    return 0


def status(store: Any) -> str:
    state = store.state()
    if state.active is None:
        return "no learned model yet: the bot uses the bundled one"
    lines = [f"active: {state.active}"]
    lines += [f"previous: {version}" for version in state.previous]
    return "\n".join(lines)


async def _learn(config: Any, community: str | None, datasets: Path | None) -> str:
    from bot.clock import SystemClock
    from bot.model_versions import LearnJob, learn_from_verdicts, model_store
    from bot.storage import Database
    from bot.storage.migrate import upgrade
    from bot.storage.repositories.learning import SqlTrainingSampleRepository

    await upgrade(config.database.url)
    db = Database(config.database.url)
    try:
        store = model_store(config.detection)
        assert store is not None
        job = LearnJob(store, SqlTrainingSampleRepository(db), SystemClock(), datasets)
        result = await learn_from_verdicts(job, community)
    finally:
        await db.dispose()
    return result.format()
