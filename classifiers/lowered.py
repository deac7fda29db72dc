"""Case-insensitive rule patterns run as plain patterns over the text lower-cased once.

Under `(?i)`, Python's `re` lowers every character it compares and, for a pattern that
starts with cased letters (Cyrillic, Latin), gives up its fast scan for the pattern's
first characters: the intent rules' long alternations cost 3-8 times more than the same
patterns without the flag over lower-cased text. `LoweredPattern` answers exactly what
the `(?i)` pattern answers:
- `(?i)` compares each character's simple lower case; `str.lower` gives the same, one
  character for one, except for "İ" (two characters): a text holding one is matched by
  the original pattern;
- `(?i)` also equates a few pairs that lower case does not join ("i"/"ı", "s"/"ſ",
  "в"/"ᲀ" …, `re._casefix`): both the text and the pattern's letters read each pair as
  one letter;
- the lowered text has the original's length, so spans index the original text.
A text is lowered once for all the rules that read it (the last text is remembered).
"""

from __future__ import annotations

import re

try:
    # The pairs `(?i)` equates beyond lower case; a private table of CPython 3.11-3.13.
    from re._casefix import _EXTRA_CASES
except ImportError:  # a later Python without it: those rare letters match by lower case only
    _EXTRA_CASES = {}

# Each of those letters → one letter of its pair; "ı" → "i", "ſ" → "s".
_ONE_OF_A_PAIR = {c: min(c, *others) for c, others in _EXTRA_CASES.items() if min(c, *others) != c}
_PAIRED = re.compile("[" + "".join(map(chr, _ONE_OF_A_PAIR)) + "]" if _ONE_OF_A_PAIR else "(?!)")
_DOTTED_CAPITAL_I = "İ"  # the one letter whose lower case is two characters

_last: tuple[str, str | None] = ("", "")


def lowered(text: str) -> str | None:
    """`text` lower-cased as `(?i)` compares it, or None if that would change its length."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    low: str | None = None if _DOTTED_CAPITAL_I in text else text.lower()
    if low is not None and _PAIRED.search(low):
        low = low.translate(_ONE_OF_A_PAIR)
    _last = (text, low)
    return low


class LoweredPattern:
    """A `(?i)` pattern's `search` and `match`, run without the flag over `lowered` text."""

    __slots__ = ("_plain", "original")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if pattern.flags & re.IGNORECASE == 0:
            raise ValueError(f"not a case-insensitive pattern: {pattern.pattern!r}")
        source = pattern.pattern.removeprefix("(?i)").translate(_ONE_OF_A_PAIR)
        self.original = pattern
        self._plain = re.compile(source, pattern.flags & ~re.IGNORECASE)
        if self._plain.flags & re.IGNORECASE or _has_upper_case_letter(source):
            raise ValueError(f"not a lower-case (?i) rule: {pattern.pattern!r}")

    def search(self, text: str) -> re.Match[str] | None:
        low = lowered(text)
        return self.original.search(text) if low is None else self._plain.search(low)

    def match(self, text: str) -> re.Match[str] | None:
        low = lowered(text)
        return self.original.match(text) if low is None else self._plain.match(low)


def _has_upper_case_letter(source: str) -> bool:
    """An upper-case letter outside an escape (`\\S`, `\\W` are classes, not letters):
    the plain pattern would look for it in lower-cased text and never find it."""
    return any(part[1:] != part[1:].lower() for part in ("x" + source).split("\\"))
