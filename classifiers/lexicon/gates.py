"""Gates in front of the lexicon's many root patterns: which can match a word at all.

A new word is searched with a fraction of the hundred-odd root patterns: those anchored
at the start whose first characters (`first.first_characters`) allow the word's first
letter, merged where they share a prefix group so the engine walks it once.
"""

from __future__ import annotations

import re

from classifiers.lexicon.entries import Entry
from classifiers.lexicon.first import first_characters

NEVER = r"(?!x)x"  # a pattern that matches nothing


def top_level_alternatives(regex: str) -> list[str]:
    """Split a regex on "|" outside groups and character classes."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(regex):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
    parts.append(regex[start:])
    return parts


def anchored(pattern: re.Pattern[str]) -> bool:
    """True when every alternative of the pattern starts with "^" (no MULTILINE flag)."""
    return all(part.startswith("^") for part in top_level_alternatives(pattern.pattern))


def roots_by_first_character(
    roots: list[Entry],
) -> tuple[dict[str, tuple[Entry, ...]], tuple[Entry, ...]]:
    """Per first character, the root entries a word starting with it can match (in their
    order), and those for any other first character: a root anchored at the start whose
    first characters `first_characters` knows cannot match a word starting otherwise, so
    a new word is searched with a fraction of the hundred-odd patterns."""
    gated: dict[Entry, frozenset[str]] = {}
    for entry in roots:
        if entry.pattern is not None and anchored(entry.pattern):
            chars = first_characters(entry.pattern)
            if chars is not None:
                gated[entry] = chars
    anywhere = tuple(e for e in roots if e not in gated)
    firsts = {c for chars in gated.values() for c in chars}
    by_first = {c: tuple(e for e in roots if e not in gated or c in gated[e]) for c in firsts}
    return by_first, anywhere


# A repeated prefix group at the start of an alternative: "^(?:(?:вз|вс|…)[ъь]?){0,3}".
_PREFIX_GROUP = re.compile(r"\^\(\?:\(\?:[^()]*\)\[ъь\]\?\)\{\d+,\d+\}")


def shared_prefixes(regexes: list[str]) -> list[str]:
    """The same alternatives, those that start with the same prefix group merged into one
    ("^P(?:a|b)" for "^Pa", "^Pb"): the regex engine then walks the prefix group once, not
    once per root. A match from position 0 exists for the merged pattern exactly when it
    exists for one of the alternatives."""
    merged: dict[str, list[str]] = {}
    kept: list[str] = []
    for regex in regexes:
        for alternative in top_level_alternatives(regex):
            found = _PREFIX_GROUP.match(alternative)
            if found is None:
                kept.append(alternative)
            else:
                merged.setdefault(found.group(), []).append(alternative[found.end() :])
    for prefix, rests in merged.items():
        kept.append(prefix + "(?:" + "|".join(f"(?:{rest})" for rest in rests) + ")")
    return kept


def gate_by_first_character(
    regexes: list[str],
) -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """Per first character, the anchored patterns a word starting with it can match, and
    the patterns whose first character `first_characters` cannot tell (tried always)."""
    by_first: dict[str, list[str]] = {}
    ungated: list[str] = []
    for rx in regexes:
        chars = first_characters(re.compile(rx))
        if chars is None:
            ungated.append(rx)
            continue
        for char in chars:
            by_first.setdefault(char, []).append(rx)
    compiled = {
        char: re.compile("|".join(f"(?:{rx})" for rx in group)) for char, group in by_first.items()
    }
    return compiled, re.compile("|".join(f"(?:{rx})" for rx in ungated) or NEVER)
