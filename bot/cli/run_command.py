"""`kuzet run --config FILE`: run the bot on every configured platform until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError
from bot.config import ConfigError, load_config

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="run the bot on Telegram and VK")
    run.add_argument("--config", type=Path, default=Path("config.toml"),
                     help="TOML config (see config.example.toml)")
    run.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise UserFacingError(f"invalid config: {exc}") from exc
    logging.getLogger().setLevel(config.log_level)
    _install_redaction(config.secrets())
    for concern in config.concerns:
        log.warning("config: %s", concern)
    return asyncio.run(_serve(config))


async def _serve(config: Any) -> int:
    from bot.app import App, build_kernel
    from bot.sides import SideStartupError
    from bot.storage.errors import StorageError
    from classifiers import ClassifierError

    try:
        kernel = await build_kernel(config)
    except (ClassifierError, StorageError) as exc:
        raise UserFacingError(str(exc)) from exc
    # What is loaded now (models, lexicons, modules) lives as long as the process. Frozen,
    # the cyclic GC stops re-scanning it at every full collection (bench/README.md,
    # "gc.freeze at start-up"; bench/speed.py --no-freeze measures the other way).
    gc.freeze()
    app = App(kernel)
    try:
        await app.start()
    except SideStartupError as exc:
        await app.stop()
        raise UserFacingError(str(exc)) from exc
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("stopping")
        await app.stop()
    return 0


def _install_redaction(secrets: tuple[str, ...]) -> None:
    from bot.logging_redaction import RedactingFilter

    handler_filter = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(handler_filter)
