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
from bot.pipeline.faults import describe_fault, is_database_fault

# Start-up gives up on an unreachable database after this long, with one clear line.
STARTUP_TIMEOUT = 25.0

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="run the bot on Telegram and VK")
    run.add_argument(
        "--config",
        type=Path,
        default=Path("config.toml"),
        help="TOML config (see config.example.toml)",
    )
    run.add_argument(
        "--role",
        choices=("all", "ingest", "worker"),
        default="all",
        help="all: everything in one process (default); ingest: receive events, "
        "post cards and replies; worker: moderate the shared inbox "
        "(PostgreSQL; run as many as needed)",
    )
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
    role = getattr(args, "role", "all")
    if role != "all" and not config.database.url.startswith("postgresql"):
        raise UserFacingError(
            f"--role {role} needs a database shared by every process: set [database] url "
            "to postgresql+asyncpg://USER@HOST:PORT/DB (SQLite serves --role all only)"
        )
    pool = _start_detectors(config) if role != "ingest" else None
    try:
        return asyncio.run(_serve(config, role, pool))
    finally:
        if pool is not None:  # closed by the app when it started; idempotent
            pool.close()


def _start_detectors(config: Any) -> Any:
    """The worker's detector processes, spawned before anything else is imported or
    connected: they load the detector on the other core(s) while this process imports
    aiogram and the app, migrates and starts polling. `App.start` waits for them."""
    detection = config.detection
    if not detection.processes:
        return None
    from bot.model_versions import model_dir
    from bot.pipeline.process_analyzer import ProcessBatchAnalyzer

    return ProcessBatchAnalyzer(
        detection.processes,
        str(model_dir(detection) or "") or None,
        detection.lexicon_dir or None,
        wait=False,
    )


async def _serve(config: Any, role: str = "all", pool: Any = None) -> int:
    from bot.app import App, build_kernel
    from bot.sides import SideStartupError
    from bot.storage.errors import StorageError
    from classifiers import ClassifierError

    try:
        kernel = await asyncio.wait_for(build_kernel(config), STARTUP_TIMEOUT)
    except (ClassifierError, StorageError) as exc:
        raise UserFacingError(str(exc)) from exc
    except Exception as exc:
        if isinstance(exc, TimeoutError | OSError) or is_database_fault(exc):
            raise UserFacingError(
                f"the database at {_where(config.database.url)} is unreachable "
                f"({describe_fault(exc, _password(config.database.url)) or 'timed out'}): "
                "check [database] url and that the server is running"
            ) from None
        raise
    # What is loaded now (models, lexicons, modules) lives as long as the process. Frozen,
    # the cyclic GC stops re-scanning it at every full collection (bench/README.md,
    # "gc.freeze at start-up"); a detector process does the same once loaded.
    gc.freeze()
    app = App(kernel, role=role, detector_pool=pool)
    try:
        await app.start()
    except (SideStartupError, ClassifierError) as exc:  # ClassifierError: a detector process
        await app.stop()
        raise UserFacingError(str(exc)) from exc
    except Exception as exc:
        await app.stop()
        if not isinstance(exc, OSError) or is_database_fault(exc):
            if not is_database_fault(exc):
                raise
            raise UserFacingError(
                f"the database at {_where(config.database.url)} went away during start-up "
                f"({describe_fault(exc, _password(config.database.url))}): start again once "
                "it is back"
            ) from None
        http = config.http
        raise UserFacingError(
            f"cannot listen on {http.host}:{http.port} ({exc.strerror or exc}): another "
            "process holds the port; set [http] port to a free one, or stop the other process"
        ) from None
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


def _where(url: str) -> str:
    """The database URL without its password, for a message."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "[database] url"


def _password(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).password
    except Exception:
        return None


def _install_redaction(secrets: tuple[str, ...]) -> None:
    from bot.logging_redaction import RedactingFilter

    handler_filter = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(handler_filter)
