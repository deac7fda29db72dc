"""The bot's own UI strings (cards, buttons, commands, digests) in kk and ru, English fallback.

A key missing in a language falls back to English; a key missing in English comes back as
the key itself, so a missing translation is visible but never crashes a card. Unknown
placeholders are left as they are for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from moderation.templates import load_book

FALLBACK = "en"


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class UiStrings:
    """Look-ups of `[ui]` strings for any language, loaded once per directory."""

    def __init__(self, directory: str = "") -> None:
        self._directory = directory

    def _table(self, lang: str) -> Mapping[str, str]:
        if lang not in ("kk", "ru", "en"):
            return {}
        return load_book(lang, self._directory).ui

    def raw(self, lang: str, key: str) -> str:
        """The unformatted string for `key` in `lang`, falling back to en, then to the key."""
        found = self._table(lang).get(key)
        if found is None:
            found = self._table(FALLBACK).get(key)
        return key if found is None else found

    def text(self, lang: str, key: str, **fields: object) -> str:
        """The formatted string; placeholders without a value stay visible as `{name}`."""
        template = self.raw(lang, key)
        try:
            return template.format_map(_KeepMissing(fields))
        except (ValueError, IndexError, AttributeError):
            # A malformed edited template must not break a card: show it as written.
            return template

    def has(self, lang: str, key: str) -> bool:
        return key in self._table(lang)


_DEFAULT = UiStrings()


def t(lang: str, key: str, **fields: object) -> str:
    """Shortcut on the bundled strings: `t("kk", "button.restore")`."""
    return _DEFAULT.text(lang, key, **fields)
