"""Reply templates per community profile and language, loaded from TOML (`[reply]`, `[night]`).

The bundled drafts live in `moderation/data/templates/profiles/<profile>/{kk,ru}.toml` (news,
shop, public_service, brand: only a shop asks for an order number), the night replies in
`moderation/data/templates/{kk,ru,en}.toml`. A community may point `templates_path` at a
directory with its own `kk.toml`/`ru.toml`: what it defines wins, the rest falls back to the
bundled files. A custom file may also carry a `[ui]` table overriding UI strings (see
`moderation.i18n`). Variant choice is deterministic per comment, so a re-delivered comment
gets the very same draft.
"""

from __future__ import annotations

import re
import tomllib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from moderation.errors import TemplateError

BUNDLED_DIR = Path(__file__).parent / "data" / "templates"
PROFILES_DIR = BUNDLED_DIR / "profiles"
LANGUAGES = ("kk", "ru", "en")
# How a reply addresses an author whose name is unfit to print: plain nouns, because
# templates may already open with a greeting.
NEUTRAL_ADDRESSEE = {"kk": "оқырман", "ru": "читатель", "en": "reader"}
_PLACEHOLDER = re.compile(r"\{(author|answer)\}")


@dataclass(frozen=True, slots=True)
class TemplateBook:
    """One language's reply variants per intent, holding replies and UI strings."""

    language: str
    replies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    holding: tuple[str, ...] = ()
    ui: Mapping[str, str] = field(default_factory=dict)

    def pick(self, variants: tuple[str, ...], seed: str) -> str | None:
        """A stable choice among variants for this seed (the comment key)."""
        if not variants:
            return None
        return variants[zlib.crc32(seed.encode("utf-8")) % len(variants)]


def fill(template: str, author: str, answer: str = "") -> str:
    """A template with its only placeholders, `{author}` and `{answer}`, filled in."""
    # One pass, not str.format: an author named "{answer}" or "{0}" is inserted literally.
    values = {"author": author, "answer": answer}
    text = _PLACEHOLDER.sub(lambda found: values[found.group(1)], template)
    # A neutral addressee ("читатель, здравствуйте!") may open the sentence.
    opens = template.startswith("{author}") and author in NEUTRAL_ADDRESSEE.values()
    return text[:1].upper() + text[1:] if opens else text


def _variants(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise TemplateError(f"{where}: expected a string or a list of strings")


def parse_book(data: Mapping[str, object], language: str, source: str) -> TemplateBook:
    """Validate one parsed TOML document into a TemplateBook."""
    replies: dict[str, tuple[str, ...]] = {}
    reply_table = data.get("reply", {})
    night_table = data.get("night", {})
    ui_table = data.get("ui", {})
    if not isinstance(reply_table, dict) or not isinstance(night_table, dict):
        raise TemplateError(f"{source}: [reply] and [night] must be tables")
    if not isinstance(ui_table, dict):
        raise TemplateError(f"{source}: [ui] must be a table")
    for intent, value in reply_table.items():
        replies[str(intent)] = _variants(value, f"{source}: reply.{intent}")
    holding = _variants(night_table.get("holding", []), f"{source}: night.holding")
    ui: dict[str, str] = {}
    for key, value in ui_table.items():
        if not isinstance(value, str):
            raise TemplateError(f"{source}: ui.{key!r} must be a string")
        ui[str(key)] = value
    return TemplateBook(language=language, replies=replies, holding=holding, ui=ui)


def _read(path: Path, language: str) -> TemplateBook:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: invalid TOML: {exc}") from exc
    return parse_book(data, language, str(path))


def _merge(base: TemplateBook, over: TemplateBook) -> TemplateBook:
    """`over`'s intents, holding replies and UI strings win; the rest comes from `base`."""
    return TemplateBook(
        language=base.language,
        replies={**base.replies, **over.replies},
        holding=over.holding or base.holding,
        ui={**base.ui, **over.ui},
    )


def _bundled(language: str, profile: str) -> TemplateBook:
    base_path = BUNDLED_DIR / f"{language}.toml"
    book = _read(base_path, language) if base_path.is_file() else TemplateBook(language)
    profiled = PROFILES_DIR / profile / f"{language}.toml"
    if profile and profiled.is_file():
        book = _merge(book, _read(profiled, language))
    return book


@lru_cache(maxsize=64)
def load_book(language: str, directory: str = "", profile: str = "news") -> TemplateBook:
    """The book for a language and profile, with `directory`'s own file over the bundled ones.

    Cached per (language, directory, profile): files are read once per process.
    """
    if language not in LANGUAGES:
        raise TemplateError(f"no templates for language {language!r}; expected {LANGUAGES}")
    book = _bundled(language, profile)
    if directory:
        custom = Path(directory) / f"{language}.toml"
        if custom.is_file():
            book = _merge(book, _read(custom, language))
    return book


def book_for(lang: str, directory: str = "", profile: str = "news") -> TemplateBook:
    """The reply book for a draft's language (kk or ru; anything else gets Russian)."""
    return load_book(lang if lang in ("kk", "ru") else "ru", directory, profile)
