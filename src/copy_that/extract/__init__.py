"""Extractors: one pure function per token kind, from an analysed image to measured tokens."""

from copy_that.extract._contribution import Contribution
from copy_that.extract.borders import BorderOptions, extract_borders
from copy_that.extract.colors import ColorOptions, extract_colors
from copy_that.extract.radii import RadiusOptions, extract_radii
from copy_that.extract.shadows import ShadowOptions, extract_shadows
from copy_that.extract.spacing import SpacingOptions, extract_spacing
from copy_that.extract.typography import TypographyOptions, extract_typography

__all__ = [
    "BorderOptions",
    "ColorOptions",
    "Contribution",
    "RadiusOptions",
    "ShadowOptions",
    "SpacingOptions",
    "TypographyOptions",
    "extract_borders",
    "extract_colors",
    "extract_radii",
    "extract_shadows",
    "extract_spacing",
    "extract_typography",
]
