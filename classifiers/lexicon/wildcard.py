"""Masked words ("х*й", "п**дец", "б**дь"): which real words could the author have meant?

Normalization turns masking characters inside a word into "*", one per hidden letter. A
masked word matches an entry when some filling of its stars matches it. With one or two
stars we try every Russian letter (at most 32² fillings, once per distinct masked word:
results are cached by the caller); with more stars we compare against known forms only,
so the cost stays bounded whatever an author types.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_MAX_BRUTE_STARS = 2


def plausible(form: str) -> bool:
    """Enough real letters that a filling says something (not "***" or "б***")."""
    stars = form.count("*")
    letters = sum(1 for ch in form if ch != "*")
    return 0 < stars <= letters and letters >= 2


def fillings(form: str, known_forms: tuple[str, ...]) -> Iterator[str]:
    """Candidate words the masked `form` may stand for."""
    stars = form.count("*")
    if stars <= _MAX_BRUTE_STARS:
        parts = form.split("*")
        for letters in itertools.product(ALPHABET, repeat=stars):
            yield "".join(p + letter for p, letter in zip(parts, letters, strict=False)) + parts[-1]
        return
    shape = re.compile("".join("[а-я]" if ch == "*" else re.escape(ch) for ch in form))
    for known in known_forms:
        if shape.fullmatch(known):
            yield known
