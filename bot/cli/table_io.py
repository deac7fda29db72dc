"""Reading comment tables (CSV with a `text` column, or JSONL with a `text` field).

Shared by `kuzet scan` and `kuzet moderate`: a bad file is a UserFacingError naming the
file and the line, never a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError

# Comments may be long; the csv module's default 128 KiB field cap would reject them.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Yield each row as a dict; JSONL when the name ends in .jsonl/.json, else CSV."""
    if not path.is_file():
        raise UserFacingError(f"{path}: no such file")
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        yield from _read_jsonl(path)
    else:
        yield from _read_csv(path)


def _read_csv(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise UserFacingError(f"{path}: CSV needs a header with a 'text' column")
        try:
            for row in reader:
                yield {k: v for k, v in row.items() if k is not None}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UserFacingError(f"{path}:{reader.line_num}: unreadable CSV ({exc})") from exc


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserFacingError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise UserFacingError(f"{path}:{number}: each line needs a string 'text' field")
            yield row


def write_jsonl(rows: Iterator[dict[str, Any]] | list[dict[str, Any]], handle: Any) -> int:
    """Write rows as JSON lines (UTF-8, not ASCII-escaped); return how many were written."""
    count = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
