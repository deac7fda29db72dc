"""`evaluate(...)`: precision, recall, F1 and FP rate of a detector on a labelled CSV.

The CSV is `text,label[,lang]` (label 1 = toxic). Figures are computed on the library's
own verdict (`Analysis.toxic`), overall and per value of the dataset's `lang` column
(e.g. kk / kk_or_ru / latn / ru), so a regression in one language is not averaged away.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from classifiers.errors import ClassifierError
from classifiers.evaluation.metrics import Counts
from classifiers.vocabulary import Analysis

Verdicts = Callable[[Sequence[str]], Sequence[bool]]
BATCH = 512


class Analyzer(Protocol):
    def analyze_many(self, texts: Iterable[str]) -> list[Analysis]: ...


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


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
                f"{lang:<10}{c.rows:>7}{c.positives:>7}{_pct(c.precision):>8}"
                f"{_pct(c.recall):>8}{_pct(c.f1):>8}{_pct(c.fp_rate):>9}"
                f"{_pct(c.flagged_share):>9}"
            )
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "data": str(self.data),
            "overall": self.overall.to_json(),
            "per_lang": {k: v.to_json() for k, v in sorted(self.per_lang.items())},
        }


def as_verdicts(detector: Analyzer | Verdicts) -> Verdicts:
    """A detector (anything with `analyze_many`) or a plain texts → verdicts callable."""
    analyze_many = getattr(detector, "analyze_many", None)
    if analyze_many is not None:
        return lambda texts: [analysis.toxic for analysis in analyze_many(texts)]
    return detector  # type: ignore[return-value]


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
    result = []
    for row in rows:
        label = (row.get("label") or "1").strip().lower()
        result.append(
            (
                row[text_column] or "",
                label in {"1", "1.0", "true"},
                (row.get("lang") or "all").strip() or "all",
            )
        )
    return result


def evaluate(data: Path, detector: Analyzer | Verdicts, *, text_column: str = "text") -> EvalReport:
    """Run the detector over the CSV in batches and count hits per language."""
    rows = read_labelled(data, text_column)
    verdicts = as_verdicts(detector)
    started = time.perf_counter()
    predicted: list[bool] = []
    for start in range(0, len(rows), BATCH):
        chunk = [text for text, _, _ in rows[start : start + BATCH]]
        answers = list(verdicts(chunk))
        if len(answers) != len(chunk):
            raise ClassifierError(f"detector returned {len(answers)} verdicts for {len(chunk)}")
        predicted.extend(bool(a) for a in answers)
    per_lang: dict[str, Counts] = defaultdict(Counts)
    for (_, actual, lang), guess in zip(rows, predicted, strict=True):
        per_lang[lang] += Counts.of([actual], [guess])
    overall = sum(per_lang.values(), Counts())
    return EvalReport(data, overall, dict(per_lang), time.perf_counter() - started)
