"""The batch front end: what `Detector.analyze_many` runs on compiled code when numba is
installed, with the same results as the reference path (tests compare both)."""

from classifiers.fastpath.chunkfind import COMPILED
from classifiers.fastpath.front import Front, FrontEnd

__all__ = ["COMPILED", "Front", "FrontEnd"]
