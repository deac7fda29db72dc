"""Words cut into multi-letter pieces ("пи-зд-ец", "пи зд ец", "ху йня"): joined back.

Normalization re-joins single letters written apart ("х у й"); a word cut into pieces of
two or three letters it cannot re-join on its own, since "не на", "и в", "ол да" are
pieces too. The lexicon can: a run of short words side by side is joined (two to five
pieces) and the result is looked up like any word; it counts only when it matches an
abusive entry and at least one piece is not a common short word of its own, so that
ordinary phrases of short words ("да он же", "бұл не") are never read as one. A piece of
three letters that is a listed word (data/lang) is a whole word, never part of a cut
one: "пес деп" ("said 'dog'") is not "песдеп"; shorter pieces ("на", "да") are too often
cut syllables to rule out alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from classifiers.language import listed_words
from classifiers.lexicon.entries import Entry
from classifiers.normalization.lookalikes import kazakh_spellings
from classifiers.vocabulary import Category, Match

if TYPE_CHECKING:
    from classifiers.normalize import Normalized

# A run of two or more short words (one to three letters or masks each), in the words
# joined and padded with spaces: a pattern that starts with a literal space lets the
# engine jump from space to space, so a text without such a run costs a few microseconds.
_PIECE = r"(?:[^\W\d_]|\*){1,3}"
_SHORT_RUN = re.compile(rf" ({_PIECE}(?: {_PIECE})+)(?!\S)")
MAX_PIECES = 5
_WHOLE_WORD = 3  # letters from which a listed piece is a word of its own
_GLUED = frozenset({Category.OBSCENE, Category.INSULT, Category.SLUR})

# Short words that are words of their own in Russian or Kazakh: a run made only of these
# is a phrase, not a cut word.
_WORDS = frozenset(
    """
    а б в во вот да же и из к ко ли мы на не ни но ну о об он она оно они от по с со так
    то ты у уж я бы вы их им ей ее её ему его был для без при про над под где кто как что
    чем чей там тут все всё еще ещё уже мой моя мое мои твой наш ваш эх ах ох ой ага эй мне
    нам вам нас вас тех тот эта это эти сам ним нее ней или раз два три сто был ура хм нет
    лол ок бля
    мен сен ол біз сіз бұл осы сол ма ме ба бе па пе та те ғой қой деп не ең әр бір екі үш
    ал жоқ бар иә ия ау ей әй кім қай сен оған оны оның мал ит ат ас ақ көп аз жақ бас көз
    қол жол жер күн түн ай жыл тағы енді бен пен әке ана аға іні апа ата әже тек кей
    the a an to of in on at is it be by or and for you not
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# ... Kazakh ones also as typed on a Russian keyboard ("бул", "биз", "жок")
STANDALONE = frozenset(form for word in _WORDS for form in kazakh_spellings(word))


def cut_word_matches(
    normalized: Normalized, entries_of: Callable[[str], tuple[Entry, ...]], lang: str
) -> list[Match]:
    """Matches of words cut into short pieces ("пи-зд-ец"), spanning their pieces."""
    words = normalized.words
    if len(words) < 2:
        return []
    hits = glued_hits(words, entries_of, lang)
    if not hits:
        return []
    tokens = normalized.tokens_at({i for first, last, _ in hits for i in (first, last)})
    original = normalized.original
    out = []
    for first, last, entry in hits:
        start, end = tokens[first].start, tokens[last].end
        out.append(
            Match(
                original[start:end],
                entry.term,
                entry.category,
                entry.severity,
                entry.lang,
                start,
                end,
            )
        )
    return out


def glued_hits(
    words: list[str], entries_of: Callable[[str], tuple[Entry, ...]], lang: str
) -> list[tuple[int, int, Entry]]:
    """(first, last, entry) for each cut word found among `words` (`entries_of`: a word's
    entries), no piece abusive alone and no two overlapping; longest join first."""
    padded = f" {' '.join(words)} "
    hits: list[tuple[int, int, Entry]] = []
    first, counted = -1, 0  # the index of the word at `counted` (past the leading space)
    for found in _SHORT_RUN.finditer(padded):
        first += padded.count(" ", counted, found.start(1))
        counted = found.start(1)
        hits.extend(_in_run(found.group(1).split(" "), first, entries_of, lang))
    return hits


def _in_run(
    run: list[str],
    first: int,
    entries_of: Callable[[str], tuple[Entry, ...]],
    lang: str,
) -> list[tuple[int, int, Entry]]:
    hits: list[tuple[int, int, Entry]] = []
    listed = listed_words()
    start = 0
    while start < len(run) - 1:
        found = None
        for size in range(min(MAX_PIECES, len(run) - start), 1, -1):
            pieces = run[start : start + size]
            if all(p in STANDALONE for p in pieces):
                continue
            if any(len(p) >= _WHOLE_WORD and p in listed for p in pieces):
                continue
            if sum(len(p) >= 2 for p in pieces) == 0:
                continue  # single letters: normalization's spelled-out rule decides
            if any(_abusive(entries_of(p), lang) for p in pieces):
                continue  # a piece matched alone: it is a word, already reported
            entry = _abusive(entries_of("".join(pieces)), lang)
            if entry is not None:
                found = (first + start, first + start + size - 1, entry)
                break
        if found is None:
            start += 1
            continue
        hits.append(found)
        start = found[1] - first + 1
    return hits


def _abusive(entries: tuple[Entry, ...], lang: str) -> Entry | None:
    usable = [e for e in entries if e.category in _GLUED and e.applies_to(lang)]
    return max(usable, key=lambda e: e.severity, default=None)
