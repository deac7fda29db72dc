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
    """Enough real letters that a filling says something (not "***" or "б***"). An
    ellipsis ("су.....и") counts as one hidden letter; beyond the brute-force fillings,
    two stars more than letters may still be a known form ("***ло", "п****ц")."""
    stars = _LONG_RUN.sub("*", form).count("*")
    letters = sum(1 for ch in form if ch != "*")
    return 0 < stars <= letters + 2 and letters >= 2


def fillings(form: str, known_forms: tuple[str, ...]) -> Iterator[Iterator[str]]:
    """Candidate words the masked `form` may stand for, in tiers, the closest first: the
    stars as written (every letter for one or two stars, else the known forms), then a
    run of three or more stars between letters as one hidden letter, then as two (an
    ellipsis hides some letters, not one per dot: "пи...да", "су.....и")."""
    stars = form.count("*")
    letters = len(form) - stars
    if stars <= _MAX_BRUTE_STARS and stars <= letters:
        yield _brute(form)
        return
    shape = re.compile("".join("[а-я]" if ch == "*" else re.escape(ch) for ch in form))
    yield (known for known in (*known_forms, *MASKED_FORMS) if shape.fullmatch(known))
    if _LONG_RUN.search(form):
        for hidden in ("*", "**"):
            shorter = _LONG_RUN.sub(hidden, form)
            if shorter.count("*") <= _MAX_BRUTE_STARS:
                yield _brute(shorter)


def _brute(form: str) -> Iterator[str]:
    parts = form.split("*")
    for letters in itertools.product(ALPHABET, repeat=form.count("*")):
        yield "".join(p + letter for p, letter in zip(parts, letters, strict=False)) + parts[-1]


_LONG_RUN = re.compile(r"(?<=[а-я])\*{3,}(?=[а-я])")
# Forms people mask with more stars than a brute-force filling can try ("***ло", "п****ц").
MASKED_FORMS = tuple(
    """
    хуйло хуйня хуйни хуйню нахуй похуй нихуя хуево хуевый охуеть пиздец пизда пизды пизду
    пиздос пиздюк пиздюлей блядь блять бляди блядина ебать ебаный ебанный ебало ебанат
    ебанутый уебок уебище заебал заебали выебок долбоеб мудак мудила мудило пидор пидорас
    пидарас пидоры гандон гондон залупа шлюха сука суки сучка говно говнюк засранец
    """.split()  # noqa: SIM905 - a word list reads better as text
)
