"""Typed access to one TOML table, with errors that name the full key path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.config.model import ConfigError

_MISSING: Any = object()


class Section:
    """A TOML table plus its dotted path, so each error says exactly which key is wrong.

    A community's table merged over `[defaults]` remembers which keys it inherited, and
    names those by their place under `defaults.`: the mistake is there, not in the
    community that happens to inherit it.
    """

    def __init__(
        self,
        path: str,
        data: Mapping[str, Any],
        environ: Mapping[str, str],
        inherited: Section | None = None,
        own: Mapping[str, Any] | None = None,
    ) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path or 'config'}: expected a table")
        self.path = path
        self.data = data
        self.environ = environ
        self.inherited = inherited  # the defaults' table of the same place, if any
        self.own = data if own is None else own  # the keys written here, not inherited

    def key(self, name: str) -> str:
        if self.inherited is not None and name not in self.own and name in self.inherited.data:
            return self.inherited.key(name)
        return f"{self.path}.{name}" if self.path else name

    def reject_unknown(self, allowed: set[str]) -> None:
        for name in self.data:
            if name not in allowed:
                known = ", ".join(sorted(allowed))
                raise ConfigError(f"{self.key(name)}: unknown key (known here: {known})")

    def section(self, name: str) -> Section:
        value = self.data.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(f"{self.key(name)}: expected a table")
        if self.inherited is None:
            return Section(self.key(name), value, self.environ)
        own = self.own.get(name, {})
        return Section(
            f"{self.path}.{name}" if self.path else name,
            value,
            self.environ,
            inherited=self.inherited.section(name),
            own=own if isinstance(own, Mapping) else {},
        )

    def sections(self, name: str) -> Iterator[Section]:
        value = self.data.get(name, [])
        if not isinstance(value, list):
            raise ConfigError(f"{self.key(name)}: expected an array of tables ([[{name}]])")
        for index, item in enumerate(value):
            yield Section(f"{self.key(name)}[{index}]", item, self.environ)

    def with_defaults(self, defaults: Section) -> Section:
        merged = {**defaults.data, **self.data}
        for table in ("night", "strikes"):
            if isinstance(defaults.data.get(table), Mapping) or isinstance(
                self.data.get(table), Mapping
            ):
                merged[table] = {**defaults.data.get(table, {}), **self.data.get(table, {})}
        return Section(self.path, merged, self.environ, inherited=defaults, own=self.data)

    def _get(self, name: str, default: Any) -> Any:
        if name in self.data:
            return self.data[name]
        if default is None:
            raise ConfigError(f"{self.key(name)}: required key is missing")
        return default

    def string(self, name: str, default: str | None) -> str:
        value = self._get(name, default)
        if not isinstance(value, str):
            raise ConfigError(f"{self.key(name)}: expected a string, got {value!r}")
        return value

    def secret(self, name: str) -> str:
        """A secret: a literal, or "env:NAME" read from the environment."""
        value = self.string(name, "")
        if value.startswith("env:"):
            variable = value[4:]
            if variable not in self.environ or not self.environ[variable]:
                raise ConfigError(f"{self.key(name)}: environment variable {variable} is not set")
            return self.environ[variable]
        return value

    def integer(self, name: str, default: int | None) -> int:
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{self.key(name)}: expected an integer, got {value!r}")
        return value

    def optional_integer(self, name: str) -> int | None:
        if name not in self.data:
            return None
        return self.integer(name, None)

    def integers(self, name: str) -> list[int]:
        values = self.list(name)
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"{self.key(name)}: expected integers, got {value!r}")
        return values

    def list(self, name: str) -> list[Any]:
        value = self.data.get(name, [])
        if not isinstance(value, list):
            raise ConfigError(f"{self.key(name)}: expected a list, got {value!r}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise ConfigError(f"{self.key(name)}: expected true or false, got {value!r}")
        return value

    def fraction(self, name: str, default: float) -> float:
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"{self.key(name)}: expected a number from 0 to 1, got {value!r}")
        return float(value)

    def choice(self, name: str, options: tuple[str, ...], default: str | None) -> str:
        value = self.string(name, default)
        if value not in options:
            expected = ", ".join(options)
            raise ConfigError(f"{self.key(name)}: expected one of {expected}, got {value!r}")
        return value
