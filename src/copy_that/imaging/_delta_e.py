"""Colour difference CIEDE2000, vectorised over arrays of CIELAB colours.

A ΔE2000 of about 1 is the smallest difference most observers notice side by side; UI colours that
differ by less than that are the same design colour.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copy_that.imaging._colorspace import lab_from_srgb

__all__ = ["delta_e_2000", "delta_e_2000_srgb"]

# 25 ** 7, the constant in the chroma compensation G of CIEDE2000.
_POW25_7 = 25.0**7


def delta_e_2000(lab1: ArrayLike, lab2: ArrayLike) -> NDArray[np.float64]:
    """CIEDE2000 colour difference with kL = kC = kH = 1.

    Parameters
    ----------
    lab1, lab2 : array_like of shape (..., 3)
        CIELAB colours; shapes broadcast against each other.

    Returns
    -------
    ndarray of shape (...), dtype float64
        ΔE2000 for each pair.

    Notes
    -----
    CIE 142-2001; implementation follows Sharma, Wu & Dalal, "The CIEDE2000 color-difference
    formula: implementation notes, supplementary test data, and mathematical observations",
    Color Research & Application 30(1), 2005, including its hue-averaging rules.
    """
    a1 = np.asarray(lab1, dtype=np.float64)
    a2 = np.asarray(lab2, dtype=np.float64)
    l1, aa1, b1 = a1[..., 0], a1[..., 1], a1[..., 2]
    l2, aa2, b2 = a2[..., 0], a2[..., 1], a2[..., 2]

    c_bar = (np.hypot(aa1, b1) + np.hypot(aa2, b2)) / 2.0
    c_bar7 = c_bar**7
    g = 0.5 * (1.0 - np.sqrt(c_bar7 / (c_bar7 + _POW25_7)))
    ap1 = aa1 * (1.0 + g)
    ap2 = aa2 * (1.0 + g)
    cp1 = np.hypot(ap1, b1)
    cp2 = np.hypot(ap2, b2)
    hp1 = np.degrees(np.arctan2(b1, ap1)) % 360.0
    hp2 = np.degrees(np.arctan2(b2, ap2)) % 360.0
    both_chromatic = (cp1 * cp2) != 0.0

    dl = l2 - l1
    dc = cp2 - cp1
    dh_raw = hp2 - hp1
    dh = np.where(dh_raw > 180.0, dh_raw - 360.0, np.where(dh_raw < -180.0, dh_raw + 360.0, dh_raw))
    dh = np.where(both_chromatic, dh, 0.0)
    d_hue = 2.0 * np.sqrt(cp1 * cp2) * np.sin(np.radians(dh) / 2.0)

    l_bar = (l1 + l2) / 2.0
    cp_bar = (cp1 + cp2) / 2.0
    h_sum = hp1 + hp2
    h_bar = np.where(
        np.abs(hp1 - hp2) <= 180.0,
        h_sum / 2.0,
        np.where(h_sum < 360.0, (h_sum + 360.0) / 2.0, (h_sum - 360.0) / 2.0),
    )
    h_bar = np.where(both_chromatic, h_bar, h_sum)

    t = (
        1.0
        - 0.17 * np.cos(np.radians(h_bar - 30.0))
        + 0.24 * np.cos(np.radians(2.0 * h_bar))
        + 0.32 * np.cos(np.radians(3.0 * h_bar + 6.0))
        - 0.20 * np.cos(np.radians(4.0 * h_bar - 63.0))
    )
    d_theta = 30.0 * np.exp(-(((h_bar - 275.0) / 25.0) ** 2))
    cp_bar7 = cp_bar**7
    r_c = 2.0 * np.sqrt(cp_bar7 / (cp_bar7 + _POW25_7))
    l50 = (l_bar - 50.0) ** 2
    s_l = 1.0 + 0.015 * l50 / np.sqrt(20.0 + l50)
    s_c = 1.0 + 0.045 * cp_bar
    s_h = 1.0 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2.0 * d_theta)) * r_c

    term_l = dl / s_l
    term_c = dc / s_c
    term_h = d_hue / s_h
    result: NDArray[np.float64] = np.sqrt(term_l**2 + term_c**2 + term_h**2 + r_t * term_c * term_h)
    return result


def delta_e_2000_srgb(srgb1: ArrayLike, srgb2: ArrayLike) -> NDArray[np.float64]:
    """CIEDE2000 between gamma-encoded sRGB colours (0–1), via CIELAB D65; see `delta_e_2000`."""
    return delta_e_2000(lab_from_srgb(srgb1), lab_from_srgb(srgb2))
