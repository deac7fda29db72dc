"""The part of a long comment past the analysed cap, read by the lexicon alone.

Normalization, language detection and the model read the first MAX_ANALYZED_CHARS
(10,000) characters; abuse written after them must still be found. The rest is cut into
windows of at most that size, each ending at whitespace so that no word is cut in two,
normalized and matched on its own; spans are moved back to the original text. A paste of
more than MAX_SCANNED_CHARS is read up to there (a megabyte of text is not a comment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from classifiers.normalize import MAX_ANALYZED_CHARS, Normalized, normalize
from classifiers.vocabulary import Match

MAX_SCANNED_CHARS = 1_000_000


def windows(original: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each window past the cap; the first starts at the whitespace
    before the cap so that a word across the cap is read whole."""
    end_of_text = min(len(original), MAX_SCANNED_CHARS)
    start = _word_start(original, MAX_ANALYZED_CHARS)
    while start < end_of_text:
        stop = min(start + MAX_ANALYZED_CHARS, end_of_text)
        if stop < end_of_text:
            cut = max(original.rfind(" ", start, stop), original.rfind("\n", start, stop))
            stop = cut if cut > start else stop
        yield start, original[start:stop]
        start = stop


def tail_matches(original: str, find: Callable[[Normalized], tuple[Match, ...]]) -> list[Match]:
    """Matches past the cap, found by `find` window by window, with original spans."""
    found: list[Match] = []
    for offset, text in windows(original):
        for match in find(normalize(text)):
            start, end = match.start + offset, match.end + offset
            if end > MAX_ANALYZED_CHARS:  # a word across the cap counts once, here
                found.append(replace(match, start=start, end=end))
    return found


def _word_start(text: str, at: int) -> int:
    """The start of the word that holds position `at` (or `at` at whitespace)."""
    while at > 0 and not text[at - 1].isspace() and MAX_ANALYZED_CHARS - at < 64:
        at -= 1
    return at
