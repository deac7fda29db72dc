"""Model versions on disk: the active one, the ones before it, and rollback.

    <root>/versions/<version>/model.npz + metadata.json
    <root>/active.json   {"active": "<version>", "previous": ["<older>", …]}

A version directory is added only after `ModelBundle.load` accepted it (format, feature
version, scikit-learn version and sha256 all checked), and is loaded the same way again
each time: a file changed behind the store's back is refused, never trusted. Version names
are checked against a strict pattern, so `active.json` cannot point outside the store.
`active.json` is replaced atomically (write, then rename).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from classifiers.errors import ModelError
from classifiers.model.artifact import ARTIFACT_NAME, METADATA_NAME, read_metadata
from classifiers.model.bundle import ModelBundle

ACTIVE_NAME = "active.json"
NOTES_NAME = "notes.json"
_VERSION = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
# Older versions kept for rollback; beyond this the oldest directory is deleted.
KEEP_PREVIOUS = 5


@dataclass(frozen=True, slots=True)
class StoreState:
    active: str | None
    previous: tuple[str, ...]


class ModelStore:
    """A directory of verified model versions with one active version."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _version_dir(self, version: str) -> Path:
        if not _VERSION.match(version):
            raise ModelError(f"model store {self.root}: {version!r} is not a version name")
        return self.root / "versions" / version

    def state(self) -> StoreState:
        path = self.root / ACTIVE_NAME
        if not path.is_file():
            return StoreState(None, ())
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            active = data["active"]
            previous = tuple(str(v) for v in data.get("previous", []))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{path} is unreadable: {exc!r}") from exc
        for version in (active, *previous):
            self._version_dir(str(version))  # refuses names that are not ours
        return StoreState(str(active), previous)

    def _write_state(self, state: StoreState) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / ACTIVE_NAME
        temporary = path.with_suffix(".tmp")
        payload = {"active": state.active, "previous": list(state.previous)}
        temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)

    def active_dir(self) -> Path | None:
        """The active version's directory, or None when nothing was promoted yet."""
        active = self.state().active
        return self._version_dir(active) if active else None

    def load(self, version: str | None = None) -> ModelBundle:
        """A version (default: the active one), verified as any model directory is."""
        wanted = version or self.state().active
        if not wanted:
            raise ModelError(f"model store {self.root} has no active model")
        return ModelBundle.load(self._version_dir(wanted))

    def metadata(self, version: str) -> dict[str, Any]:
        return read_metadata(self._version_dir(version))

    def notes(self, version: str) -> dict[str, Any]:
        path = self._version_dir(version) / NOTES_NAME
        try:
            found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found

    def add(self, candidate: Path, now: datetime, notes: dict[str, Any] | None = None) -> str:
        """Copy a trained model directory in (after verifying it); returns its version.
        `notes`: how it compared with the model active then (`notes.json`, informational)."""
        bundle = ModelBundle.load(candidate)
        sha = str(bundle.metadata["artifact_sha256"])[:12]
        version = f"{now:%Y%m%d-%H%M%S}-{sha}"
        target = self._version_dir(version)
        if not target.is_dir():
            staging = target.with_name(version + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            for name in (ARTIFACT_NAME, METADATA_NAME):
                shutil.copyfile(candidate / name, staging / name)
            if notes is not None:
                text = json.dumps(notes, ensure_ascii=False, indent=2, sort_keys=True)
                (staging / NOTES_NAME).write_text(text + "\n", encoding="utf-8")
            os.replace(staging, target)
        ModelBundle.load(target)  # the copy is what will be loaded: check it too
        return version

    def promote(self, version: str) -> StoreState:
        """Make `version` active; the active one becomes the first to roll back to."""
        self.load(version)
        current = self.state()
        previous = [v for v in (current.active, *current.previous) if v and v != version]
        state = StoreState(version, tuple(previous[:KEEP_PREVIOUS]))
        self._write_state(state)
        for dropped in previous[KEEP_PREVIOUS:]:
            shutil.rmtree(self._version_dir(dropped), ignore_errors=True)
        return state

    def rollback(self) -> StoreState:
        """Go back to the version before the active one (which stays on disk)."""
        current = self.state()
        if not current.previous:
            raise ModelError("there is no previous model to roll back to")
        back, *rest = current.previous
        self.load(back)  # refuse a damaged version before switching to it
        state = StoreState(back, tuple(rest))
        self._write_state(state)
        return state
