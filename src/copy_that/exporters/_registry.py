"""The exporter registry: format name → exporter, with one explicit list of the built-ins.

An exporter is a module (or any object) with ``NAME``, ``EXTENSION``, ``MEDIA_TYPE``,
``DESCRIPTION`` and ``render(tokens, options) -> str``; it may add
``render_files(tokens, options) -> dict[str, str]`` for formats that write several files
(relative path → text). Without it, `Exporter.render_files` writes one file named
``<file_stem>.<EXTENSION>``. Nothing registers itself on import: `default_registry` builds a
registry from `BUILTINS`, and tests build a fresh `Registry()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from copy_that.errors import UnknownFormatError
from copy_that.exporters import (
    android,
    compose,
    css,
    dtcg,
    flutter,
    material3,
    scss,
    swiftui,
    tailwind,
    tailwind_v3,
    tokens_studio,
    ts,
)
from copy_that.exporters._common import ExportOptions
from copy_that.tokens.model import TokenSet

__all__ = ["BUILTINS", "Exporter", "Registry", "default_registry", "export"]

#: Every built-in exporter module, in the order `copy-that formats` lists them.
BUILTINS: tuple[ModuleType, ...] = (
    dtcg,
    css,
    scss,
    tailwind,
    tailwind_v3,
    ts,
    flutter,
    swiftui,
    compose,
    android,
    tokens_studio,
    material3,
)

Render = Callable[[TokenSet, ExportOptions], str]
RenderFiles = Callable[[TokenSet, ExportOptions], dict[str, str]]


@dataclass(frozen=True)
class Exporter:
    """A registered format: its name, file extension, media type, description and renderers."""

    name: str
    extension: str
    media_type: str
    description: str
    render: Render
    render_files_hook: RenderFiles | None = None

    @classmethod
    def from_module(cls, module: Any) -> Exporter:
        """Check `module` has the exporter attributes and wrap it.

        Raises
        ------
        TypeError
            An attribute is missing or of the wrong kind (named in the message).
        """
        where = getattr(module, "__name__", repr(module))
        for attr in ("NAME", "EXTENSION", "MEDIA_TYPE", "DESCRIPTION"):
            if not isinstance(getattr(module, attr, None), str) or not getattr(module, attr):
                raise TypeError(f"exporter {where} needs a non-empty string {attr}")
        if not callable(getattr(module, "render", None)):
            raise TypeError(f"exporter {where} needs render(tokens, options) -> str")
        hook = getattr(module, "render_files", None)
        if hook is not None and not callable(hook):
            raise TypeError(f"exporter {where}: render_files must be callable")
        return cls(
            module.NAME,
            module.EXTENSION,
            module.MEDIA_TYPE,
            module.DESCRIPTION,
            module.render,
            hook,
        )

    def render_files(self, tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
        """Every file of the format: relative path → text (one file unless the format has more)."""
        if self.render_files_hook is not None:
            return self.render_files_hook(tokens, options)
        return {f"{options.file_stem}.{self.extension}": self.render(tokens, options)}


class Registry:
    """Format name → `Exporter`; ``Registry(BUILTINS)`` holds the built-ins."""

    def __init__(self, modules: Iterable[Any] = ()) -> None:
        self._exporters: dict[str, Exporter] = {}
        for module in modules:
            self.register(module)

    def register(self, module: Any, *, overwrite: bool = False) -> Exporter:
        """Register an exporter module (see the module docstring for what it must have).

        Raises
        ------
        ValueError
            Its ``NAME`` is taken and `overwrite` is False.
        TypeError
            It lacks an exporter attribute.
        """
        exporter = Exporter.from_module(module)
        if exporter.name in self._exporters and not overwrite:
            raise ValueError(
                f"a format named {exporter.name!r} is already registered; pass overwrite=True"
            )
        self._exporters[exporter.name] = exporter
        return exporter

    def deregister(self, name: str) -> None:
        """Remove a format.

        Raises
        ------
        UnknownFormatError
            No format has that name.
        """
        self.get(name)
        del self._exporters[name]

    def get(self, name: str) -> Exporter:
        """The exporter registered as `name`.

        Raises
        ------
        UnknownFormatError
            No format has that name; the message lists the registered ones.
        """
        try:
            return self._exporters[name]
        except KeyError:
            raise UnknownFormatError(name, available=list(self._exporters)) from None

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._exporters)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """``(name, extension, media type, description)`` per format, for ``copy-that formats``."""
        return [(e.name, e.extension, e.media_type, e.description) for e in self]

    def __iter__(self) -> Iterator[Exporter]:
        return iter(self._exporters.values())

    def __len__(self) -> int:
        return len(self._exporters)

    def __contains__(self, name: object) -> bool:
        return name in self._exporters


def default_registry() -> Registry:
    """A new registry holding every built-in format (`BUILTINS`)."""
    return Registry(BUILTINS)


def export(tokens: TokenSet, format_name: str, options: ExportOptions | None = None) -> str:
    """Render `tokens` in the built-in format `format_name` (its primary file).

    Raises
    ------
    UnknownFormatError
        `format_name` is not a built-in format.
    ExportError
        The tokens cannot be written in that format (e.g. two names collide).
    """
    return default_registry().get(format_name).render(tokens, options or ExportOptions())
