"""Lexicons of abusive words (Russian and Kazakh), their loader and the per-token matcher.

Public: `Lexicon` (load + find), `LexiconOverlay` and `OverlayTerm` (a community's edits).
"""

from classifiers.lexicon.matcher import Lexicon
from classifiers.lexicon.overlay import LexiconOverlay, OverlayTerm

__all__ = ["Lexicon", "LexiconOverlay", "OverlayTerm"]
