"""Measuring a detector on labelled CSVs: precision, recall, F1 and FP rate per language.

Public: `evaluate(data, detector) -> EvalReport`, `Counts`.
"""

from classifiers.evaluation.evaluate import EvalReport, evaluate
from classifiers.evaluation.metrics import Counts

__all__ = ["Counts", "EvalReport", "evaluate"]
