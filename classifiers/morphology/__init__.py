"""Word-level morphology for matching: Russian lemmas and Kazakh stems.

Both functions are cached per word form, so a word seen once costs a dict lookup after.
"""

from classifiers.morphology.kazakh import fold, kazakh_stems
from classifiers.morphology.russian import russian_lemmas

__all__ = ["fold", "kazakh_stems", "russian_lemmas"]
