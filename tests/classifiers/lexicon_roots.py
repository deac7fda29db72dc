"""What the lexicon finds in a text, as the roots of its matches: the tests' short way to
say "this text matches that entry"."""

from __future__ import annotations

from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang


def found_roots(lexicon: Lexicon, text: str, lang: Lang | None = None) -> list[str]:
    """The roots the lexicon matches in `text` (in `lang`, else the detected language)."""
    doc = normalize(text)
    return [m.root for m in lexicon.find(doc, lang or detect_language(doc))]
