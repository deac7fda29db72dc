"""The moderation core's one-text `Analyzer` port, served by a loaded `Detector`.

The worker analyzes whole batches (`bot.pipeline.analysis`); this is for the single texts
the rest of the shell needs analyzed — callbacks, `/check`, author names. Overlays are
cached per distinct set of a community's edits, so a busy chat does not rebuild them.

The detector may be given as a loader instead: when the worker's detection runs in child
processes (`[detection] processes`), this process needs its own detector only for those
single texts, so it is loaded on first use — not on the path from start to first action.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from bot.pipeline.analysis import overlay_of
from classifiers import Analysis
from classifiers.analyzer import Detector
from classifiers.lexicon import LexiconOverlay
from moderation.records import WordOverlayEntry

_OVERLAY_CACHE_SIZE = 256


class DetectorAnalyzer:
    """Implements `moderation.service.Analyzer` with a loaded (or lazily loaded) `Detector`."""

    def __init__(self, detector: Detector | Callable[[], Detector]) -> None:
        self._detector = detector if isinstance(detector, Detector) else None
        self._load = None if isinstance(detector, Detector) else detector
        self._loading = threading.Lock()  # first use may come from the loop or a thread
        self._overlays: dict[tuple[WordOverlayEntry, ...], LexiconOverlay | None] = {}

    @property
    def detector(self) -> Detector:
        if self._detector is None:
            with self._loading:
                if self._detector is None:
                    assert self._load is not None
                    self._detector = self._load()
        return self._detector

    @detector.setter
    def detector(self, detector: Detector) -> None:
        self._detector = detector

    async def __call__(self, text: str, words: tuple[WordOverlayEntry, ...]) -> Analysis:
        detector = self._detector
        if detector is None:  # the first single text: load off the event loop
            detector = await asyncio.to_thread(lambda: self.detector)
        return detector.analyze(text, self.overlay(words))

    def overlay(self, words: tuple[WordOverlayEntry, ...]) -> LexiconOverlay | None:
        if words not in self._overlays:
            if len(self._overlays) >= _OVERLAY_CACHE_SIZE:
                self._overlays.clear()
            self._overlays[words] = overlay_of(words)
        return self._overlays[words]
