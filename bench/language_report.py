"""Language detection and normalization figures on the shared datasets (prints numbers).

    .venv/bin/python bench/language_report.py [--datasets ../shared/datasets] [--show N]

For each dataset's test.csv: the share of rows detected as kk / mixed / ru / other, broken
down by the dataset's own `lang` column (for kazsandra a script heuristic only, not ground
truth). Then the cost of normalize + detect_language per comment on the 2ch/pikabu texts
(CPU time, best of 5, cold first pass reported separately).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifiers.language import detect_language
from classifiers.normalize import normalize

DATASETS = ("kazsandra", "ru_toxic_2ch_pikabu")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _report(name: str, rows: list[dict[str, str]], show: int) -> None:
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        lang = str(detect_language(normalize(row["text"])))
        label = row.get("lang") or "?"
        by_label[label][lang] += 1
        by_label["ALL"][lang] += 1
        if len(examples[f"{label}->{lang}"]) < show:
            examples[f"{label}->{lang}"].append(row["text"][:100])
    print(f"\n{name}: {len(rows)} rows")
    for label, counts in sorted(by_label.items()):
        total = sum(counts.values())
        shares = "  ".join(f"{k} {counts[k] / total:6.1%}" for k in ("kk", "mixed", "ru", "other"))
        print(f"  lang={label:<8} n={total:<6} {shares}")
    for key, texts in sorted(examples.items()):
        for text in texts:
            print(f"    [{key}] {text}")


def _best_per_comment(texts: list[str], repeats: int = 5, chunk: int = 200) -> float:
    """Best-of-N CPU time per comment, chunk by chunk: other processes' noise mostly drops out."""
    total = 0.0
    for i in range(0, len(texts), chunk):
        part = texts[i : i + chunk]
        best = float("inf")
        for _ in range(repeats):
            start = time.process_time()
            for text in part:
                detect_language(normalize(text))
            best = min(best, time.process_time() - start)
        total += best
    return total / len(texts) * 1e6


def _speed(texts: list[str]) -> None:
    start = time.process_time()
    for text in texts:
        detect_language(normalize(text))
    cold = (time.process_time() - start) / len(texts) * 1e6
    warm = _best_per_comment(texts)
    numbers = list(range(100))
    start = time.process_time()
    for _ in range(100_000):
        sum(numbers)
    baseline = (time.process_time() - start) / 100_000 * 1e6
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"\nnormalize+detect_language on {len(texts)} comments (mean {mean_len:.0f} chars):")
    print(f"  cold (empty caches) {cold:7.1f} us/comment")
    print(f"  warm (best of 5)    {warm:7.1f} us/comment")
    print(f"  machine yardstick: sum() of 100 ints takes {baseline:.2f} us (~0.35 on an idle core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--show", type=int, default=0, help="example texts per outcome")
    args = parser.parse_args()
    pikabu: list[str] = []
    for name in DATASETS:
        path = args.datasets / name / "test.csv"
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        rows = _rows(path)
        if name == "ru_toxic_2ch_pikabu":
            pikabu = [row["text"] for row in rows]
        _report(name, rows, args.show)
    if pikabu:
        _speed(pikabu)


if __name__ == "__main__":
    main()
