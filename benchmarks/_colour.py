"""Colour helpers for scoring: sRGB ↔ CIELAB and CIEDE2000 distance matrices.

The scorer uses scikit-image's CIELAB and CIEDE2000, not Copy That's own, so that a bug in the
code under test cannot make its own answers look right.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from skimage.color import deltaE_ciede2000, rgb2lab

__all__ = ["delta_e_matrix", "hex_from_rgb", "lab_from_rgb8", "rgb_from_hex"]

RGB8 = tuple[int, int, int]


def rgb_from_hex(text: str) -> RGB8:
    """``#rrggbb`` (or ``#rrggbbaa``; alpha dropped) → 8-bit sRGB."""
    digits = text.lstrip("#")
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def hex_from_rgb(rgb: Sequence[float]) -> str:
    """8-bit sRGB → ``#rrggbb``."""
    r, g, b = (max(0, min(255, round(c))) for c in rgb[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def lab_from_rgb8(colours: Sequence[Sequence[float]] | NDArray[np.float64]) -> NDArray[np.float64]:
    """8-bit sRGB colours of shape (N, 3) → CIELAB (D65) of shape (N, 3)."""
    arr = np.asarray(colours, dtype=np.float64).reshape(-1, 1, 3) / 255.0
    return np.asarray(rgb2lab(arr).reshape(-1, 3), dtype=np.float64)


def delta_e_matrix(
    first: Sequence[Sequence[float]] | NDArray[np.float64],
    second: Sequence[Sequence[float]] | NDArray[np.float64],
) -> NDArray[np.float64]:
    """CIEDE2000 between every colour of `first` (N, 3) and `second` (M, 3), 8-bit sRGB → (N, M)."""
    lab1 = lab_from_rgb8(first)
    lab2 = lab_from_rgb8(second)
    if len(lab1) == 0 or len(lab2) == 0:
        return np.zeros((len(lab1), len(lab2)))
    return np.asarray(deltaE_ciede2000(lab1[:, None, :], lab2[None, :, :]), dtype=np.float64)
