"""Kuzet's text-analysis library: is this comment abusive, in what language, and why?

Public API: `analyze`, `analyze_many`, `load`, `Detector` and the vocabulary types.
Nothing heavy happens at import time: the facade (and with it scikit-learn, pymorphy3 and
the data files) is imported on first use of one of its names, and lexicons and models load
on first analysis or on an explicit `load(...)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from classifiers.errors import ClassifierError, LexiconError, ModelError
from classifiers.vocabulary import Analysis, Category, Intent, Lang, Match

if TYPE_CHECKING:
    from classifiers.analyzer import Detector, analyze, analyze_many, default_detector, load

_FACADE = ("Detector", "analyze", "analyze_many", "default_detector", "load")

__all__ = [
    "Analysis",
    "Category",
    "ClassifierError",
    "Detector",
    "Intent",
    "Lang",
    "LexiconError",
    "Match",
    "ModelError",
    "analyze",
    "analyze_many",
    "default_detector",
    "load",
]


def __getattr__(name: str) -> Any:
    if name in _FACADE:
        from classifiers import analyzer

        return getattr(analyzer, name)
    raise AttributeError(f"module 'classifiers' has no attribute {name!r}")
