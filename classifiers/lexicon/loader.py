"""Reads the lexicon data files into entries, failing loudly with "file:line" on any defect.

File names are `<lang>_<category>.txt` (lang `ru`/`kk`, category one of
`classifiers.vocabulary.Category`), `<lang>_exceptions.txt` (words never matched by that
language's entries) and `<lang>_macros.txt` (shared `@define`s). The line format is in
classifiers/data/lexicon/README.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from classifiers.errors import LexiconError
from classifiers.lexicon.entries import Entry, Kind, collapse
from classifiers.normalization.lookalikes import kazakh_letter_class
from classifiers.vocabulary import Category

LANGS = ("ru", "kk")
_FILE_NAME = re.compile(r"^(ru|kk)_([a-z]+)\.txt$")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_DEFINE = re.compile(r"^@define\s+([A-Z][A-Z0-9_]*)\s+(\S.*)$")
_FLAGS = frozenset({"notru", "notkk", "strict"})


@dataclass
class LexiconData:
    """Everything read from one directory."""

    entries: list[Entry] = field(default_factory=list)
    exceptions: dict[str, list[str]] = field(default_factory=dict)  # lang → fullmatch regexes
    version: str = ""


def expand_kazakh(pattern: str) -> str:
    """Let each Kazakh letter of a regex also match how it is typed on a Russian keyboard
    (the letters of `lookalikes.KAZAKH_TYPED`: "қ" → "[қк]", "і" → "[іиы]")."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        letters = kazakh_letter_class(ch)
        if letters is None:
            out.append(ch)
        else:
            out.append(letters if in_class else f"[{letters}]")
    return "".join(out)


def _expand_macros(text: str, macros: dict[str, str], where: str) -> str:
    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in macros:
            raise LexiconError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    for _ in range(5):  # macros may use macros; bounded to catch cycles
        if not _MACRO.search(text):
            return text
        text = _MACRO.sub(replace, text)
    raise LexiconError(f"{where}: macros nest too deep (a cycle?)")


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    out = []
    for number, line in enumerate(raw.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((number, stripped))
    return out


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regex {pattern!r}: {exc}") from exc


def _define(line: str, macros: dict[str, str], where: str) -> bool:
    """Record an `@define NAME regex` line in `macros`; False for any other line."""
    found = _DEFINE.match(line)
    if found:
        macros[found.group(1)] = _expand_macros(found.group(2).strip(), macros, where)
        _compile(macros[found.group(1)], where)
    return found is not None


def _parse_entry(
    line: str, lang: str, category: Category, macros: dict[str, str], where: str
) -> Entry:
    fields = [part.strip() for part in line.split("|", 3)]
    if len(fields) < 3:
        raise LexiconError(f"{where}: expected 'kind | term | severity [| pattern]'")
    kind_text, *flag_list = [part.strip() for part in fields[0].split(",")]
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise LexiconError(f"{where}: unknown kind {kind_text!r}") from None
    flags = set(flag_list)
    if flags - _FLAGS:
        raise LexiconError(f"{where}: unknown flag(s) {sorted(flags - _FLAGS)}")
    term = fields[1]
    if not term:
        raise LexiconError(f"{where}: empty term")
    if fields[2] not in ("1", "2", "3"):
        raise LexiconError(f"{where}: severity must be 1, 2 or 3, got {fields[2]!r}")
    pattern_text = fields[3] if len(fields) == 4 else ""
    entry = partial(
        Entry,
        lang,
        category,
        kind,
        severity=int(fields[2]),
        origin=where,
        not_ru="notru" in flags,
        not_kk="notkk" in flags,
    )
    if kind is Kind.ROOT:
        if not pattern_text:
            raise LexiconError(f"{where}: a root entry needs a pattern")
        regex = _expand_macros(pattern_text, macros, where)
        strict = lang != "kk" or "strict" in flags
        return entry(
            term,
            pattern=_compile(regex if strict else expand_kazakh(regex), where),
            # a two-letter root ("ам") reached through stems finds it in too many words
            by_stem=not strict and category is not Category.SPAM and len(term) >= 3,
        )
    if kind is Kind.WORD:
        if pattern_text or " " in term:
            raise LexiconError(f"{where}: a word entry is one word and takes no pattern")
        return entry(collapse(term))
    words = tuple(collapse(w) for w in (pattern_text or term).split())
    if len(words) < 2:
        raise LexiconError(f"{where}: a phrase needs at least two words")
    return entry(term, words=words)


def load_directory(directory: Path) -> LexiconData:
    """Parse every data file of `directory`; raise LexiconError naming file and line."""
    if not directory.is_dir():
        raise LexiconError(f"{directory}: lexicon directory not found")
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise LexiconError(f"{directory}: no lexicon files (*.txt)")
    data = LexiconData(exceptions={lang: [] for lang in LANGS})
    digest = hashlib.sha256()
    macros: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        found = _FILE_NAME.match(path.name)
        if not found:
            raise LexiconError(f"{path}: file name must be <ru|kk>_<category>.txt")
        if found.group(2) == "macros":
            for number, line in _lines(path):
                if not _define(line, macros[found.group(1)], f"{path}:{number}"):
                    raise LexiconError(
                        f"{path}:{number}: expected '@define NAME regex', got {line!r}"
                    )
    for path in files:
        lang, what = _FILE_NAME.match(path.name).groups()  # type: ignore[union-attr]
        if what == "macros":
            continue
        if what == "exceptions":
            for number, line in _lines(path):
                regex = _expand_macros(line, macros[lang], f"{path}:{number}")
                _compile(regex, f"{path}:{number}")
                data.exceptions[lang].append(regex)
            continue
        try:
            category = Category(what)
        except ValueError:
            raise LexiconError(f"{path}: unknown category {what!r}") from None
        local = dict(macros[lang])  # a category file's own @defines stay in it
        for number, line in _lines(path):
            where = f"{path}:{number}"
            if not _define(line, local, where):
                data.entries.append(_parse_entry(line, lang, category, local, where))
    data.version = digest.hexdigest()[:12]
    return data
