"""Training CSVs: `text,label[,lang]` for toxicity, `text,intent[,lang]` for intent.

Every text is normalized exactly as the detector will normalize it at run time. A row's
language comes from its `lang` column when that is one of the library's codes (kk, ru,
mixed, other); otherwise (missing, or a dataset's own code such as `kk_or_ru`) it is
detected, so the per-language counts that decide `trusted_for` mean what the detector
will see.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.errors import ModelError
from classifiers.language import detect_language
from classifiers.normalize import Normalized, normalize
from classifiers.vocabulary import Lang

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


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def write_csv(path: Path, fields: Sequence[str], rows: Iterable[Mapping[str, str]]) -> Path:
    """Rows as a CSV file with `\\n` line ends (rebuilds stay byte-identical); returns `path`."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _toxicity_label(raw: str, where: str) -> str:
    value = raw.strip().lower()
    if value in _TRUE:
        return "1"
    if value in _FALSE:
        return "0"
    raise ModelError(f"{where}: label {raw!r} is not 0/1")


def read_examples(paths: Sequence[Path], label_column: str) -> tuple[list[Example], list[DataFile]]:
    """All rows of all files; ModelError names the file and line of a bad row."""
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
            where = f"{path}:{line}"
            label = row.get(label_column) or ""
            label = _toxicity_label(label, where) if label_column == "label" else label.strip()
            if not label:
                raise ModelError(f"{where}: empty {label_column}")
            doc = normalize(row.get("text") or "")
            lang = _LANG_CODES.get((row.get("lang") or "").strip()) or detect_language(doc)
            examples.append(Example(doc, label, lang))
            count += 1
        files.append(DataFile(path.name, hashlib.sha256(raw).hexdigest(), count))
    if not examples:
        raise ModelError("no training rows in " + ", ".join(str(p) for p in paths))
    return examples, files


def data_meta(files: Sequence[DataFile]) -> dict[str, object]:
    """The metadata of a model's training files, with one digest for them all (in order)."""
    digest = hashlib.sha256()
    for item in files:
        digest.update(item.sha256.encode("ascii"))
    return {
        "data": [{"name": f.name, "sha256": f.sha256, "rows": f.rows} for f in files],
        "data_sha256": digest.hexdigest(),
    }
