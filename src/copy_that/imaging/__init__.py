"""Image decoding and colour spaces: bytes in, an sRGB `Image` with alpha and OKLab out.

Conventions used throughout Copy That:

- arrays are indexed ``[row, col]``; shapes are ``(H, W)`` or ``(H, W, 3)``;
- boxes are ``(x, y, w, h)`` in image pixels, x to the right and y down from the top-left corner;
- CSS px = image px / ``dpr`` (device pixel ratio); only tokens are written in CSS px;
- colours are sRGB (IEC 61966-2-1) unless a name says ``linear``, ``oklab``, ``oklch`` or ``lab``.
"""

from copy_that.imaging._colorspace import (
    LUMA,
    SRGB8_TO_LINEAR,
    lab_from_srgb,
    linear_from_oklab,
    linear_from_srgb,
    oklab_from_linear,
    oklab_from_oklch,
    oklab_from_srgb,
    oklab_from_srgb8,
    oklch_from_oklab,
    srgb8_from_srgb,
    srgb_from_linear,
    srgb_from_oklab,
)
from copy_that.imaging._delta_e import delta_e_2000, delta_e_2000_srgb
from copy_that.imaging._image import Image
from copy_that.imaging._keys import pack_rgb, unpack_keys
from copy_that.imaging._load import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, LoadOptions, load_image

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "LUMA",
    "SRGB8_TO_LINEAR",
    "Image",
    "LoadOptions",
    "delta_e_2000",
    "delta_e_2000_srgb",
    "lab_from_srgb",
    "linear_from_oklab",
    "linear_from_srgb",
    "load_image",
    "oklab_from_linear",
    "oklab_from_oklch",
    "oklab_from_srgb",
    "oklab_from_srgb8",
    "oklch_from_oklab",
    "pack_rgb",
    "srgb8_from_srgb",
    "srgb_from_linear",
    "srgb_from_oklab",
    "unpack_keys",
]
