"""The on-disk model: one `model.npz` of plain arrays plus `metadata.json`, no pickle at all.

Loading order matters: the metadata is read and checked first (format, feature version,
scikit-learn version), then the sha256 of `model.npz` is compared with the one recorded in
the metadata, and only then is the file opened — with `allow_pickle=False`, so even a
verified file cannot execute code. Vocabularies are stored as UTF-8 bytes (terms joined
by a newline, which no normalized term contains) in uint8 arrays.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.errors import ModelError
from classifiers.model.features import FEATURE_VERSION, FeatureSpec
from classifiers.model.linear import Block, LinearTextModel
from classifiers.model.terms import StoredTerms

ARTIFACT_NAME = "model.npz"
METADATA_NAME = "metadata.json"
FORMAT = "kuzet-model/1"
_SEPARATOR = "\n"


def sklearn_version() -> str:
    """The installed scikit-learn version, read without importing scikit-learn."""
    try:
        return importlib_metadata.version("scikit-learn")
    except importlib_metadata.PackageNotFoundError:
        return "absent"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _encode_terms(vocabulary: Mapping[str, int]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    if isinstance(vocabulary, StoredTerms):
        return np.frombuffer(vocabulary.raw, dtype=np.uint8)
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if any(_SEPARATOR in term for term in terms):
        raise ModelError("a vocabulary term contains a newline; cannot store it")
    return np.frombuffer(_SEPARATOR.join(terms).encode("utf-8"), dtype=np.uint8)


def _decode_terms(raw: np.ndarray[Any, Any], expected: int, name: str) -> StoredTerms:
    stored = bytes(raw.astype(np.uint8))
    found = stored.count(_SEPARATOR.encode()) + 1 if expected else 0
    if found != expected:
        raise ModelError(f"{name}: vocabulary has {found} terms, idf has {expected}")
    stored.decode("utf-8")  # malformed bytes fail here, at load, not at the first read
    return StoredTerms(stored, expected)


def model_arrays(prefix: str, model: LinearTextModel) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays that store one model under `prefix.` keys."""
    return {
        f"{prefix}.char_terms": _encode_terms(model.char_block.vocabulary),
        f"{prefix}.char_idf": model.char_block.idf,
        f"{prefix}.word_terms": _encode_terms(model.word_block.vocabulary),
        f"{prefix}.word_idf": model.word_block.idf,
        f"{prefix}.coef": model.coef,
        f"{prefix}.intercept": model.intercept,
    }


def _block(arrays: dict[str, np.ndarray[Any, Any]], key: str, name: str) -> Block:
    idf = np.asarray(arrays[f"{key}_idf"], dtype=np.float64)
    return Block(_decode_terms(arrays[f"{key}_terms"], len(idf), name), idf)


def model_from_arrays(
    prefix: str, arrays: dict[str, np.ndarray[Any, Any]], meta: dict[str, Any]
) -> LinearTextModel:
    """The model stored under `prefix.` keys; `meta`: its metadata (features, classes),
    whose errors are the caller's to report."""
    spec, classes = FeatureSpec.from_json(meta["features"]), [str(c) for c in meta["classes"]]
    try:
        char, word = (_block(arrays, f"{prefix}.{kind}", prefix) for kind in ("char", "word"))
        return LinearTextModel(
            spec,
            char,
            word,
            np.asarray(arrays[f"{prefix}.coef"], dtype=np.float64),
            np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float64),
            classes,
        )
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"model '{prefix}' in {ARTIFACT_NAME} is malformed: {exc}") from exc


def _npz_bytes(arrays: dict[str, np.ndarray[Any, Any]]) -> bytes:
    """An .npz archive with fixed timestamps and key order, so rebuilds are byte-identical."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def write_artifact(
    directory: Path, arrays: dict[str, np.ndarray[Any, Any]], meta: dict[str, Any]
) -> dict[str, Any]:
    """Write model.npz and metadata.json (with the artifact's sha256); returns the metadata."""
    directory.mkdir(parents=True, exist_ok=True)
    artifact = directory / ARTIFACT_NAME
    artifact.write_bytes(_npz_bytes(arrays))
    full = {
        "format": FORMAT,
        "feature_version": FEATURE_VERSION,
        "sklearn_version": sklearn_version(),
        **meta,
        "artifact": ARTIFACT_NAME,
        "artifact_sha256": file_sha256(artifact),
    }
    (directory / METADATA_NAME).write_text(
        json.dumps(full, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return full


def _major_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def read_metadata(directory: Path) -> dict[str, Any]:
    """Read and check metadata.json; raises ModelError with what to do about it."""
    path = directory / METADATA_NAME
    if not path.is_file():
        raise ModelError(f"no {METADATA_NAME} in {directory}: not a Kuzet model directory")
    try:
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is unreadable: {exc}") from exc
    retrain = "retrain it with `kuzet train` (or `python -m classifiers.training.build_default`)"
    if meta.get("format") != FORMAT:
        raise ModelError(f"{path}: format {meta.get('format')!r}, expected {FORMAT!r}; {retrain}")
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"{path}: built with feature version {meta.get('feature_version')!r} but this code "
            f"computes {FEATURE_VERSION!r}; {retrain}"
        )
    built = str(meta.get("sklearn_version", "?"))
    installed = sklearn_version()
    # Inference reads the exported arrays with numpy alone; scikit-learn comes with the
    # `train` extra. Where it is installed, a model from another version is refused.
    if installed != "absent" and _major_minor(built) != _major_minor(installed):
        raise ModelError(
            f"{path}: trained with scikit-learn {built}, installed is {installed}; "
            f"install scikit-learn=={_major_minor(built)}.* or {retrain}"
        )
    return meta


def read_artifact(directory: Path, meta: dict[str, Any]) -> dict[str, np.ndarray[Any, Any]]:
    """Verify model.npz against the metadata's sha256, then load it without pickle."""
    path = directory / str(meta.get("artifact", ARTIFACT_NAME))
    if path.parent != directory or not path.is_file():
        raise ModelError(f"model artifact {path} is missing")
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != meta.get("artifact_sha256"):
        raise ModelError(
            f"{path}: sha256 {actual[:16]}… does not match metadata "
            f"({str(meta.get('artifact_sha256'))[:16]}…); the file is corrupt or was "
            "replaced — refusing to load it"
        )
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: not a valid model archive: {exc}") from exc
