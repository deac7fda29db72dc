"""Figures on a gold set in the corpus format (`text,label,category,intent,lang,script,…`).

Recall per abuse category, recall and false-positive rate per script and language, and
intent accuracy on the clean rows (a toxic comment is hidden, not answered, so its
intent is not scored). The gold set is written for the project and never trained on.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.errors import ClassifierError
from classifiers.evaluation.evaluate import Analyzer, analyze_all
from classifiers.evaluation.metrics import Counts, percent


@dataclass(frozen=True, slots=True)
class GoldRow:
    text: str
    toxic: bool
    category: str
    intent: str
    lang: str
    script: str


@dataclass(frozen=True, slots=True)
class GoldReport:
    overall: Counts
    per_category: Mapping[str, Counts]
    per_script: Mapping[str, Counts]
    per_lang: Mapping[str, Counts]
    intent_correct: int
    intent_rows: int
    intent_confusion: Mapping[tuple[str, str], int]

    @property
    def intent_accuracy(self) -> float | None:
        return self.intent_correct / self.intent_rows if self.intent_rows else None

    def format(self, title: str) -> str:
        lines = [
            f"{title}: {self.overall.rows} rows",
            f"{'group':<22}{'rows':>6}{'toxic':>7}{'recall':>8}{'FP rate':>9}{'prec':>8}{'F1':>8}",
        ]
        groups = [
            ("all", self.overall),
            *((f"category {k}", v) for k, v in sorted(self.per_category.items())),
            *((f"script {k}", v) for k, v in sorted(self.per_script.items())),
            *((f"lang {k}", v) for k, v in sorted(self.per_lang.items())),
        ]
        for name, c in groups:
            lines.append(
                f"{name:<22}{c.rows:>6}{c.positives:>7}{percent(c.recall, 5):>8}"
                f"{percent(c.fp_rate, 5):>9}{percent(c.precision, 5):>8}{percent(c.f1, 5):>8}"
            )
        lines.append(
            f"intent accuracy on clean rows: {percent(self.intent_accuracy, 5)} "
            f"({self.intent_correct}/{self.intent_rows})"
        )
        mistakes = sorted(self.intent_confusion.items(), key=lambda item: -item[1])[:6]
        if mistakes:
            lines.append(
                "  most confused (gold→said): "
                + ", ".join(f"{g}→{s} {n}" for (g, s), n in mistakes)
            )
        return "\n".join(lines)


def read_gold(path: Path) -> list[GoldRow]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ClassifierError(f"cannot read {path}: {exc}") from exc
    if rows and not {"text", "label", "category", "intent"} <= set(rows[0]):
        raise ClassifierError(f"{path}: needs columns text,label,category,intent,lang,script")
    return [
        GoldRow(
            r["text"] or "",
            (r["label"] or "").strip() == "1",
            (r.get("category") or "").strip(),
            (r.get("intent") or "").strip(),
            (r.get("lang") or "").strip() or "all",
            (r.get("script") or "").strip() or "all",
        )
        for r in rows
    ]


def gold_report(rows: Sequence[GoldRow], detector: Analyzer) -> GoldReport:
    analyses = analyze_all(detector, [r.text for r in rows])
    per_category: dict[str, Counts] = defaultdict(Counts)
    per_script: dict[str, Counts] = defaultdict(Counts)
    per_lang: dict[str, Counts] = defaultdict(Counts)
    confusion: dict[tuple[str, str], int] = defaultdict(int)
    correct = intent_rows = 0
    for row, analysis in zip(rows, analyses, strict=True):
        counts = Counts.of([row.toxic], [analysis.toxic])
        per_category[row.category] += counts
        per_script[row.script] += counts
        per_lang[row.lang] += counts
        if not row.toxic and row.intent:
            intent_rows += 1
            said = str(analysis.intent)
            if said == row.intent:
                correct += 1
            else:
                confusion[(row.intent, said)] += 1
    return GoldReport(
        sum(per_category.values(), Counts()),
        dict(per_category),
        dict(per_script),
        dict(per_lang),
        correct,
        intent_rows,
        dict(confusion),
    )
