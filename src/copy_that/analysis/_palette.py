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
    # Each peak's colour: the count-weighted mean of the centres of its bin and the bins around.
    offsets = np.stack(np.meshgrid(*([np.arange(-1, 2)] * 3), indexing="ij"), axis=-1).reshape(
        -1, 3
    )
    peak_rgb = np.column_stack(
        [peak_bins >> (2 * _BITS), (peak_bins >> _BITS) & (_LEVELS - 1), peak_bins & (_LEVELS - 1)]
    )
    around = np.clip(peak_rgb[:, None, :] + offsets[None, :, :], 0, _LEVELS - 1)  # (P, 27, 3)
    weight = cube[around[..., 0], around[..., 1], around[..., 2]].astype(np.float64)
    centre_rgb = (around << _SHIFT) + (1 << (_SHIFT - 1))
    centres = ((centre_rgb * weight[..., None]).sum(axis=1) / weight.sum(axis=1)[:, None]).astype(
        np.float32
    )
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
