"""Colour science for design tokens: names, contrast (WCAG 2.1, APCA) and tonal ramps."""

from copy_that.colorimetry.contrast import (
    WCAG_AA_LARGE_TEXT,
    WCAG_AA_NORMAL_TEXT,
    ApcaContrast,
    ContrastMethod,
    ContrastRegistry,
    Srgb8,
    Wcag21Contrast,
    apca_lc,
    contrast,
    default_contrast_registry,
    relative_luminance,
    wcag21_ratio,
)
from copy_that.colorimetry.naming import (
    GREY_MAX_CHROMA,
    HUE_FAMILIES,
    TINTED_GREY_MAX_CHROMA,
    color_name,
    hue_family,
)
from copy_that.colorimetry.ramps import RAMP_STEPS, RampStep, TonalRamp, tonal_ramp, tonal_ramps

__all__ = [
    "GREY_MAX_CHROMA",
    "HUE_FAMILIES",
    "RAMP_STEPS",
    "TINTED_GREY_MAX_CHROMA",
    "WCAG_AA_LARGE_TEXT",
    "WCAG_AA_NORMAL_TEXT",
    "ApcaContrast",
    "ContrastMethod",
    "ContrastRegistry",
    "RampStep",
    "Srgb8",
    "TonalRamp",
    "Wcag21Contrast",
    "apca_lc",
    "color_name",
    "contrast",
    "default_contrast_registry",
    "hue_family",
    "relative_luminance",
    "tonal_ramp",
    "tonal_ramps",
    "wcag21_ratio",
]
