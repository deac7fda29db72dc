"""`evaluate(...)`: precision, recall, F1 and FP rate of a detector on a labelled CSV.

The CSV is `text,label[,lang]` (label 1 = toxic). Figures are computed on the library's
own verdict (`Analysis.toxic`), overall and per value of the dataset's `lang` column
(e.g. kk / kk_or_ru / latn / ru), so a regression in one language is not averaged away.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from classifiers.errors import ClassifierError
from classifiers.evaluation.metrics import Counts, percent
from classifiers.vocabulary import Analysis

# Texts analyzed per call: a large file is not held in memory as analyses all at once.
BATCH = 512


class Analyzer(Protocol):
    def analyze_many(self, texts: Iterable[str]) -> list[Analysis]: ...


def analyze_all(detector: Analyzer, texts: Sequence[str]) -> list[Analysis]:
    """`detector.analyze_many` over `texts`, `BATCH` at a time."""
    analyses: list[Analysis] = []
    for start in range(0, len(texts), BATCH):
        analyses += detector.analyze_many(texts[start : start + BATCH])
    return analyses


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Figures for one dataset; `format()` is what `kuzet eval` prints."""

    data: Path
    overall: Counts
    per_lang: Mapping[str, Counts]
    seconds: float

    def format(self) -> str:
        lines = [
            f"{self.data} ({self.overall.rows} rows, {self.seconds:.1f}s)",
            f"{'lang':<10}{'rows':>7}{'toxic':>7}{'prec':>8}{'recall':>8}{'F1':>8}"
            f"{'FP rate':>9}{'flagged':>9}",
        ]
        for lang, c in [("all", self.overall), *sorted(self.per_lang.items())]:
            lines.append(
                f"{lang:<10}{c.rows:>7}{c.positives:>7}{percent(c.precision):>8}"
                f"{percent(c.recall):>8}{percent(c.f1):>8}{percent(c.fp_rate):>9}"
                f"{percent(c.flagged_share):>9}"
            )
        return "\n".join(lines)


def read_labelled(data: Path, text_column: str = "text") -> list[tuple[str, bool, str]]:
    """(text, toxic, lang) rows; a missing label column means every row is toxic."""
    try:
        with data.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            fields = reader.fieldnames or []
    except OSError as exc:
        raise ClassifierError(f"cannot read {data}: {exc}") from exc
    if text_column not in fields:
        raise ClassifierError(f"{data}: no {text_column!r} column (has {fields})")
    return [
        (
            row[text_column] or "",
            (row.get("label") or "1").strip().lower() in {"1", "1.0", "true"},
            (row.get("lang") or "all").strip() or "all",
        )
        for row in rows
    ]


def evaluate(data: Path, detector: Analyzer, *, text_column: str = "text") -> EvalReport:
    """Run the detector over the CSV in batches and count hits per language."""
    rows = read_labelled(data, text_column)
    started = time.perf_counter()
    analyses = analyze_all(detector, [text for text, _, _ in rows])
    per_lang: dict[str, Counts] = defaultdict(Counts)
    for (_, actual, lang), analysis in zip(rows, analyses, strict=True):
        per_lang[lang] += Counts.of([actual], [analysis.toxic])
    overall = sum(per_lang.values(), Counts())
    return EvalReport(data, overall, dict(per_lang), time.perf_counter() - started)
