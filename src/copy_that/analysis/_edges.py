"""Colour edges and flat regions: which pixels sit on a colour step, and the flat areas between.

A pixel is an *edge* pixel when its two neighbours on one side differ by more than a threshold
(largest difference over R, G and B, in sRGB code values, compared across the pixel: left with
right, or above with below). Comparing across a pixel catches steps that anti-aliasing or JPEG
smooths over two pixels, and a sharp step marks the one pixel on each side of it, so the flat
region on either side ends one pixel short of the step (`_sides` measures where exactly).
Everything that is not an edge pixel is *flat*; 4-connected flat pixels form a *region*.

Soft gradients (a shadow fading into the page, a gradient fill) change by less than the threshold
per two pixels, so they stay inside one region instead of breaking into bands.

On noisy (JPEG) images neighbouring pixels inside one fill differ by more than any useful
threshold, so there the comparison is made on dominant-colour indices (`_palette`) instead: an
edge is where the index changes, or where a pixel is near no dominant colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import cv2
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from copy_that.analysis._components import RowRuns, components, row_runs
from copy_that.analysis._palette import palette_indices
from copy_that.analysis.model import NOISY_EDGE_THRESHOLD

_Int = TypeVar("_Int", np.uint8, np.int16)

__all__ = ["FlatRegions", "edge_map", "edge_threshold", "flat_regions", "max_channel"]

# Edge threshold on clean (lossless) images, sRGB code values: a white card on a #fafafa page
# (a step of 5) still separates, while a shadow that fades over tens of pixels does not.
_CLEAN_THRESHOLD = 3
# Edge threshold on noisy (JPEG) images: quality-70..90 JPEG leaves ±1..3 of noise and ringing
# on flat areas, which must not cut regions into speckles. Extractors read it as `Layout.lossy`.
_NOISY_THRESHOLD = NOISY_EDGE_THRESHOLD
# An image is noisy when more than this share of pixels has second differences of 2..16 code
# values both ways: the benchmark's and the shadow validation's lossless renders show at most
# 0.14 % (anti-aliased corners and glyphs; pages full of shadows), the same pages through JPEG
# at quality 75, 90 and 95 at least 0.29 %.
_NOISY_SHARE = 0.002
_NOISE_LOW = 2
_NOISE_HIGH = 16
# Rows sampled for the noise estimate (every eighth is plenty and eight times cheaper).
_NOISE_ROW_STEP = 8
# Region colours are averaged over every this-many-th pixel in both directions.
_COLOUR_STEP = 2
# Regions smaller than this (px) are not joined (the smallest box-shaped region, `_shapes`).
_MIN_JOIN_AREA_PX = 24
# Pieces of one fill overlap by at least this share of the smaller one's bounding box.
_JOIN_OVERLAP_SHARE = 0.5
# A second difference needs three columns.
_NOISE_MIN_WIDTH = 3


@dataclass(frozen=True)
class FlatRegions:
    """The flat regions of an image.

    Parameters
    ----------
    labels : ndarray of shape (H, W), dtype int32
        Region id per pixel; 0 for edge pixels.
    stats : ndarray of shape (N, 5), dtype int32
        Per region id: ``x, y, w, h, area`` (bounding box and pixel count), row 0 for edges.
    colors : ndarray of shape (N, 3), dtype float32
        Mean sRGB colour per region id (sampled on a 2-px grid; 0 for regions too small to be
        sampled).
    edge : ndarray of shape (H, W), dtype bool
        The edge mask the regions were cut from.
    threshold : int
        The edge threshold used, sRGB code values.
    """

    labels: NDArray[np.int32]
    stats: NDArray[np.int32]
    colors: NDArray[np.float32]
    edge: NDArray[np.bool_]
    threshold: int

    @property
    def noisy(self) -> bool:
        """Whether the regions were cut from dominant-colour indices (a noisy image)."""
        return self.threshold >= _NOISY_THRESHOLD

    @property
    def count(self) -> int:
        """Number of region ids, including 0 (edges)."""
        return int(self.stats.shape[0])

    def carved(
        self,
        background: int,
        areas: Sequence[tuple[NDArray[np.bool_], tuple[int, int, int, int]]],
        colours: NDArray[np.float32],
    ) -> FlatRegions:
        """These regions with `areas` of the `background` region made regions of their own.

        Parameters
        ----------
        background : int
            Region id the areas' pixels are taken from.
        areas : sequence of (mask, box)
            Each area's pixels as a mask over its box ``(x, y, w, h)``; they get ids `count`,
            `count` + 1 … in this order.
        colours : ndarray of shape (len(areas), 3)
            Each new region's colour.
        """
        labels = self.labels.copy()
        stats = self.stats.copy()
        added = []
        for offset, (inside, (x, y, w, h)) in enumerate(areas):
            labels[y : y + h, x : x + w][inside] = self.count + offset
            area = int(inside.sum())
            stats[background, 4] -= area
            added.append((x, y, w, h, area))
        return replace(
            self,
            labels=labels,
            stats=np.concatenate([stats, np.array(added, dtype=np.int32).reshape(-1, 5)], axis=0),
            colors=np.concatenate([self.colors, np.asarray(colours, dtype=np.float32)], axis=0),
        )


def _absdiff(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(cv2.absdiff(a, b), dtype=np.uint8)


def max_channel(values: NDArray[_Int]) -> NDArray[_Int]:
    """The largest of the three channels of each pixel, shape (H, W), dtype kept.

    Parameters
    ----------
    values : ndarray of shape (H, W, 3), dtype uint8 or int16
        Per-channel values (differences, ranges).

    Returns
    -------
    ndarray of shape (H, W)
        Channel maximum; OpenCV's per-plane maximum is many times faster than numpy's reduction
        over a last axis of length 3.
    """
    r, g, b = cv2.split(values)
    return np.asarray(cv2.max(cv2.max(r, g), b), dtype=values.dtype)


def edge_threshold(rgb: NDArray[np.uint8]) -> int:
    """Pick the edge threshold for an image from its noise.

    Noise is read from second differences of 2–16 code values across a pixel both along its row
    and along its column (on every `_NOISE_ROW_STEP`-th row). Compression noise is two-
    dimensional, so JPEG's 8×8 blocks leave many pixels like that; a shadow or a gradient bends
    across its edge only (along a card's side it stays constant), so even an image full of
    soft shadows has few.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.

    Returns
    -------
    int
        Threshold in sRGB code values (largest channel difference).
    """
    if rgb.shape[1] < _NOISE_MIN_WIDTH or rgb.shape[0] < _NOISE_MIN_WIDTH:
        return _CLEAN_THRESHOLD
    centre = np.arange(1, rgb.shape[0] - 1, _NOISE_ROW_STEP)
    rows = rgb[centre].astype(np.int16)
    above = rgb[centre - 1].astype(np.int16)
    below = rgb[centre + 1].astype(np.int16)
    along = max_channel(np.abs(rows[:, 2:] - 2 * rows[:, 1:-1] + rows[:, :-2]))
    across = max_channel(np.abs(above - 2 * rows + below))[:, 1:-1]
    noisy = (
        (along >= _NOISE_LOW)
        & (along <= _NOISE_HIGH)
        & (across >= _NOISE_LOW)
        & (across <= _NOISE_HIGH)
    )
    share = float(np.mean(noisy))
    return _NOISY_THRESHOLD if share > _NOISY_SHARE else _CLEAN_THRESHOLD


def edge_map(rgb: NDArray[np.uint8], threshold: int) -> NDArray[np.bool_]:
    """Mark pixels that lie on a colour step larger than `threshold`.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    threshold : int
        Smallest step (largest channel difference across two pixels) that makes an edge.

    Returns
    -------
    ndarray of shape (H, W), dtype bool
        True on edge pixels: those whose two neighbours (left/right or above/below) differ.
    """
    height, width = rgb.shape[:2]
    edge = np.zeros((height, width), dtype=bool)
    if width >= 3:
        edge[:, 1:-1] = max_channel(_absdiff(rgb[:, 2:], rgb[:, :-2])) >= threshold
    if height >= 3:
        edge[1:-1] |= max_channel(_absdiff(rgb[2:], rgb[:-2])) >= threshold
    return edge


def _palette_edge_map(index: NDArray[np.int16]) -> NDArray[np.bool_]:
    """Edges where the dominant-colour index changes across a pixel, or is missing."""
    edge = index < 0
    edge[:, 1:-1] |= index[:, 2:] != index[:, :-2]
    edge[1:-1] |= index[2:] != index[:-2]
    return edge


def _region_colours(rgb: NDArray[np.uint8], runs: RowRuns, count: int) -> NDArray[np.float32]:
    """Mean colour per region id, from every `_COLOUR_STEP`-th pixel both ways."""
    # Four times cheaper than every pixel, and any region large enough to be a box (`_shapes`)
    # has plenty of samples.
    pixels, sums = runs.grid_sums(rgb, count, _COLOUR_STEP)
    return np.asarray(sums / np.maximum(pixels, 1.0)[:, None], dtype=np.float32)


def _join_split_fills(
    rgb: NDArray[np.uint8],
    labels: NDArray[np.int32],
    stats: NDArray[np.int32],
    colours: NDArray[np.float32],
    threshold: int,
    index: NDArray[np.int16],
) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float32]]:
    """Join regions of one colour that interleave: one fill cut apart by JPEG speckle.

    On a JPEG, a button's fill around its label can break into pieces along seams of pixels near
    no dominant colour. Such pieces have the same dominant colour (`index`, per pixel) and
    overlapping bounding boxes, neither inside the other; distinct fills of one colour do not
    (cells split by a rule sit side by side, an outline-only input's inside lies within its
    card's box), and fills of two dominant colours are two fills however close their means (a
    white card running off the image over a #fafafa page).
    """
    count = int(stats.shape[0])
    big = np.flatnonzero(stats[:, 4] >= _MIN_JOIN_AREA_PX)
    big = big[big > 0]
    if big.size < 2:
        return labels, stats, colours
    x0 = stats[big, 0].astype(np.int64)
    y0 = stats[big, 1].astype(np.int64)
    x1, y1 = x0 + stats[big, 2], y0 + stats[big, 3]
    area = (x1 - x0) * (y1 - y0)
    overlap_w = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    overlap_h = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    overlap = np.clip(overlap_w, 0, None) * np.clip(overlap_h, 0, None)
    smaller = np.minimum(area[:, None], area[None, :])
    # Enclosed: one box strictly inside the other on all four sides (an input in its card). Two
    # pieces of one fill share the fill's outer sides.
    inside = (
        (x0[:, None] > x0[None, :])
        & (y0[:, None] > y0[None, :])
        & (x1[:, None] < x1[None, :])
        & (y1[:, None] < y1[None, :])
    )
    nested = inside | inside.T
    diff = np.abs(colours[big][:, None, :] - colours[big][None, :, :]).max(axis=2)
    # Every pixel of a region has one index (a change of index is an edge).
    region_index = np.full(count, -1, dtype=np.int16)
    region_index[labels.ravel()] = index.ravel()
    same = region_index[big][:, None] == region_index[big][None, :]
    join = (overlap >= _JOIN_OVERLAP_SHARE * smaller) & ~nested & (diff <= threshold) & same
    a, b = np.nonzero(np.triu(join, k=1))
    if a.size == 0:
        return labels, stats, colours
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(big.size, big.size))
    _, group = connected_components(graph, directed=False)
    lut = np.arange(count, dtype=np.int32)
    first: dict[int, int] = {}
    for member, g in zip(big.tolist(), group.tolist(), strict=True):
        lut[member] = first.setdefault(g, member)
    joined = lut[labels]
    merged = stats.copy()
    for member in np.flatnonzero(lut != np.arange(count)).tolist():
        target = int(lut[member])
        mx0 = min(merged[target, 0], stats[member, 0])
        my0 = min(merged[target, 1], stats[member, 1])
        mx1 = max(merged[target, 0] + merged[target, 2], stats[member, 0] + stats[member, 2])
        my1 = max(merged[target, 1] + merged[target, 3], stats[member, 1] + stats[member, 3])
        merged[target, :4] = (mx0, my0, mx1 - mx0, my1 - my0)
        merged[target, 4] += stats[member, 4]
        merged[member] = 0
    return joined, merged, _region_colours(rgb, row_runs(joined), count)


def flat_regions(
    rgb: NDArray[np.uint8], *, threshold: int | None = None, lossy: bool = False
) -> FlatRegions:
    """Label the flat regions of an image and measure each one's box, area and mean colour.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    threshold : int, optional
        Edge threshold; chosen from the image's noise (`edge_threshold`) when omitted. At the
        noisy threshold or above, edges come from dominant-colour indices (module docstring).
    lossy : bool
        Whether the image was stored lossily (JPEG): treated as noisy whatever its measured noise
        (at DPR 2 JPEG noise is smooth enough to pass for clean, but its fills still wander).

    Returns
    -------
    FlatRegions
        Labels, statistics and colours.
    """
    if threshold is not None:
        chosen = threshold
    else:
        chosen = _NOISY_THRESHOLD if lossy else edge_threshold(rgb)
    index = palette_indices(rgb) if chosen >= _NOISY_THRESHOLD else None
    edge = edge_map(rgb, chosen) if index is None else _palette_edge_map(index)
    flat = np.asarray(~edge, dtype=np.uint8)
    count, labels, stats, runs = components(flat, 4)
    colors = _region_colours(rgb, runs, count)
    if index is not None:
        labels, stats, colors = _join_split_fills(rgb, labels, stats, colors, chosen, index)
    return FlatRegions(
        labels=labels,
        stats=stats,
        colors=colors,
        edge=edge,
        threshold=chosen,
    )
