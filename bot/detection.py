"""The moderation core's one-text `Analyzer` port, served by a loaded `Detector`.

The worker analyzes whole batches (`bot.pipeline.analysis`); this is for the single texts
the rest of the shell needs analyzed — callbacks, `/check`, author names. Overlays are
cached per distinct set of a community's edits, so a busy chat does not rebuild them.
"""

from __future__ import annotations

from bot.pipeline.analysis import overlay_of
from classifiers import Analysis
from classifiers.analyzer import Detector
from classifiers.lexicon import LexiconOverlay
from moderation.records import WordOverlayEntry

_OVERLAY_CACHE_SIZE = 256


class DetectorAnalyzer:
    """Implements `moderation.service.Analyzer` with a loaded `Detector`."""

    def __init__(self, detector: Detector) -> None:
        self.detector = detector
        self._overlays: dict[tuple[WordOverlayEntry, ...], LexiconOverlay | None] = {}

    async def __call__(self, text: str, words: tuple[WordOverlayEntry, ...]) -> Analysis:
        return self.detector.analyze(text, self.overlay(words))

    def overlay(self, words: tuple[WordOverlayEntry, ...]) -> LexiconOverlay | None:
        if words not in self._overlays:
            if len(self._overlays) >= _OVERLAY_CACHE_SIZE:
                self._overlays.clear()
            self._overlays[words] = overlay_of(words)
        return self._overlays[words]
