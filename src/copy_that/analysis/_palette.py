"""Dominant-colour indices for noisy (JPEG) images: each pixel snapped to its nearest UI colour.

JPEG leaves noise of ±5..12 code values inside small saturated fills (chroma subsampling and
quantisation), more than the step between neighbouring pixels that marks an edge in a clean
render. A UI, though, paints few colours over large areas, so the colour histogram has sharp
peaks. Pixels are binned at 6 bits per channel, the histogram smoothed over neighbouring bins,
and its local maxima with enough pixels are the *palette*. Every pixel within `_SNAP_DISTANCE`
(largest channel difference) of a palette colour takes that colour's index; the rest (edges,
anti-aliasing, pictures, gradients) get -1.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

__all__ = ["palette_indices"]

_BITS = 6
_LEVELS = 1 << _BITS
_SHIFT = 8 - _BITS
# A palette colour holds at least this share of the pixels (1 in 10 000: a 10×13 patch in a
# 1280×1000 screenshot) and at least `_MIN_PEAK_PX` pixels.
_MIN_PEAK_SHARE = 1e-4
_MIN_PEAK_PX = 32
# Pixels up to this far (largest channel difference) from a palette colour snap to it: JPEG noise
# in saturated fills reaches about ±12; distinct UI colours are further apart.
_SNAP_DISTANCE = 16.0


def palette_indices(rgb: NDArray[np.uint8]) -> NDArray[np.int16]:
    """Snap every pixel to its nearest dominant colour.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.

    Returns
    -------
    ndarray of shape (H, W), dtype int16
        Palette index per pixel, -1 where no palette colour is near.
    """
    height, width = rgb.shape[:2]
    q = (rgb >> _SHIFT).astype(np.int32)
    bins = (q[..., 0] << (2 * _BITS)) | (q[..., 1] << _BITS) | q[..., 2]
    flat = bins.ravel()
    counts = np.bincount(flat, minlength=_LEVELS**3).astype(np.float32)
    cube = counts.reshape(_LEVELS, _LEVELS, _LEVELS)
    smooth = ndimage.uniform_filter(cube, size=3, mode="constant") * 27.0
    peaks = (smooth == ndimage.maximum_filter(smooth, size=3, mode="constant")) & (
        smooth >= max(_MIN_PEAK_PX, _MIN_PEAK_SHARE * flat.size)
    )
    peak_bins = np.flatnonzero(peaks.ravel())
    if peak_bins.size == 0:
        return np.full((height, width), -1, dtype=np.int16)
    # Each peak's colour: the mean of the pixels in its own bin and the bins around it.
    centres = np.empty((peak_bins.size, 3), dtype=np.float32)
    sums = np.zeros((_LEVELS**3, 3), dtype=np.float64)
    pixels = rgb.reshape(-1, 3)
    for channel in range(3):
        sums[:, channel] = np.bincount(flat, weights=pixels[:, channel], minlength=_LEVELS**3)
    sum_cube = sums.reshape(_LEVELS, _LEVELS, _LEVELS, 3)
    for i, b in enumerate(peak_bins.tolist()):
        r, g, bb = b >> (2 * _BITS), (b >> _BITS) & (_LEVELS - 1), b & (_LEVELS - 1)
        sl = (
            slice(max(0, r - 1), r + 2),
            slice(max(0, g - 1), g + 2),
            slice(max(0, bb - 1), bb + 2),
        )
        n = float(cube[sl].sum())
        centres[i] = sum_cube[sl].reshape(-1, 3).sum(axis=0) / max(n, 1.0)
    occupied = np.flatnonzero(counts)
    occ_rgb = np.column_stack(
        [
            ((occupied >> (2 * _BITS)) << _SHIFT) + (1 << (_SHIFT - 1)),
            (((occupied >> _BITS) & (_LEVELS - 1)) << _SHIFT) + (1 << (_SHIFT - 1)),
            ((occupied & (_LEVELS - 1)) << _SHIFT) + (1 << (_SHIFT - 1)),
        ]
    ).astype(np.float32)
    distance = np.abs(occ_rgb[:, None, :] - centres[None, :, :]).max(axis=2)
    nearest = distance.argmin(axis=1)
    lut = np.full(_LEVELS**3, -1, dtype=np.int16)
    lut[occupied] = np.where(
        distance[np.arange(occupied.size), nearest] <= _SNAP_DISTANCE, nearest, -1
    )
    return np.asarray(lut[bins], dtype=np.int16)
