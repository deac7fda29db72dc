"""The Telegram side's access to the UI strings: the gettext catalogs of `moderation.i18n`.

Kept as a module of its own so adapters import one name (`ui`) and the catalogs stay the
single source of every word a moderator or user reads.
"""

from __future__ import annotations

from moderation.i18n import t, tn


def ui(lang: str, key: str, **fields: object) -> str:
    """The UI string for `key` in `lang` (the language's catalog, then English)."""
    return t(lang, key, **fields)


def ui_plural(lang: str, key: str, n: int, **fields: object) -> str:
    """The plural form of `key` for `n`."""
    return tn(lang, key, n, **fields)
