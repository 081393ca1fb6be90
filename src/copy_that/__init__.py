"""Copy That: measure a design system from an image and write it as W3C Design Tokens."""

from copy_that._version import __version__

__all__ = ["__version__"]
