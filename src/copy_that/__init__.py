"""Copy That: measure a design system from an image and write it as W3C Design Tokens.

The public surface is small: decode with `load_image`, measure with `extract`, write with
`export` (any registered format) or `copy_that.tokens.dtcg`. Everything raised on purpose is a
`CopyThatError`.

Names are imported lazily (PEP 562), so ``import copy_that.service`` or ``copy-that --version``
does not load the vision stack (OpenCV, SciPy) until an extraction needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from copy_that._version import __version__

if TYPE_CHECKING:
    from copy_that.errors import CopyThatError
    from copy_that.exporters import ExportOptions, export
    from copy_that.imaging import Image, LoadOptions, load_image
    from copy_that.pipeline import ExtractOptions, extract
    from copy_that.tokens.model import Token, TokenSet

__all__ = [
    "CopyThatError",
    "ExportOptions",
    "ExtractOptions",
    "Image",
    "LoadOptions",
    "Token",
    "TokenSet",
    "__version__",
    "export",
    "extract",
    "load_image",
]

# Public name → the module that defines it.
_LAZY = {
    "CopyThatError": "copy_that.errors",
    "ExportOptions": "copy_that.exporters",
    "export": "copy_that.exporters",
    "Image": "copy_that.imaging",
    "LoadOptions": "copy_that.imaging",
    "load_image": "copy_that.imaging",
    "ExtractOptions": "copy_that.pipeline",
    "extract": "copy_that.pipeline",
    "Token": "copy_that.tokens.model",
    "TokenSet": "copy_that.tokens.model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'copy_that' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
