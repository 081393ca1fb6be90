"""Page areas an outline encloses on JPEGs, where the edge map left the outline open.

On JPEGs the edges come from dominant-colour indices (`_edges`), and two kinds of card lose
their outline there, so that their inside, of the page's own colour, joins the page region:

- *Gapped outlines.* A one-pixel border a few tens of code values off a white page is an edge
  along the card's sides, but around a rounded corner its anti-aliased arc is lighter, and where
  an arc pixel and its neighbours snap to the page's colour the edge has a gap (a `#e9e9e9`
  border at a 12-px radius on white, quality 75). The gaps are a pixel or two wide: opening the
  page region by a 3×3 square cuts them.
- *Shadow outlines.* A white card on a white page shows by its shadow alone, a ramp a code value
  or two per pixel that no dominant colour separates from the page. Lossless images find such
  cards by the page's exact colour (`_halo_fills`); JPEG keeps no colour exact. Its noise is
  smoothed away instead (a Gaussian of σ `_SMOOTH_PX` on luma): the pixels within
  `_NEAR_PAGE` code values of the page's luma form areas of their own where the ring darkens
  the page beside three sides or more of them (a shadow offset downwards may leave the top
  bare, and the card open there: such a card stays unfound).

In both cases the areas cut off from the image's rim, card-sized and filling most of their box,
become regions of their own. `_boxes` then reads them like any other fill.

Lossless images need none of this: their edge map keeps every step of the threshold.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._components import components
from copy_that.analysis._edges import FlatRegions
from copy_that.imaging import LUMA

__all__ = ["split_enclosed"]

# Smallest area read as a card, px (as `_halo_fills`): well above glyph counters and the gaps
# between words, which the page's colour also fills.
_MIN_AREA_PX = 400
# An area fills at least this share of its box (a card's inside; its text takes the rest).
_MIN_FILL_SHARE = 0.5
# Opening by this square cuts necks of up to two px between an area and the rest of the page.
_OPEN_KERNEL = np.ones((3, 3), dtype=np.uint8)
# Standard deviation of the smoothing, px: quality-75 JPEG noise on a flat page (±1–2 code
# values) falls under half a code value, a shadow's ramp (tens of px) stays.
_SMOOTH_PX = 1.0
# Smoothed luma within this many code values of the page's is the page's colour; a shadow's ring
# beside a card darkens it by more.
_NEAR_PAGE = 1.5
# Shortest side of a card a shadow outlines, px (a thin strip between two rings is none).
_MIN_SHADOWED_SIDE_PX = 24
# Sides whose ring darkens the page beside them, out of four, and how far out it is read, px.
_MIN_RING_SIDES = 3
_RING_PX = 4
# Share of each side left out at both ends (rounded corners).
_CORNER_SHARE = 0.2


def split_enclosed(
    rgb: NDArray[np.uint8], regions: FlatRegions, background: int | None
) -> FlatRegions:
    """Give the page areas an open outline encloses regions of their own (module docstring).

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        The image (sRGB), a noisy (JPEG) one.
    regions : FlatRegions
        Its flat regions.
    background : int or None
        Region id of the page background (None: nothing to split).

    Returns
    -------
    FlatRegions
        The regions, each enclosed area relabelled with a new id (its pixels taken from the
        background, its colour the background's); `regions` itself when there is none.
    """
    if background is None:
        return regions
    page = np.asarray(regions.labels == background, dtype=np.uint8)
    opened = np.asarray(cv2.morphologyEx(page, cv2.MORPH_OPEN, _OPEN_KERNEL), dtype=np.uint8)
    regions = _split(regions, background, opened)
    # OpenCV's grey conversion is BT.601 luma, several times cheaper than the product in floats.
    grey = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.float32)
    luma = np.asarray(cv2.GaussianBlur(grey, (0, 0), _SMOOTH_PX), dtype=np.float32)
    page_luma = float(regions.colors[background] @ LUMA)
    near = (np.abs(luma - page_luma) <= _NEAR_PAGE) & (regions.labels == background)
    return _split(
        regions,
        background,
        np.asarray(near, dtype=np.uint8),
        ringed=lambda box: _ring_sides(luma, page_luma, box) >= _MIN_RING_SIDES,
    )


def _split(
    regions: FlatRegions,
    background: int,
    mask: NDArray[np.uint8],
    ringed: Callable[[tuple[int, int, int, int]], bool] | None = None,
) -> FlatRegions:
    """Relabel the card-sized areas of `mask` (a part of the page region) away from the rim.

    With `ringed`, an area must also be at least `_MIN_SHADOWED_SIDE_PX` on its short side and
    pass it.
    """
    height, width = regions.labels.shape
    count, areas, stats, _ = components(mask, 4)
    found: list[tuple[NDArray[np.bool_], tuple[int, int, int, int]]] = []
    for index in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[index])
        inner = x > 0 and y > 0 and x + w < width and y + h < height
        if not inner or area < _MIN_AREA_PX or area < _MIN_FILL_SHARE * w * h:
            continue
        if ringed is not None and (min(w, h) < _MIN_SHADOWED_SIDE_PX or not ringed((x, y, w, h))):
            continue
        found.append((areas[y : y + h, x : x + w] == index, (x, y, w, h)))
    if not found:
        return regions
    colours = np.repeat(regions.colors[background : background + 1], len(found), axis=0)
    return regions.carved(background, found, colours)


def _ring_sides(luma: NDArray[np.float32], page_luma: float, box: tuple[int, int, int, int]) -> int:
    """How many sides of `box` the smoothed luma just outside darkens past `_NEAR_PAGE`."""
    x, y, w, h = box
    height, width = luma.shape
    dx, dy = round(_CORNER_SHARE * w), round(_CORNER_SHARE * h)
    strips = (
        luma[max(0, y - _RING_PX) : y, x + dx : x + w - dx],
        luma[y + dy : y + h - dy, x + w : min(width, x + w + _RING_PX)],
        luma[y + h : min(height, y + h + _RING_PX), x + dx : x + w - dx],
        luma[y + dy : y + h - dy, max(0, x - _RING_PX) : x],
    )
    return sum(1 for s in strips if s.size and page_luma - float(np.median(s)) > _NEAR_PAGE)
