"""Copy That: measure a design system from an image and write it as W3C Design Tokens.

The public surface is small: decode with `load_image`, measure with `extract`, write with
`export` (any registered format) or `copy_that.tokens.dtcg`. Everything raised on purpose is a
`CopyThatError`.
"""

from copy_that._version import __version__
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
