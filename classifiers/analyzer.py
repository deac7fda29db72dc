"""The facade of the detection library: normalize → language → lexicon → model → verdict.

`Detector` holds the loaded lexicon and model; `analyze`/`analyze_many` on the module use a
process-wide default detector built on first use (never at import time). Every step is
guarded: a step that fails reports in `Analysis.errors`, the verdict falls back to what the
other steps found, and `Analysis.needs_review` tells the caller a human should look.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import cast

from classifiers.errors import ModelError
from classifiers.fastpath import COMPILED, Front, FrontEnd
from classifiers.lexicon import Lexicon, LexiconOverlay
from classifiers.lexicon.words import INERT
from classifiers.model import ModelBundle
from classifiers.normalize import Normalized
from classifiers.steps import Errors, Steps
from classifiers.vocabulary import Analysis, Intent, Lang, Match

_log = logging.getLogger(__name__)
# The front end's fixed cost per batch (a few dozen compiled and numpy calls, some 70 µs)
# outweighs what it saves per text below about this many texts (measured: break-even at
# 4-8): smaller batches, `analyze` among them, take the reference path.
FRONT_MIN_BATCH = 8


class Detector:
    """A loaded lexicon plus a loaded model; cheap to call, safe to share between tasks."""

    def __init__(
        self,
        lexicon: Lexicon,
        model: ModelBundle,
        fast: bool | None = None,
        front_end: FrontEnd | None = None,
    ) -> None:
        """`fast`: read batches with the compiled front end (`classifiers.fastpath`;
        default: when numba is installed); False: the reference path only. `front_end`:
        the one to use (implies fast)."""
        self.lexicon = lexicon
        self.model = model
        available = COMPILED and model.scorer.compiled
        use_front = front_end is not None or (available if fast is None else fast)
        if use_front and not available:
            raise ModelError("the fast path needs numba, which is not installed")
        self._front = (front_end or FrontEnd()) if use_front else None
        self.versions = {"lexicon": lexicon.version, "model": model.version}
        # One mapping shared by every Analysis this detector makes (read-only by contract;
        # a plain dict so that analyses pickle, e.g. back from a detector process).
        self._versions: Mapping[str, str] = dict(self.versions)

    @classmethod
    def load(cls, model_dir: Path | None = None, lexicon_dir: Path | None = None) -> Detector:
        """Load both resources; raises LexiconError/ModelError with an actionable message."""
        return cls(Lexicon.load(lexicon_dir), ModelBundle.load(model_dir))

    def _steps(self) -> Steps:
        return Steps(self.lexicon, self.model, self._versions)

    def analyze(self, text: str, overlay: LexiconOverlay | None = None) -> Analysis:
        return self.analyze_many([text], overlay)[0]

    def analyze_many(
        self, texts: Iterable[str], overlay: LexiconOverlay | None = None
    ) -> list[Analysis]:
        """Batched analysis: the same results as `analyze` one by one, computed together.

        Each step runs over the whole batch; the model scores every non-empty text in one
        call. A step that fails for one text reports in that text's `errors` only.
        """
        items = list(texts)
        front = self._front
        if (
            front is not None
            and len(items) >= FRONT_MIN_BATCH
            and all(isinstance(item, str) for item in items)
        ):
            try:
                with front.lock:
                    return self._analyze_front(front, items, overlay)
            except Exception:  # a fault of the front end costs speed, never a result
                _log.exception("the batch front end failed; analysing on the reference path")
        return self._steps().reference(items, overlay)

    def _analyze_front(
        self, front_end: FrontEnd, items: list[str], overlay: LexiconOverlay | None
    ) -> list[Analysis]:
        """`analyze_many` with normalization, language and the model's input compiled
        (`FrontEnd`); the texts it does not take go the reference way."""
        front = front_end.read(items, self.lexicon)
        docs = front.docs
        taken = [i for i, doc in enumerate(docs) if doc is not None]
        results: list[Analysis | None] = [None] * len(items)
        if len(taken) < len(items):
            rest = [i for i, doc in enumerate(docs) if doc is None]
            for i, result in zip(
                rest, self._steps().reference([items[i] for i in rest], overlay), strict=True
            ):
                results[i] = result
        if taken:
            judged = self._judge_front(front_end, front, taken, overlay)
            for i, result in zip(taken, judged, strict=True):
                results[i] = result
        return cast(list[Analysis], results)

    def _judge_front(
        self,
        front_end: FrontEnd,
        front: Front,
        taken: list[int],
        overlay: LexiconOverlay | None,
    ) -> list[Analysis]:
        """Lexicon, model and verdict of the texts at `taken`, which the front end read."""
        docs = [cast(Normalized, front.docs[i]) for i in taken]
        langs = [cast(Lang, front.langs[i]) for i in taken]
        errors, steps = Errors(), self._steps()
        # A text whose every word is inert matches nothing (unless the overlay adds terms).
        every = overlay is not None and bool(overlay.added)
        find, reach, starts = self.lexicon.find_reached, front.reach, front.starts
        matches: list[tuple[Match, ...]] = [()] * len(taken)
        for k, i in enumerate(taken):
            if every or reach[i] != INERT:
                total = reach[i] if reach[i] >= 0 else None
                try:
                    matches[k] = find(docs[k], langs[k], overlay, total, starts[i])
                except Exception:
                    matches[k] = steps.matches(docs[k], langs[k], overlay, errors[k])
        front_end.note_reach(front, [i for i in taken if reach[i] < 0])
        scored = [k for k, doc in enumerate(docs) if doc.text]
        rows: list[list[float]] = [[0.0]] * len(taken)  # not scored: no words
        labels = [Intent.OTHER] * len(taken)
        model = self.model
        if scored:
            try:
                logits = front_end.logits(front, [taken[k] for k in scored], model.scorer)
                found_rows, found_labels = model.probability_rows(*logits)
            except Exception:  # each model alone, so that errors name the step
                _log.exception("scoring the front end's rows failed; scoring the reference way")
                return steps.score_and_judge(docs, langs, matches, errors, scored)
            if len(scored) == len(taken):
                rows, labels = found_rows, found_labels
            else:
                for j, k in enumerate(scored):
                    rows[k], labels[k] = found_rows[j], found_labels[j]
        return steps.judge(docs, langs, matches, rows, labels, errors)


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
