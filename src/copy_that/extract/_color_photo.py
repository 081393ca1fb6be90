"""The photo path of colour extraction: when to cluster, which pixels, and the clusters.

Screenshots are explained by their flat colours up to smooth transitions; photos, renders and
pictures inside a screenshot are not. Pixels that no flat colour explains are sampled on a fixed
stride and clustered in OKLab (`_color_kmeans`) when they look like texture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.extract._color_flat import FlatColor
from copy_that.extract._color_kmeans import PixelCluster, cluster_pixels
from copy_that.extract._color_runs import RunAnalysis
from copy_that.imaging import Image, pack_rgb

__all__ = ["MIN_CLUSTER_SHARE", "Sample", "photo_clusters"]

# The photo path runs when unexplained pixels that are no blend and step sharply (more than
# _SHARP_STEP code values) to a neighbour are _PHOTO_EDGE_SHARE of the image: photos score
# 0.05–0.14, screenshots (PNG or JPEG, with text, gradients and shadows) 0.001–0.005. Below
# _PHOTO_DOMINATED explained pixels the image is a photo and all its pixels are clustered.
_SHARP_STEP = 12
_PHOTO_EDGE_SHARE = 0.015
# A smooth photo (no sharp texture) leaves at least _PHOTO_MIN_UNEXPLAINED of the pixels
# unexplained in at least _PHOTO_MIN_COLOURS distinct colours; a gradient, however large, is a
# one-dimensional ramp of a few hundred colours (a few thousand when dithered).
_PHOTO_MIN_UNEXPLAINED = 0.35
_PHOTO_MIN_COLOURS = 8192
_PHOTO_DOMINATED = 0.5
# Pixels looked at (on a fixed stride) to find the unexplained ones, most pixels clustered by
# k-means, and the smallest cluster reported as a share of the image.
_SAMPLE_POOL = 60_000
_MAX_SAMPLES = 12_000
#: Smallest photo cluster reported, as a share of the image.
MIN_CLUSTER_SHARE = 0.005


@dataclass(frozen=True)
class Sample:
    """Pixels sampled for clustering.

    Parameters
    ----------
    rgb : ndarray of shape (N, 3), dtype uint8
        Their colours.
    flat_index : ndarray of shape (N,), dtype intp
        Their positions as flat indices ``row * width + col``.
    share : float
        Fraction (0–1) of the image's opaque pixels they stand for.
    """

    rgb: NDArray[np.uint8]
    flat_index: NDArray[np.intp]
    share: float


def photo_clusters(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    covered: NDArray[np.bool_],
    *,
    quantizer: str,
    max_colors: int,
    merge_delta_e: float,
) -> tuple[list[FlatColor], list[PixelCluster], Sample]:
    """Cluster the pixels no flat colour explains, when the image calls for it.

    Returns the flat colours to keep, the clusters (heaviest first) and the sample they were
    found in.

    The photo path runs for the ``kmeans`` quantizer; for ``auto`` when no flat colour was
    found, when pixels that no flat colour explains sit at sharp steps (texture, not a smooth
    gradient or a shadow) for at least `_PHOTO_EDGE_SHARE` of the image, or when they cover
    `_PHOTO_MIN_UNEXPLAINED` of it in more colours than any gradient has (a smooth photo). In a
    photo-dominated image (flat colours explain less than `_PHOTO_DOMINATED`), its flat colours
    are coincidences of identical neighbouring pixels or parts of the picture (a black
    surround, clipped highlights): all pixels are clustered together, so such a colour gets a
    slot only when the clustering finds it, and never one the picture's clusters need.
    """
    explained = sum(c.pixel_count for c in flat) / analysis.valid_px
    smooth_photo = (
        1.0 - explained >= _PHOTO_MIN_UNEXPLAINED
        and np.count_nonzero(~covered) >= _PHOTO_MIN_COLOURS
    )
    wanted = quantizer == "kmeans" or (
        quantizer == "auto"
        and (
            not flat
            or smooth_photo
            or _unexplained_edge_share(analysis, covered) >= _PHOTO_EDGE_SHARE
        )
    )
    empty = Sample(np.zeros((0, 3), np.uint8), np.zeros(0, np.intp), 0.0)
    if not wanted:
        return flat, [], empty
    if explained < _PHOTO_DOMINATED:
        flat = []
        covered = np.zeros_like(covered)
    sample = _sample_unexplained(image, analysis, covered)
    if sample.rgb.shape[0] == 0:
        return flat, [], empty
    slots = max(1, max_colors - len(flat))
    clusters = cluster_pixels(sample.rgb, k=slots, merge_delta_e=merge_delta_e)
    kept = [c for c in clusters if c.weight * sample.share >= MIN_CLUSTER_SHARE]
    return flat, kept or clusters[:1], sample


def _unexplained_edge_share(analysis: RunAnalysis, covered: NDArray[np.bool_]) -> float:
    """Fraction of the pixels that no flat colour explains and that step sharply to a neighbour.

    Counted along rows: each run end whose neighbour differs by more than `_SHARP_STEP` in some
    channel is one such pixel, when the run is no blend and its colour is unexplained. Blends
    (anti-aliasing) and smooth gradients do not count; photo texture does.
    """
    rows = analysis.rows
    if rows.keys.size < 2:
        return 0.0
    keys = rows.keys.astype(np.int32)
    sharp = np.zeros(keys.size - 1, dtype=bool)
    for shift in (16, 8, 0):
        channel = (keys >> shift) & 0xFF
        sharp |= np.abs(channel[1:] - channel[:-1]) > _SHARP_STEP
    sharp &= rows.lines[1:] == rows.lines[:-1]
    ends = np.zeros(rows.keys.size, dtype=np.int64)
    ends[:-1] += sharp
    ends[1:] += sharp
    ends = np.minimum(ends, rows.lengths)
    slots = analysis.row_slots
    unexplained = (slots >= 0) & ~covered[slots] & ~rows.transition
    return float(ends[unexplained].sum() / analysis.valid_px)


def _sample_unexplained(image: Image, analysis: RunAnalysis, covered: NDArray[np.bool_]) -> Sample:
    """A fixed-stride sample of the opaque pixels that no flat colour explains.

    Opaque pixels are taken on a fixed stride (at most `_SAMPLE_POOL` of them), those whose
    colour counts towards a flat colour are dropped, and the rest stand for the unexplained
    share of the image in proportion.
    """
    opaque = np.flatnonzero(image.alpha.ravel() >= 128)
    pool = opaque[:: max(1, opaque.size // _SAMPLE_POOL)]
    rgb = image.rgb.reshape(-1, 3)[pool]
    slot = np.searchsorted(analysis.colors, pack_rgb(rgb))
    keep = ~covered[np.minimum(slot, analysis.colors.size - 1)]
    chosen = pool[keep][:: max(1, int(keep.sum()) // _MAX_SAMPLES)]
    if chosen.size == 0:
        return Sample(np.zeros((0, 3), np.uint8), np.zeros(0, np.intp), 0.0)
    return Sample(
        rgb=image.rgb.reshape(-1, 3)[chosen],
        flat_index=chosen,
        share=float(keep.mean()),
    )
