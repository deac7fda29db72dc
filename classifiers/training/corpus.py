"""The project's own corpus: checked, de-duplicated seed files and a gold set kept apart.

    python -m classifiers.training.corpus SOURCE.csv... [--gold GOLD.csv] [--out DIR]

Every source row is `text,label,category,intent,lang,script,domain` (see
`classifiers/data/seed/README.md`). Rows are checked (a bad value names its file and
line), then de-duplicated on their *corpus key* — the normalized text with punctuation
collapsed, so "Рахмет!" and "рахмет" are one row. A key seen with two different labels is
dropped everywhere (nobody can say which is right); otherwise the first row wins. The
result is written per language: `corpus_ru.csv` (ru) and `corpus_kk.csv` (kk and mixed).

The gold set is then cleaned against everything the shipped model trains on (these
files plus the older `toxicity.csv`/`intent.csv`): a gold row whose key occurs there is
dropped from the gold set, never the other way round, so the gold figures stay honest.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from classifiers.errors import ModelError
from classifiers.normalize import normalize
from classifiers.training.dataset import read_csv, write_csv
from classifiers.vocabulary import Category, Intent

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seed"
GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold"
COLUMNS = ("text", "label", "category", "intent", "lang", "script", "domain")
CLEAN = "clean"
CATEGORIES = frozenset({CLEAN, *(c.value for c in Category)})
INTENTS = frozenset(i.value for i in Intent)
LANGS = frozenset({"kk", "ru", "mixed"})
SCRIPTS = frozenset({"cyrillic", "rukeyboard", "latin", "translit"})
_PUNCTUATION = re.compile(r"[\W_]+")


def corpus_key(text: str) -> str:
    """What two rows must share to count as the same comment."""
    return _PUNCTUATION.sub(" ", normalize(text).text).strip()


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    label: str
    category: str
    intent: str
    lang: str
    script: str
    domain: str


def _checked(raw: dict[str, str | None], where: str) -> Row:
    values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    values["text"] = " ".join((raw.get("text") or "").split())
    problems = [
        f"{name} {values[name]!r}"
        for name, allowed in (
            ("label", {"0", "1"}),
            ("category", CATEGORIES),
            ("intent", INTENTS),
            ("lang", LANGS),
            ("script", SCRIPTS),
        )
        if values[name] not in allowed
    ]
    if not values["text"]:
        problems.append("empty text")
    elif (values["label"] == "1") == (values["category"] == CLEAN):
        problems.append(f"label {values['label']} with category {values['category']!r}")
    if problems:
        raise ModelError(f"{where}: " + ", ".join(problems))
    return Row(**values)


def read_rows(path: Path) -> list[Row]:
    """Checked rows of one source file; ModelError names the first bad line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ModelError(f"{path}: missing columns {sorted(missing)}")
    return [_checked(raw, f"{path}:{line}") for line, raw in enumerate(reader, start=2)]


@dataclass(frozen=True, slots=True)
class Deduplicated:
    rows: list[Row]
    duplicates: int
    conflicting: int


def deduplicate(rows: Iterable[Row]) -> Deduplicated:
    """First row per corpus key; keys seen with both labels are dropped entirely."""
    first: dict[str, Row] = {}
    labels: dict[str, set[str]] = {}
    total = 0
    for row in rows:
        total += 1
        key = corpus_key(row.text)
        if not key:
            continue
        labels.setdefault(key, set()).add(row.label)
        first.setdefault(key, row)
    kept = [row for key, row in first.items() if len(labels[key]) == 1]
    return Deduplicated(kept, total - len(first), len(first) - len(kept))


def write_rows(path: Path, rows: Sequence[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, COLUMNS, map(asdict, rows))


def keys_of(paths: Iterable[Path]) -> set[str]:
    """The corpus keys of every row of these CSV files."""
    return {corpus_key(row.get("text") or "") for path in paths for row in read_csv(path)[1]}


def build(sources: Sequence[Path], out: Path, gold: Path | None, gold_out: Path) -> list[str]:
    """Write the seed corpus (and the cleaned gold set); returns the lines to print."""
    result = deduplicate(row for path in sources for row in read_rows(path))
    by_file = {
        "corpus_ru.csv": [r for r in result.rows if r.lang == "ru"],
        "corpus_kk.csv": [r for r in result.rows if r.lang != "ru"],
    }
    lines = [
        f"{len(result.rows)} rows kept; {result.duplicates} duplicates and "
        f"{result.conflicting} keys with both labels dropped"
    ]
    for name, rows in by_file.items():
        write_rows(out / name, rows)
        counts = Counter(r.category for r in rows)
        lines.append(f"{name}: {len(rows)} rows {dict(sorted(counts.items()))}")
    if gold is not None:
        seen = keys_of(sorted(out.glob("*.csv")))  # every seed file the model trains on
        gold_rows = deduplicate(read_rows(gold))
        clean = [r for r in gold_rows.rows if corpus_key(r.text) not in seen]
        write_rows(gold_out / gold.name, clean)
        lines.append(
            f"gold {gold.name}: {len(clean)} rows kept; {gold_rows.duplicates} duplicates, "
            f"{gold_rows.conflicting} conflicting and "
            f"{len(gold_rows.rows) - len(clean)} also in training dropped"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sources", type=Path, nargs="+")
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=SEED_DIR)
    parser.add_argument("--gold-out", type=Path, default=GOLD_DIR)
    args = parser.parse_args(argv)
    print("\n".join(build(args.sources, args.out, args.gold, args.gold_out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
