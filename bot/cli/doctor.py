"""`kuzet doctor --config FILE`: is this installation ready to run? One checklist.

It checks, in order: the config (validation, then its warnings), the database (reachable,
schema revision), the HTTP port, every Telegram chat (bot present, admin, each right the
bot uses) and every VK community (both tokens, their rights, the Callback server settings).
Each ✗ carries the one-line fix. Nothing is changed anywhere — no migration, no webhook,
no message — so it is safe to run next to a running bot. Exit code 0 when nothing failed
(warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

from bot.cli.checklist import Check, exit_code, render
from bot.config import Config, ConfigError, load_config


def register(sub: Any) -> None:
    doctor = sub.add_parser("doctor", help="check config, database, port, Telegram and VK rights")
    doctor.add_argument(
        "--config",
        type=Path,
        default=Path("config.toml"),
        help="TOML config (see config.example.toml)",
    )
    doctor.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    found, config = diagnose_config(args.config)
    if config is not None:
        _install_redaction(config)
        found += asyncio.run(diagnose(config))
    print(render(found))
    code = exit_code(found)
    print("\nAll checks passed." if code == 0 else "\nSome checks failed: fix the ✗ lines above.")
    return code


def diagnose_config(path: Path) -> tuple[list[Check], Config | None]:
    """The config's checks, and the config when it is valid (the other checks need it)."""
    try:
        config = load_config(path)
    except ConfigError as exc:
        return [Check.fail(f"Config {path} is valid", str(exc))], None
    checks = [Check.ok(f"Config {path} is valid")]
    checks += [
        Check.warn(f"Config: {concern.split(':')[0]}", concern) for concern in config.concerns
    ]
    return checks, config


async def diagnose(config: Config) -> list[Check]:
    """Every check after the config's, in the order a reader fixes them."""
    # Imported here: `kuzet` imports every command's module to build its parser, and these
    # bring aiogram (seconds of start-up) — `kuzet run` must not wait for them first.
    from bot.cli.local_checks import database_checks, port_check
    from bot.cli.telegram_checks import telegram_checks
    from bot.cli.vk_checks import vk_checks

    checks = await database_checks(config)
    checks += port_check(config)
    checks += await telegram_checks(config)
    checks += await vk_checks(config)
    return checks


def _install_redaction(config: Config) -> None:
    """Errors quoted from the platforms may echo a token; no secret reaches the screen."""
    from bot.logging_redaction import RedactingFilter

    handler_filter = RedactingFilter(config.secrets())
    for handler in logging.getLogger().handlers:
        handler.addFilter(handler_filter)
