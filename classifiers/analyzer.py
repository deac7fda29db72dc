"""The facade of the detection library: normalize → language → lexicon → model → verdict.

`Detector` holds the loaded lexicon and model; `analyze`/`analyze_many` on the module use a
process-wide default detector built on first use (never at import time). Every step is
guarded: a step that fails reports in `Analysis.errors`, the verdict falls back to what the
other steps found, and `Analysis.needs_review` tells the caller a human should look.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from classifiers.lexicon import Lexicon, LexiconOverlay
from classifiers.model import ModelBundle
from classifiers.steps import Steps
from classifiers.vocabulary import Analysis


class Detector:
    """A loaded lexicon plus a loaded model; cheap to call, safe to share between tasks."""

    def __init__(self, lexicon: Lexicon, model: ModelBundle) -> None:
        self.lexicon = lexicon
        self.model = model
        # One mapping shared by every Analysis this detector makes (read-only by contract;
        # a plain dict so that analyses pickle, e.g. back from a detector process).
        self.versions = {"lexicon": lexicon.version, "model": model.version}

    @classmethod
    def load(cls, model_dir: Path | None = None, lexicon_dir: Path | None = None) -> Detector:
        """Load both resources; raises LexiconError/ModelError with an actionable message."""
        return cls(Lexicon.load(lexicon_dir), ModelBundle.load(model_dir))

    def _steps(self) -> Steps:
        return Steps(self.lexicon, self.model, self.versions)

    def analyze(self, text: str, overlay: LexiconOverlay | None = None) -> Analysis:
        return self._steps().run([text], overlay)[0]

    def analyze_many(
        self, texts: Iterable[str], overlay: LexiconOverlay | None = None
    ) -> list[Analysis]:
        """Batched analysis: the same results as `analyze` one by one, computed together.

        Each step runs over the whole batch; the model scores every non-empty text in one
        call. A step that fails for one text reports in that text's `errors` only.
        """
        return self._steps().run(list(texts), overlay)


_default: Detector | None = None
_default_lock = threading.Lock()


def load(model_dir: Path | None = None, lexicon_dir: Path | None = None) -> Detector:
    """Load (or reload) the process-wide default detector explicitly."""
    global _default
    detector = Detector.load(model_dir, lexicon_dir)
    with _default_lock:
        _default = detector
    return detector


def default_detector() -> Detector:
    """The process-wide detector, loaded on first use from the bundled data."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Detector.load()
    return _default


def analyze(text: str, overlay: LexiconOverlay | None = None) -> Analysis:
    """Analyze one comment with the default detector."""
    return default_detector().analyze(text, overlay)


def analyze_many(texts: Iterable[str], overlay: LexiconOverlay | None = None) -> list[Analysis]:
    """Analyze many comments at once with the default detector (same results, faster)."""
    return default_detector().analyze_many(texts, overlay)
