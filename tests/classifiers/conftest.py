"""Fixtures the classifier tests share: the bundled lexicon and detector, loaded once per
test module (as each module did on its own before)."""

from __future__ import annotations

import pytest

from classifiers import Detector
from classifiers.lexicon import Lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()
