"""Binary detection figures: precision, recall, F1 and false-positive rate from counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    """A confusion matrix for "toxic" (positive) versus "clean"."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @classmethod
    def of(cls, truth: Iterable[bool], predicted: Iterable[bool]) -> Counts:
        tp = fp = tn = fn = 0
        for actual, guess in zip(truth, predicted, strict=True):
            if actual and guess:
                tp += 1
            elif guess:
                fp += 1
            elif actual:
                fn += 1
            else:
                tn += 1
        return cls(tp, fp, tn, fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp, self.fp + other.fp, self.tn + other.tn, self.fn + other.fn
        )

    @property
    def rows(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator and self.positives else None

    @property
    def fp_rate(self) -> float | None:
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else None

    @property
    def flagged_share(self) -> float | None:
        return (self.tp + self.fp) / self.rows if self.rows else None

    def to_json(self) -> dict[str, float | int | None]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "rows": self.rows,
            "tp": self.tp,
            "fp": self.fp,
            "tn": self.tn,
            "fn": self.fn,
            "precision": r(self.precision),
            "recall": r(self.recall),
            "f1": r(self.f1),
            "fp_rate": r(self.fp_rate),
        }


def percent(value: float | None, width: int = 0) -> str:
    """A figure as the reports print it: "12.3%", or "-" when it is undefined."""
    return "-" if value is None else f"{100 * value:{width}.1f}%"
