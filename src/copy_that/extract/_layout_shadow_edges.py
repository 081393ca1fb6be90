"""A box's outer edges re-read for the shadow fit on lossy (JPEG) images, side by side.

The shadow fit measures offsets and spreads from the box edges, so an edge a pixel off moves
them by a pixel. On a JPEG the layout analysis finds fills by snapping pixels to dominant colours
within a wide tolerance (`copy_that.analysis._palette`), which leaves two kinds of wrong box:

- the first pixels of a shadow lie within that tolerance of the fill and join it (a light card's
  box grows by a few px into its own shadow, swallowing its 1-px border on the way);
- a strong border is a colour of its own, so the box stops at the fill inside it.

Each side is therefore read again from its median profile across the edge, on luma only (JPEG
keeps luma sharp and smears chroma a pixel or two around saturated boxes): the fill's level is
taken well inside the box, and the edge is where the profile first leaves it. A *ring* starting
there (a run of one level ending in a sharp step, or one the profile then moves away from the
outside again behind) belongs to the box when two more sides start with the ring's level: a
border runs all round (where a shadow behind it is about as dark, JPEG blurs its end away, so
one clear ring is enough), while a shadow's first pixels differ from side to side. A contact
shadow that fades from the edge reads as no ring, and stays halo. Browsers snap box edges to
device pixels, so the edges found are whole pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._quantiles import median0
from copy_that.imaging import LUMA

__all__ = ["lossy_edges", "side_pixels"]

# Depth inside the analysed edge at which the fill's level is read, CSS px: boxes on JPEGs
# swallow up to about 5 CSS px of their shadow. Never more than a third of the box.
_FILL_DEPTH_CSS = 12.0
_FILL_DEPTH_SHARE = 1.0 / 3.0
# Pixels of the profile, from its inner end, that the fill's level is the median of.
_FILL_PX = 3
# How far outwards a side is read, px: a border, a step, and the pixels after it.
_REACH_PX = 12
# Shortest profile outside the analysed edge worth reading, px.
_MIN_REACH_PX = 4
# Share of a side at each end left out of its profile (rounded corners, neighbours' corners).
_SIDE_MARGIN_SHARE = 0.2
# Widest ring read as a border, image px (3 CSS px at DPR 2).
_MAX_RING_PX = 6
# A ring ends in a step at least this many times the next one (a border's edge is sharp; the
# darkest pixels of a shadow fade).
_RING_STEP_RATIO = 2.0
# Ring levels of one border agree within this many edge thresholds (JPEG reads one colour a few
# levels apart on different sides).
_RING_AGREEMENT = 2.0
# Sides showing a ring's level (the ring's own included) for a border all round.
_MIN_RING_SIDES = 3


@dataclass(frozen=True)
class _Side:
    """One side's reading: where the fill ends and what follows."""

    start_px: int
    """Outward distance from the analysed edge to the first pixel off the fill, px."""
    ring_px: int
    """Width of a ring starting there, px (0 without one)."""
    level: float
    """Luma of that first pixel."""


def _profile(
    rgb: NDArray[np.uint8], edges: tuple[int, int, int, int], side: int, depth: int, reach: int
) -> NDArray[np.float64] | None:
    """Median luma across one side (0 top, 1 right, 2 bottom, 3 left), from inside outwards."""
    left, top, right, bottom = edges
    start, end = (left, right) if side in (0, 2) else (top, bottom)
    margin = _SIDE_MARGIN_SHARE * (end - start)
    along = (math.floor(start + margin), math.ceil(end - margin))
    if along[1] <= along[0]:
        return None
    block = side_pixels(rgb, edges, side, along, (-depth, reach))
    return np.asarray(median0(np.swapaxes(block.astype(np.float64) @ LUMA, 0, 1)))


def side_pixels(
    rgb: NDArray[np.uint8],
    edges: tuple[int, int, int, int],
    side: int,
    along: tuple[int, int],
    distances: tuple[int, int],
) -> NDArray[np.uint8]:
    """The pixels outwards from one side of a box, one row per distance.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    edges : tuple of 4 ints
        ``(left, top, right, bottom)`` of the box, image px (edge coordinates).
    side : int
        0 top, 1 right, 2 bottom, 3 left.
    along : tuple of 2 ints
        ``(start, stop)`` of the columns (top, bottom) or rows (left, right) along the side.
    distances : tuple of 2 ints
        ``(start, stop)`` of the outward distances, px: 0 is the first pixel outside the box,
        negative ones lie inside; the image must reach ``stop - 1``.

    Returns
    -------
    ndarray of shape (stop - start of distances, stop - start of along, 3), dtype uint8
        A view of `rgb` (slices, several times cheaper than gathering the pixels).
    """
    left, top, right, bottom = edges
    (a0, a1), (d0, d1) = along, distances
    if side == 0:
        return rgb[top - d1 : top - d0, a0:a1][::-1]
    if side == 2:
        return rgb[bottom + d0 : bottom + d1, a0:a1]
    if side == 1:
        return np.swapaxes(rgb[a0:a1, right + d0 : right + d1], 0, 1)
    return np.swapaxes(rgb[a0:a1, left - d1 : left - d0][:, ::-1], 0, 1)


