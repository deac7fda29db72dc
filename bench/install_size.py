"""The installed size of a checkout's default install, from the environment it runs in.

The default dependencies in `pyproject.toml` are resolved recursively through the installed
distributions' metadata (extras and markers that do not apply are skipped); each
distribution counts the files its RECORD lists, as they are on disk. Kuzet's own packages
count what the checkout holds of them (caches excluded).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

PACKAGES = ("bot", "moderation", "classifiers", "migrations")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _applies(requirement: str) -> bool:
    """False for a requirement behind an extra or a marker this environment does not meet."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # without packaging: anything not behind an extra
        return "extra ==" not in requirement and "extra==" not in requirement
    marker = Requirement(requirement).marker
    return marker is None or marker.evaluate({"extra": ""})


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _distribution_bytes(dist: metadata.Distribution) -> int:
    total = 0
    for file in dist.files or ():
        path = Path(str(file.locate()))
        if path.is_file():
            total += path.stat().st_size
    return total


def default_install_bytes(pyproject: Path) -> int:
    """Bytes on disk of the default dependencies (recursively) plus Kuzet's own packages."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pending = [r for r in project["dependencies"] if _applies(r)]
    seen: set[str] = set()
    total = 0
    while pending:
        match = _NAME.match(pending.pop())
        if match is None:
            continue
        name = _canonical(match.group(1))
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here (a marker for another platform)
        total += _distribution_bytes(dist)
        pending += [r for r in dist.requires or () if _applies(r)]
    root = pyproject.parent
    for package in PACKAGES:
        for path in (root / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                total += path.stat().st_size
    return total
