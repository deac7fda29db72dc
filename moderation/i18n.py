"""The bot's own UI strings (cards, buttons, commands, notices, digests): gettext catalogs.

The catalogs are `moderation/locales/{kk,ru,en}/LC_MESSAGES/kuzet.po`, edited by translators
as ordinary `.po` files. They are read with Babel and compiled in memory on first use, so a
fresh clone, an editable install and a wheel all work without a build step, and a fixed
translation takes effect on the next start. Message ids are stable keys ("card.hidden");
plural forms follow each catalog's `Plural-Forms` header (Kazakh: one form, Russian: three).

A key missing in a language falls back to English; a key missing in English comes back as
the key itself, so a missing translation is visible but never crashes a card. Unknown
placeholders are left as they are for the same reason. A community's `templates_path` may
still carry a `[ui]` table in its kk.toml/ru.toml: those strings win over the catalogs.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from moderation.templates import load_book

FALLBACK = "en"
LANGUAGES = ("kk", "ru", "en")
DOMAIN = "kuzet"
LOCALES_DIR = Path(__file__).parent / "locales"


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=8)
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of one language (an empty one for an unknown language)."""
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang not in LANGUAGES or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, parsed)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _format(template: str, fields: Mapping[str, object]) -> str:
    try:
        return template.format_map(_KeepMissing(fields))
    except (ValueError, IndexError, AttributeError):
        # A malformed edited string must not break a card: show it as written.
        return template


class UiStrings:
    """Look-ups of UI strings for any language; `directory` may override some of them."""

    def __init__(self, directory: str = "") -> None:
        self._directory = directory

    def _override(self, lang: str) -> Mapping[str, str]:
        if not self._directory or lang not in LANGUAGES:
            return {}
        return load_book(lang, self._directory).ui

    def raw(self, lang: str, key: str) -> str:
        """The unformatted string for `key` in `lang`, falling back to en, then to the key."""
        found = self._override(lang).get(key)
        if found is not None:
            return found
        for candidate in (lang, FALLBACK):
            text = catalog(candidate).gettext(key)
            if text != key:
                return text
        return key

    def has(self, lang: str, key: str) -> bool:
        return key in self._override(lang) or catalog(lang).gettext(key) != key

    def text(self, lang: str, key: str, **fields: object) -> str:
        """The formatted string; placeholders without a value stay visible as `{name}`."""
        return _format(self.raw(lang, key), fields)

    def plural(self, lang: str, key: str, n: int, **fields: object) -> str:
        """The form of `key` for the number `n` (`{n}` is filled in too)."""
        for candidate in (lang, FALLBACK):
            text = catalog(candidate).ngettext(key, key, n)
            if text != key:
                return _format(text, {"n": n, **fields})
        return key


_DEFAULT = UiStrings()


def t(lang: str, key: str, **fields: object) -> str:
    """Shortcut on the bundled strings: `t("kk", "button.restore")`."""
    return _DEFAULT.text(lang, key, **fields)


def tn(lang: str, key: str, n: int, **fields: object) -> str:
    """Shortcut for plural forms: `tn("ru", "unit.hours", 5)` → "5 часов"."""
    return _DEFAULT.plural(lang, key, n, **fields)


def duration(lang: str, hours: int) -> str:
    """A mute or ban length in words: whole days when it divides evenly, else hours."""
    if hours and hours % 24 == 0:
        return tn(lang, "unit.days", hours // 24)
    return tn(lang, "unit.hours", hours)


def local_time(moment: datetime | None, zone: str, with_date: bool = True) -> str:
    """A moment as the community reads it: "07.12 23:05" in its own time zone."""
    if moment is None:
        return ""
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):
        local = moment
    return local.strftime("%d.%m %H:%M" if with_date else "%H:%M")
