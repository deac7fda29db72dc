"""Which characters can start a match of a regex: a cheap gate in front of many patterns.

Root patterns anchored at the start of a word ("^а[қк]ы?ма[қкғг]") cannot match a word
whose first letter none of them can begin with, yet a combined regex of a hundred of them
tries every alternative before saying no (bench/README.md, "First-letter gate").
`first_characters` reads a pattern's parse tree and returns the set of characters its
first consumed character can be, or None when it cannot tell (a negated set, "any
character", a pattern that may match the empty string …); the lexicon then tries only the
patterns a word's first letter allows, and always the ones this module cannot judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The parser behind `re` (a private module, stable across 3.11–3.13); only read here.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 4096  # wider character ranges are not worth enumerating: "cannot tell"
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with (None: cannot tell)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found, nullable = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except _CannotTell:
        return None
    return None if nullable else frozenset(found)


class _CannotTell(Exception):
    pass


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """First characters of a sequence of items, and whether it can match empty."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av)
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        return _in(av), False
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre.BRANCH:
        found: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _sequence(branch)
            found |= chars
            nullable = nullable or empty
        return found, nullable
    if op in _REPEATS:
        low, _high, body = av
        chars, empty = _sequence(body)
        return chars, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True
    raise _CannotTell(op)


def _in(members: Iterable[tuple[Any, Any]]) -> set[str]:
    found: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            found.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_RANGE:
            found.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\w, \d …), huge ranges
            raise _CannotTell(op)
    return found
