"""Reading training CSVs: `text,label[,lang]` for toxicity, `text,intent[,lang]` for intent.

Every text is normalized exactly as the detector will normalize it at run time. A row's
language comes from its `lang` column when that is one of the library's codes (kk, ru,
mixed, other); otherwise (missing, or a dataset's own code such as `kk_or_ru`) it is
detected, so the per-language counts that decide `trusted_for` mean what the detector
will see.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.errors import ModelError
from classifiers.normalize import Normalized
from classifiers.vocabulary import Lang

Normalizer = Callable[[str], Normalized]
_LANG_CODES = {lang.value: lang for lang in Lang}
_TRUE = {"1", "1.0", "true", "toxic", "yes"}
_FALSE = {"0", "0.0", "false", "clean", "no"}


@dataclass(frozen=True, slots=True)
class Example:
    """One training row, normalized, with its resolved language."""

    doc: Normalized
    label: str
    lang: Lang


@dataclass(frozen=True, slots=True)
class DataFile:
    """Where a training file came from, for the metadata."""

    name: str
    sha256: str
    rows: int


def default_normalizer() -> Normalizer:
    from classifiers.normalize import normalize

    return normalize


def _detector() -> Callable[[Normalized], Lang] | None:
    try:
        from classifiers.language import detect_language
    except ImportError:  # language detection not available: fall back to the CSV only
        return None
    detect: Callable[[Normalized], Lang] = detect_language
    return detect


def _toxicity_label(raw: str, where: str) -> str:
    value = raw.strip().lower()
    if value in _TRUE:
        return "1"
    if value in _FALSE:
        return "0"
    raise ModelError(f"{where}: label {raw!r} is not 0/1")


def read_examples(
    paths: Sequence[Path], label_column: str, normalizer: Normalizer
) -> tuple[list[Example], list[DataFile]]:
    """All rows of all files; ModelError names the file and line of a bad row."""
    detect = _detector()
    examples: list[Example] = []
    files: list[DataFile] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read training data {path}: {exc}") from exc
        reader = csv.DictReader(raw.decode("utf-8-sig").splitlines())
        fields = reader.fieldnames or []
        if "text" not in fields or label_column not in fields:
            raise ModelError(f"{path}: needs columns text,{label_column}[,lang]; has {fields}")
        count = 0
        for line, row in enumerate(reader, start=2):
            text = row.get("text") or ""
            where = f"{path}:{line}"
            label = row.get(label_column) or ""
            label = _toxicity_label(label, where) if label_column == "label" else label.strip()
            if not label:
                raise ModelError(f"{where}: empty {label_column}")
            doc = normalizer(text)
            lang = _LANG_CODES.get((row.get("lang") or "").strip())
            if lang is None:
                lang = detect(doc) if detect is not None else Lang.OTHER
            examples.append(Example(doc, label, lang))
            count += 1
        files.append(DataFile(path.name, hashlib.sha256(raw).hexdigest(), count))
    if not examples:
        raise ModelError("no training rows in " + ", ".join(str(p) for p in paths))
    return examples, files


def combined_sha256(files: Sequence[DataFile]) -> str:
    """One digest for the whole training set (order of files included)."""
    digest = hashlib.sha256()
    for item in files:
        digest.update(item.sha256.encode("ascii"))
    return digest.hexdigest()
