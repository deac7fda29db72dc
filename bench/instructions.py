"""CPU instructions per comment of `analyze_many`, counted by valgrind: a figure that does
not move with the machine's load.

    .venv/bin/python bench/instructions.py [--datasets DIR] [--texts N] [--batch B]

On a shared VM the same code's comments/s has swung 2-3x between sessions and 20-50%
between runs minutes apart, too much to tell a 3% change. An instruction count is
repeatable to about 0.01% (PYTHONHASHSEED fixed) and answers "did this change remove
work?"; it says nothing about memory stalls, so `speed.py` stays the figure that counts.

The script re-runs itself under `valgrind --tool=callgrind` with collection switched on
only inside `sys.call_tracing`, which the timed part alone calls, so loading the models
and warming the caches (all the texts once) are not counted. (`functools.reduce` served
until a library called it too: importlib's entry-point loading, reached when pymorphy3
finds its dictionaries, was counted in with the comments.) Needs valgrind; takes about
six minutes here (numba's start-up under valgrind is most of it).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def _texts(datasets: Path, limit: int) -> list[str]:
    with (datasets / "ru_toxic_2ch_pikabu" / "test.csv").open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)][:limit]


def _measured(args: argparse.Namespace) -> int:
    """The part valgrind counts: every batch of `analyze_many` once, caches warm."""
    from classifiers import Detector

    texts = _texts(args.datasets, args.texts)
    detector = Detector.load()
    detector.analyze_many(texts)

    def run() -> None:
        for start in range(0, len(texts), args.batch):
            detector.analyze_many(texts[start : start + args.batch])

    sys.call_tracing(run, ())  # collection is on inside call_tracing only
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kuzet instruction count per comment")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--texts", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inside:
        return _measured(args)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=sys_call_tracing",
            f"--callgrind-out-file={tmp}/callgrind.out",
            sys.executable,
            __file__,
            "--inside",
            f"--datasets={args.datasets}",
            f"--texts={args.texts}",
            f"--batch={args.batch}",
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"Collected\s*:\s*(\d+)|refs:\s*([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    total = int((found.group(1) or found.group(2)).replace(",", ""))
    print(
        f"analyze_many over {args.texts} texts (batches of {args.batch}), caches warm: "
        f"{total / args.texts:,.0f} instructions per comment"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
