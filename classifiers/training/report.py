"""What a training run reports back: the chosen settings and the hold-out figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifiers.evaluation.metrics import percent


@dataclass(frozen=True, slots=True)
class TrainReport:
    """Result of `train(...)`; `format()` is what `kuzet train` prints."""

    out: Path
    rows: int
    c: float
    threshold: float
    lang_counts: Mapping[str, Mapping[str, int]]
    trusted_langs: tuple[str, ...]
    validation: Mapping[str, Any]
    intent_accuracy: float | None
    data_sha256: str
    artifact_sha256: str
    seconds: float
    category_accuracy: float | None = None

    def format(self) -> str:
        lines = [
            f"model written to {self.out} ({self.rows} rows, {self.seconds:.1f}s)",
            f"C={self.c:g}  threshold={self.threshold:.4f}  "
            f"data sha256={self.data_sha256[:16]}…  artifact sha256={self.artifact_sha256[:16]}…",
            "",
            f"{'lang':<8}{'toxic':>7}{'clean':>7}  trusted",
        ]
        for lang, counts in self.lang_counts.items():
            trusted = "yes" if lang in self.trusted_langs else "no"
            lines.append(f"{lang:<8}{counts['toxic']:>7}{counts['clean']:>7}  {trusted}")
        lines += [
            "",
            f"hold-out ({self.validation.get('validation_rows', 0)} rows):",
            f"{'lang':<8}{'rows':>6}{'prec':>8}{'recall':>8}{'F1':>8}{'FP rate':>9}",
        ]
        groups = {"all": self.validation.get("overall", {}), **self.validation.get("per_lang", {})}
        for lang, m in groups.items():
            lines.append(
                f"{lang:<8}{m.get('rows', 0):>6}{percent(m.get('precision')):>8}"
                f"{percent(m.get('recall')):>8}{percent(m.get('f1')):>8}{percent(m.get('fp_rate')):>9}"
            )
        lines.append(f"intent hold-out accuracy: {percent(self.intent_accuracy)}")
        if self.category_accuracy is not None:
            lines.append(f"category hold-out accuracy: {percent(self.category_accuracy)}")
        return "\n".join(lines)
