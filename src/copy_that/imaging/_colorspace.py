"""Vectorised colour-space conversions: sRGB ↔ linear sRGB ↔ OKLab ↔ OKLCH, and sRGB → CIELAB (D65).

Every function takes an array whose last axis holds the three channels and returns an array of the
same leading shape, so one call converts a single colour ``(3,)``, a list ``(N, 3)`` or an image
``(H, W, 3)``. Floats are ``float64`` unless the function says otherwise.

Notes
-----
- sRGB transfer function: IEC 61966-2-1:1999.
- OKLab: Björn Ottosson, "A perceptual color space for image processing" (2020), with the matrices
  for linear sRGB (D65).
- CIELAB here is relative to the D65 white of sRGB (no chromatic adaptation to D50), which is what
  colour differences between screen colours are usually computed in.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LUMA",
    "SRGB8_TO_LINEAR",
    "lab_from_srgb",
    "linear_from_oklab",
    "linear_from_srgb",
    "oklab_from_linear",
    "oklab_from_oklch",
    "oklab_from_srgb",
    "oklab_from_srgb8",
    "oklch_from_oklab",
    "srgb8_from_srgb",
    "srgb_from_linear",
    "srgb_from_oklab",
]

FloatArray = NDArray[np.float64]

# Linear sRGB → LMS (cone response) and LMS' (cube-rooted) → OKLab, from Ottosson (2020).
_LINEAR_TO_LMS = np.array(
    [
        [0.4122214708, 0.5363325363, 0.0514459929],
        [0.2119034982, 0.6806995451, 0.1073969566],
        [0.0883024619, 0.2817188376, 0.6299787005],
    ]
)
_LMS_TO_OKLAB = np.array(
    [
        [0.2104542553, 0.7936177850, -0.0040720468],
        [1.9779984951, -2.4285922050, 0.4505937099],
        [0.0259040371, 0.7827717662, -0.8086757660],
    ]
)
_LMS_TO_LINEAR = np.linalg.inv(_LINEAR_TO_LMS)
_OKLAB_TO_LMS = np.linalg.inv(_LMS_TO_OKLAB)

# Linear sRGB → CIE XYZ (D65), IEC 61966-2-1; the white point is the image of (1, 1, 1).
_LINEAR_TO_XYZ = np.array(
    [
        [0.4123907993, 0.3575843394, 0.1804807884],
        [0.2126390059, 0.7151686788, 0.0721923154],
        [0.0193308187, 0.1191947798, 0.9505321522],
    ]
)
_WHITE_D65 = _LINEAR_TO_XYZ.sum(axis=1)

# CIELAB constants (CIE 15:2004): ε = (6/29)³ and κ-based linear segment below it.
_LAB_EPSILON = (6.0 / 29.0) ** 3
_LAB_SLOPE = (29.0 / 6.0) ** 2 / 3.0
_LAB_OFFSET = 4.0 / 29.0


def linear_from_srgb(srgb: ArrayLike) -> FloatArray:
    """Decode gamma-encoded sRGB (0–1) to linear light (0–1).

    Parameters
    ----------
    srgb : array_like of shape (..., 3)
        sRGB components in 0–1.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        Linear-light sRGB components.
    """
    c = np.asarray(srgb, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def srgb_from_linear(linear: ArrayLike) -> FloatArray:
    """Encode linear-light sRGB (0–1) with the sRGB transfer function.

    Parameters
    ----------
    linear : array_like of shape (..., 3)
        Linear-light components; values outside 0–1 keep their sign (no clipping).

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        Gamma-encoded sRGB components.
    """
    c = np.asarray(linear, dtype=np.float64)
    magnitude = np.abs(c)
    encoded = np.where(
        magnitude <= 0.0031308, 12.92 * magnitude, 1.055 * magnitude ** (1 / 2.4) - 0.055
    )
    return np.copysign(encoded, c)


#: ITU-R BT.601 luma weights of sRGB code values, shape (3,), float64: the Y of JPEG's YCbCr,
#: which JPEG keeps at full resolution while it subsamples and smears chroma.
LUMA: FloatArray = np.array([0.299, 0.587, 0.114])

#: Lookup table: 8-bit sRGB code value → linear light, shape (256,), float64.
SRGB8_TO_LINEAR: FloatArray = linear_from_srgb(np.arange(256) / 255.0)


def oklab_from_linear(linear: ArrayLike) -> FloatArray:
    """Convert linear sRGB to OKLab.

    Parameters
    ----------
    linear : array_like of shape (..., 3)
        Linear-light sRGB components.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        ``(L, a, b)`` with L in 0–1 (0 black, 1 white); a and b roughly in −0.4–0.4.
    """
    lms = np.asarray(linear, dtype=np.float64) @ _LINEAR_TO_LMS.T
    oklab: FloatArray = np.cbrt(lms) @ _LMS_TO_OKLAB.T
    return oklab


def linear_from_oklab(oklab: ArrayLike) -> FloatArray:
    """Convert OKLab to linear sRGB (out-of-gamut values are returned unclipped).

    Parameters
    ----------
    oklab : array_like of shape (..., 3)
        ``(L, a, b)`` coordinates.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        Linear-light sRGB components, possibly outside 0–1.
    """
    lms_ = np.asarray(oklab, dtype=np.float64) @ _OKLAB_TO_LMS.T
    return (lms_**3) @ _LMS_TO_LINEAR.T


def oklab_from_srgb(srgb: ArrayLike) -> FloatArray:
    """Convert gamma-encoded sRGB (0–1) to OKLab; see `oklab_from_linear`."""
    return oklab_from_linear(linear_from_srgb(srgb))


def srgb_from_oklab(oklab: ArrayLike) -> FloatArray:
    """Convert OKLab to gamma-encoded sRGB (0–1, unclipped); see `linear_from_oklab`."""
    return srgb_from_linear(linear_from_oklab(oklab))


def oklab_from_srgb8(rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Convert 8-bit sRGB to OKLab through a lookup table (fast path for whole images).

    Parameters
    ----------
    rgb : ndarray of shape (..., 3), dtype uint8
        sRGB code values.

    Returns
    -------
    ndarray of shape (..., 3), dtype float32
        OKLab coordinates.
    """
    if rgb.dtype != np.uint8:
        raise TypeError(f"rgb must have dtype uint8, got {rgb.dtype}")
    linear = SRGB8_TO_LINEAR.astype(np.float32)[rgb]
    lms = linear @ _LINEAR_TO_LMS.T.astype(np.float32)
    return np.asarray(np.cbrt(lms) @ _LMS_TO_OKLAB.T.astype(np.float32), dtype=np.float32)


