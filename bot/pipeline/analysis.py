"""The detector as the pipeline calls it: a community's word-list edits become a
`LexiconOverlay`, and a whole batch of texts is analyzed in one `analyze_many` call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from classifiers.lexicon import LexiconOverlay, OverlayTerm
from classifiers.vocabulary import Analysis
from moderation.records import OverlayMode, WordOverlayEntry

# (texts, overlay) → analyses in the same order; `classifiers.analyze_many` by default.
BatchAnalyzer = Callable[[Sequence[str], LexiconOverlay | None], list[Analysis]]


def overlay_of(words: Sequence[WordOverlayEntry]) -> LexiconOverlay | None:
    """A community's admin edits as the detector's overlay; None when there are none."""
    if not words:
        return None
    return LexiconOverlay(
        added=tuple(
            OverlayTerm(w.term, w.category, w.severity) for w in words if w.mode is OverlayMode.ADD
        ),
        removed=frozenset(w.term for w in words if w.mode is OverlayMode.REMOVE),
        allowed=frozenset(w.term for w in words if w.mode is OverlayMode.ALLOW),
    )


def default_batch_analyzer() -> BatchAnalyzer:
    """`classifiers.analyze_many` (imported late: loading the detector is the slow part)."""
    from classifiers import analyze_many

    def analyze(texts: Sequence[str], overlay: LexiconOverlay | None) -> list[Analysis]:
        return analyze_many(texts, overlay)

    return analyze
