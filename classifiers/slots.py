"""Building frozen slotted dataclasses on the hot path without their generated __init__.

A frozen dataclass's __init__ sets every field through `object.__setattr__` (a lookup by
name, then the frozen check); `Analysis` is built for every comment and `Match` for every
hit. A builder made here calls each slot's descriptor directly, in a function generated
for the fields as dataclasses generate theirs: the same object, built cheaper (and cheaper
than driving the setters from C with map/operator.call; bench/README.md, "Slotted
builders"). It skips __post_init__ and defaults, so it suits only classes with neither in
play.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def slots_builder(cls: type[T], fields: Sequence[str] | None = None) -> Callable[..., T]:
    """A function taking the values of `fields` (all of them, in that order) and returning
    a `cls` with exactly those slots set; by default a dataclass's own fields, in order."""
    if fields is None:
        fields = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    setters = {f"_set_{i}": cls.__dict__[name].__set__ for i, name in enumerate(fields)}
    params = ", ".join(f"v{i}" for i in range(len(fields)))
    body = "".join(f"    _set_{i}(made, v{i})\n" for i in range(len(fields)))
    # Generated, as dataclasses generate __init__: a call per slot, positional arguments.
    source = f"def build({params}):\n    made = _new(_cls)\n{body}    return made\n"
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, namespace)  # our own source, built from field positions only
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"new_{cls.__name__}"
    build.__doc__ = f"{cls.__name__}({', '.join(fields)}) with its slots set directly."
    return build