def srgb8_from_srgb(srgb: ArrayLike) -> NDArray[np.uint8]:
    """Quantise sRGB components (0–1) to 8-bit code values, clipping out-of-range values.

    Parameters
    ----------
    srgb : array_like of shape (..., 3)
        sRGB components.

    Returns
    -------
    ndarray of shape (..., 3), dtype uint8
    """
    c = np.clip(np.asarray(srgb, dtype=np.float64), 0.0, 1.0)
    return np.asarray(np.round(c * 255.0), dtype=np.uint8)


def oklch_from_oklab(oklab: ArrayLike) -> FloatArray:
    """Convert OKLab to OKLCH.

    Parameters
    ----------
    oklab : array_like of shape (..., 3)
        ``(L, a, b)`` coordinates.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        ``(L, C, h)``: lightness 0–1, chroma ≥ 0, hue in degrees 0–360 (0 for achromatic colours).
    """
    lab = np.asarray(oklab, dtype=np.float64)
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0
    return np.stack([lab[..., 0], chroma, hue], axis=-1)


def oklab_from_oklch(oklch: ArrayLike) -> FloatArray:
    """Convert OKLCH (hue in degrees) to OKLab.

    Parameters
    ----------
    oklch : array_like of shape (..., 3)
        ``(L, C, h)`` with h in degrees.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
    """
    lch = np.asarray(oklch, dtype=np.float64)
    hue_rad = np.radians(lch[..., 2])
    return np.stack(
        [lch[..., 0], lch[..., 1] * np.cos(hue_rad), lch[..., 1] * np.sin(hue_rad)], axis=-1
    )


def lab_from_srgb(srgb: ArrayLike) -> FloatArray:
    """Convert gamma-encoded sRGB (0–1) to CIELAB relative to the D65 white.

    Parameters
    ----------
    srgb : array_like of shape (..., 3)
        sRGB components in 0–1.

    Returns
    -------
    ndarray of shape (..., 3), dtype float64
        ``(L*, a*, b*)`` with L* in 0–100.
    """
    xyz = linear_from_srgb(srgb) @ _LINEAR_TO_XYZ.T
    ratio = xyz / _WHITE_D65
    f = np.where(ratio > _LAB_EPSILON, np.cbrt(ratio), ratio * _LAB_SLOPE + _LAB_OFFSET)
    lightness = 116.0 * f[..., 1] - 16.0
    a = 500.0 * (f[..., 0] - f[..., 1])
    b = 200.0 * (f[..., 1] - f[..., 2])
    return np.stack([lightness, a, b], axis=-1)
