"""Dominant-colour indices for noisy (JPEG) images: each pixel snapped to its nearest UI colour.

JPEG leaves noise of ±5..12 code values inside small saturated fills (chroma subsampling and
quantisation), more than the step between neighbouring pixels that marks an edge in a clean
render. A UI, though, paints few colours over large areas, so the colour histogram has sharp
peaks. Pixels are binned at 6 bits per channel, the histogram smoothed over neighbouring bins,
and its local maxima with enough pixels are the *palette*. Every pixel within `_SNAP_DISTANCE`
(largest channel difference) of a palette colour takes that colour's index; the rest (edges,
anti-aliasing, pictures, gradients) get -1. Light UIs paint near-white cards on near-white pages,
closer together than the bins can separate: a palette colour whose pixels' luma shows two
separate peaks is split between them.
"""

from __future__ import annotations

from itertools import pairwise

import cv2
import numpy as np
from numpy.typing import NDArray
from scipy import ndimage
from scipy.spatial import cKDTree

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
# Two flat colours close enough to share a palette colour (a white card on a #f8f9fa or #f1f5f9
# page, 7 to 14 apart) are told apart by luma (ITU-R BT.601, 256 levels): flat JPEG areas keep
# their level to a code value or two, so their luma histogram has separate peaks at least this
# many levels apart...
_LUMA_LEVELS = 256
_MIN_SPLIT_LUMA = 4
# ...with a valley between them of at most this share of the smaller one.
_SPLIT_VALLEY_SHARE = 0.25


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
    # Nearest palette colour by largest channel difference (Chebyshev metric); a k-d tree keeps
    # this fast where a gradient or photo occupies tens of thousands of bins and has many peaks.
    # The bound is nudged up by one ulp because the tree keeps only neighbours strictly inside it.
    distance, nearest = cKDTree(centres).query(
        occ_rgb, p=np.inf, distance_upper_bound=np.nextafter(_SNAP_DISTANCE, np.inf)
    )
    lut = np.full(_LEVELS**3, -1, dtype=np.int16)
    lut[occupied] = np.where(distance <= _SNAP_DISTANCE, nearest, -1)
    index = np.asarray(lut[bins], dtype=np.int16)
    min_px = max(_MIN_PEAK_PX, _MIN_PEAK_SHARE * flat.size)
    return _split_by_luma(rgb, index, int(peak_bins.size), min_px)


def _luma_peaks(counts: NDArray[np.float32], min_px: float) -> list[int]:
    """Luma levels of the separate peaks in one palette colour's luma histogram, ascending.

    A peak holds at least `min_px` pixels over three levels; two peaks are separate when they lie
    `_MIN_SPLIT_LUMA` levels apart or more with a valley of at most `_SPLIT_VALLEY_SHARE` of the
    smaller between them (otherwise the higher one stands for both).
    """
    window = ndimage.uniform_filter1d(counts, 3, mode="constant") * 3.0
    top = ndimage.maximum_filter1d(window, 3, mode="constant")
    kept: list[int] = []
    for level in np.flatnonzero((window == top) & (window >= min_px)).tolist():
        if not kept:
            kept.append(level)
            continue
        last = kept[-1]
        valley = float(window[last : level + 1].min())
        if level - last >= _MIN_SPLIT_LUMA and valley <= _SPLIT_VALLEY_SHARE * min(
            window[last], window[level]
        ):
            kept.append(level)
        elif window[level] > window[last]:
            kept[-1] = level
    return kept


def _split_by_luma(
    rgb: NDArray[np.uint8], index: NDArray[np.int16], peaks: int, min_px: float
) -> NDArray[np.int16]:
    """Give each luma peak of a palette colour an index of its own (new indices from `peaks`).

    Pixels of one palette colour are split halfway between neighbouring peaks.
    """
    luma = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    # One key per (palette colour, luma level); pixels near no palette colour share the last.
    key = index.astype(np.int32) * _LUMA_LEVELS + luma
    key[index < 0] = peaks * _LUMA_LEVELS
    counts = np.bincount(key.ravel(), minlength=peaks * _LUMA_LEVELS + 1)
    hist = counts[:-1].reshape(peaks, _LUMA_LEVELS).astype(np.float32)
    lut = np.repeat(np.arange(peaks, dtype=np.int16)[:, None], _LUMA_LEVELS, axis=1)
    following = peaks
    for colour in range(peaks):
        levels = _luma_peaks(hist[colour], min_px)
        for below, above in pairwise(levels):
            lut[colour, (below + above) // 2 + 1 :] = following
            following += 1
    if following == peaks:
        return index
    return np.asarray(np.append(lut.ravel(), np.int16(-1))[key], dtype=np.int16)
