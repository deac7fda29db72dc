"""`kuzet` entry point: one sub-command per job, each in its own module.

Every sub-command returns an exit code; errors a user can fix (a missing file, a broken
model, bad config) are printed as one clear line on stderr with exit code 2, never as a
traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from bot.cli import detection_commands
from bot.cli.problems import UserFacingError

COMMANDS = (detection_commands,)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kuzet",
        description="Kuzet: comment moderation for Kazakh and Russian communities.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in [*COMMANDS, *_optional_commands()]:
        module.register(sub)
    return parser


def _optional_commands() -> list[Any]:
    """Commands whose modules land with later features; absent ones are simply not offered."""
    import importlib

    found: list[Any] = []
    for name in (
        "bot.cli.pipeline_commands",
        "bot.cli.run_command",
        "bot.cli.doctor",
        "bot.cli.report_commands",
        "bot.cli.learn_command",
    ):
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # Migrations and dictionary loading are routine; their INFO lines drown the output.
        for noisy in ("alembic", "pymorphy3"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return int(args.handler(args))
    except UserFacingError as exc:
        print(f"kuzet: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
