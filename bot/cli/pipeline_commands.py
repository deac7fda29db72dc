"""`kuzet moderate`: the full pipeline over a CSV/JSONL file on the embedded database."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import tempfile
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError
from bot.cli.table_io import read_rows, write_jsonl


def register(sub: Any) -> None:
    moderate = sub.add_parser(
        "moderate",
        help="run the full pipeline over a file of comments (SQLite, recording gateway)",
    )
    moderate.add_argument("file", type=Path, help="CSV/JSONL with text[, author, chat, lang]")
    moderate.add_argument("--report", type=Path, help="write decisions here (.jsonl or .csv)")
    moderate.add_argument(
        "--db", type=Path, help="SQLite file to use (default: a fresh temporary one)"
    )
    moderate.add_argument(
        "--dry-run",
        action="store_true",
        help="decide and report, mark every action as not executed",
    )
    moderate.add_argument(
        "--language",
        choices=("kk", "ru", "en"),
        default="ru",
        help="language of the moderator cards (without --config)",
    )
    moderate.add_argument(
        "--config",
        type=Path,
        help="a Kuzet config: rows whose chat is a configured chat (or "
        "'vk:<group id>') use that community's profile, language, "
        "thresholds, night window and FAQ; other rows use the first",
    )
    moderate.add_argument(
        "--cards",
        action="store_true",
        help="print every card as the moderators' chat would show it",
    )
    moderate.set_defaults(handler=run_moderate)


def run_moderate(args: argparse.Namespace) -> int:
    from bot.offline.moderate_run import ModerateOptions, moderate, summarize

    rows = list(read_rows(args.file))
    if not rows:
        raise UserFacingError(f"{args.file}: no rows to moderate")
    with tempfile.TemporaryDirectory(prefix="kuzet-") as scratch:
        db_path = args.db or Path(scratch) / "kuzet.sqlite3"
        options = ModerateOptions(
            database_url=f"sqlite+aiosqlite:///{db_path}",
            dry_run=args.dry_run,
            language=args.language,
        )
        if args.config:
            from bot.offline.configured import configured_options

            options = asyncio.run(configured_options(args.config, options))
        result = asyncio.run(moderate(rows, options))
    print(summarize(result.rows))
    if args.cards:
        for message in result.messages:
            print(f"\n── {message.message_id} ──\n{message.format()}")
        print()
    asking = sum(1 for message in result.messages if message.buttons)
    print(
        f"rows {len(result.rows)}, new in the inbox {result.new}, "
        f"platform calls {result.calls}, moderator cards {result.cards} "
        f"({asking} asking for a decision)"
    )
    if args.report:
        _write_report(args.report, result.rows)
        print(f"report: {args.report}")
    return 0


def _write_report(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        columns = [
            "key",
            "text",
            "author",
            "chat",
            "lang",
            "verdict",
            "score",
            "intent",
            "categories",
            "reasons",
            "actions",
            "draft",
            "card",
        ]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(row.get(k)) for k in columns})
        return
    with path.open("w", encoding="utf-8") as handle:
        write_jsonl(rows, handle)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
