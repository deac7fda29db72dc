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
    return sum(default_install(pyproject).values())


def default_install(pyproject: Path) -> dict[str, int]:
    """Bytes on disk per distribution of the default install ("kuzet": its own packages)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pending = [r for r in project["dependencies"] if _applies(r)]
    sizes: dict[str, int] = {}
    while pending:
        match = _NAME.match(pending.pop())
        if match is None:
            continue
        name = _canonical(match.group(1))
        if name in sizes:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            sizes[name] = 0
            continue  # not installed here (a marker for another platform)
        sizes[name] = _distribution_bytes(dist)
        pending += [r for r in dist.requires or () if _applies(r)]
    root = pyproject.parent
    sizes["kuzet"] = sum(
        path.stat().st_size
        for package in PACKAGES
        for path in (root / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    return sizes


if __name__ == "__main__":
    found = default_install(Path(__file__).resolve().parents[1] / "pyproject.toml")
    print(f"default install: {sum(found.values()) / 1e6:.0f} MB")
    for name, size in sorted(found.items(), key=lambda item: -item[1])[:12]:
        print(f"{name:<28}{size / 1e6:>8.1f} MB")
