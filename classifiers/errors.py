"""Errors of the detection library: one small hierarchy, raised at load time only.

At analysis time nothing raises: a failing step is reported in `Analysis.errors`.
"""


class ClassifierError(Exception):
    """Base class for every error the detection library raises."""


class LexiconError(ClassifierError):
    """A lexicon data file is missing or malformed; the message names file and line."""


class ModelError(ClassifierError):
    """A model artifact is missing, corrupt, unverified or built for another version."""