def _read(profile: NDArray[np.float64], depth: int, threshold: float) -> _Side | None:
    """Where a side profile leaves the fill, and whether a ring starts there."""
    fill = float(np.median(profile[:_FILL_PX]))
    away = np.flatnonzero(np.abs(profile[_FILL_PX:] - fill) > threshold)
    if away.size == 0:
        return None
    first = int(away[0]) + _FILL_PX
    level = float(profile[first])
    end = first + 1
    while end < profile.shape[0] and abs(float(profile[end]) - level) <= threshold:
        end += 1
    ring = 0
    if end - first <= _MAX_RING_PX and end + 1 < profile.shape[0]:
        step = abs(float(profile[end] - profile[end - 1]))
        after = abs(float(profile[end + 1] - profile[end]))
        outside = float(profile[-1])
        # A halo only fades towards the outside; moving away from it again past the run means
        # the run was something else.
        turns = abs(float(profile[end]) - outside) > abs(float(profile[end - 1]) - outside)
        if step > threshold and (step > _RING_STEP_RATIO * after or turns):
            ring = end - first
    return _Side(start_px=first - depth, ring_px=ring, level=level)


def _border_px(sides: list[_Side | None], threshold: float) -> tuple[int, list[bool]]:
    """Border width all round and which sides carry it (0 and none without a border)."""
    rings = [s for s in sides if s is not None and s.ring_px > 0]
    none = [False] * len(sides)
    if not rings:
        return 0, none
    middle = float(np.median([s.level for s in rings]))
    near = [s is not None and abs(s.level - middle) <= _RING_AGREEMENT * threshold for s in sides]
    agreeing = [s for s, n in zip(sides, near, strict=True) if n and s is not None and s.ring_px]
    if not agreeing or sum(near) < _MIN_RING_SIDES:
        return 0, none
    # A border is one width all round; a wider run has the darkest pixel of a shadow with it.
    return min(s.ring_px for s in agreeing), near


def lossy_edges(
    rgb: NDArray[np.uint8],
    edges: tuple[float, float, float, float],
    *,
    clipped: tuple[bool, bool, bool, bool],
    dpr: float,
    threshold: float,
) -> tuple[float, float, float, float]:
    """The outer edges of a box on a lossy image, re-read from its side profiles.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    edges : tuple of 4 floats
        ``(left, top, right, bottom)`` from the layout analysis, image px (edge coordinates).
    clipped : tuple of 4 bools
        Per side (top, right, bottom, left), whether the box runs past the image there.
    dpr : float
        Device pixel ratio (scales the depth the fill is read at).
    threshold : float
        Edge threshold of the analysis, sRGB code values: a step in luma larger than this leaves
        the fill.

    Returns
    -------
    tuple of 4 floats
        ``(left, top, right, bottom)`` in whole image px; a side that shows no edge within reach
        keeps its analysed position (rounded).
    """
    height, width = rgb.shape[:2]
    box = tuple(round(v) for v in edges)
    left, top, right, bottom = box
    room = (top, width - right, height - bottom, left)
    sides: list[_Side | None] = []
    for side in range(4):
        across = bottom - top if side in (0, 2) else right - left
        depth = min(math.ceil(_FILL_DEPTH_CSS * dpr), int(_FILL_DEPTH_SHARE * across))
        reach = min(_REACH_PX, room[side])
        profile = (
            None
            if clipped[side] or depth <= _FILL_PX or reach < _MIN_REACH_PX
            else _profile(rgb, (left, top, right, bottom), side, depth, reach)
        )
        sides.append(None if profile is None else _read(profile, depth, threshold))
    border, bordered = _border_px(sides, threshold)
    outward = [
        0 if s is None else s.start_px + (border if b else 0)
        for s, b in zip(sides, bordered, strict=True)
    ]
    return (
        float(left - outward[3]),
        float(top - outward[0]),
        float(right + outward[1]),
        float(bottom + outward[2]),
    )
