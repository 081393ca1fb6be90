"""Which flat regions are shaped like UI boxes: rectangles, rounded rectangles, pills and circles.

A UI element's fill is a flat region whose outline runs straight along its bounding box except
at the corners. For each region this module measures, inside its bounding box, the leftmost and
rightmost pixel of every row and the topmost and bottommost of every column; the rows and columns
where the outline touches the box are the *straight* parts of a side, and the area between the
outlines (holes for the element's content included) is the region's *outline area*. Photos and
illustrations give regions with ragged outlines; text gives regions far too small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._edges import FlatRegions

__all__ = ["RegionShape", "ShapeKind", "outline_shape", "region_shapes"]

ShapeKind: TypeAlias = Literal["rect", "pill", "circle"]

# Smallest flat area considered, px: the 1-px edge bands eat 2 px of every side, so this keeps
# elements from about 7×7 px upwards.
_MIN_AREA_PX = 24
_MIN_SIDE_PX = 4
# Share of a side's length that must run straight along the bounding box: rounded corners take
# at most half of each side, and a child touching the edge breaks up some of the rest.
_MIN_STRAIGHT_SHARE = 0.3
# Outline area over bounding-box area: a rounded rectangle keeps at least π/4 of its box (the
# circle inscribed in a square); less means an irregular outline.
_MIN_OUTLINE_SHARE = 0.74
# A circle's outline area is π/4 ≈ 0.785 of its box; pixelation moves it by a few hundredths.
_CIRCLE_SHARE = (0.74, 0.84)
# A circle's box is square to within this share of its side.
_CIRCLE_ASPECT_TOLERANCE = 0.08
# A region covering less than this share of its outline area is a ring around something else …
_HOLLOW_SHARE = 0.5
# … and is no box's fill when its colour varies more than this (standard deviation, code values;
# doubled on noisy images).
_RING_MAX_STD = 1.5
# … unless its hole holds content (text, icons) rather than one region taking this share of it.
_HOLE_REGION_SHARE = 0.5
# On noisy images an outline may wander this many px off the straight line.
_NOISY_SLACK_PX = 1


@dataclass(frozen=True)
class RegionShape:
    """A flat region shaped like a UI box.

    Parameters
    ----------
    label : int
        Region id in `FlatRegions.labels`.
    bbox : tuple of 4 ints
        ``(x, y, w, h)`` of the flat region, image px (1 px inside the true edges).
    kind : ShapeKind
        Outline family.
    straight : tuple of 4 ndarrays of int
        Image rows (left/right sides) or columns (top/bottom sides) where the outline runs along
        the box, in the order top, right, bottom, left.
    outline_share : float
        Outline area over box area, 0–1.
    touches : tuple of 4 bools
        Whether the box touches the image edge at top, right, bottom, left.
    """

    label: int
    bbox: tuple[int, int, int, int]
    kind: ShapeKind
    straight: tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]
    outline_share: float
    touches: tuple[bool, bool, bool, bool]


def _holds_a_box(labels: NDArray[np.int32], hole: NDArray[np.bool_]) -> bool:
    """Whether one other region fills most of a region's hole (a band around a box).

    A fill with content has text and icons in its holes: edges and small specks of regions.
    """
    inside = labels[hole]
    inside = inside[inside > 0]
    if inside.size == 0:
        return False
    _, counts = np.unique(inside, return_counts=True)
    return bool(counts.max() >= _HOLE_REGION_SHARE * hole.sum())


def _shape(
    label: int,
    bbox: tuple[int, int, int, int],
    labels: NDArray[np.int32],
    colours: NDArray[np.uint8],
    image_wh: tuple[int, int],
    slack: int,
) -> RegionShape | None:
    x, y, w, h = bbox
    mask = labels == label
    area = int(mask.sum())
    if slack:
        closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        mask = closed.astype(bool) | mask
    rows = mask.any(axis=1)
    cols = mask.any(axis=0)
    left = mask.argmax(axis=1)
    right = w - 1 - mask[:, ::-1].argmax(axis=1)
    top = mask.argmax(axis=0)
    bottom = h - 1 - mask[::-1, :].argmax(axis=0)
    outline = float(np.sum((right - left + 1)[rows]))
    share = outline / float(w * h)
    if share < _MIN_OUTLINE_SHARE:
        return None
    if area < _HOLLOW_SHARE * outline:
        # A thin ring around a box: a real box's fill is one colour, the band a shadow's
        # gradient leaves between edges is not. (A fill around its label is no ring.)
        spans = np.arange(w)[None, :]
        within = (spans >= left[:, None]) & (spans <= right[:, None]) & rows[:, None]
        if _holds_a_box(labels, within & ~mask):
            spread = float(colours[mask].astype(np.float32).std(axis=0).max())
            if spread > _RING_MAX_STD * (2 if slack else 1):
                return None
    on_left = np.flatnonzero(rows & (left <= slack))
    on_right = np.flatnonzero(rows & (right >= w - 1 - slack))
    on_top = np.flatnonzero(cols & (top <= slack))
    on_bottom = np.flatnonzero(cols & (bottom >= h - 1 - slack))
    tall = on_left.size >= _MIN_STRAIGHT_SHARE * h and on_right.size >= _MIN_STRAIGHT_SHARE * h
    wide = on_top.size >= _MIN_STRAIGHT_SHARE * w and on_bottom.size >= _MIN_STRAIGHT_SHARE * w
    kind: ShapeKind
    if tall and wide:
        kind = "rect"
    elif (tall or wide) and min(on_left.size, on_right.size, on_top.size, on_bottom.size) > 0:
        kind = "pill"
    elif (
        abs(w - h) <= _CIRCLE_ASPECT_TOLERANCE * max(w, h)
        and _CIRCLE_SHARE[0] <= share <= _CIRCLE_SHARE[1]
        and min(on_left.size, on_right.size, on_top.size, on_bottom.size) > 0
    ):
        kind = "circle"
    else:
        return None
    width, height = image_wh
    return RegionShape(
        label=label,
        bbox=bbox,
        kind=kind,
        straight=(on_top + x, on_right + y, on_bottom + x, on_left + y),
        outline_share=share,
        touches=(y == 0, x + w >= width, y + h >= height, x == 0),
    )


def region_shapes(
    regions: FlatRegions,
    rgb: NDArray[np.uint8],
    *,
    skip: frozenset[int] = frozenset(),
    noisy: bool = False,
) -> list[RegionShape]:
    """The flat regions shaped like UI boxes.

    Parameters
    ----------
    regions : FlatRegions
        Labelled flat regions of the image.
    rgb : ndarray of shape (H, W, 3), dtype uint8
        The image (sRGB), to check that thin rings are one colour.
    skip : frozenset of int
        Region ids not to test (the page background).
    noisy : bool
        Whether the regions come from a noisy (JPEG) image: outlines are then closed over
        one-pixel specks and may wander a pixel off the straight line.

    Returns
    -------
    list of RegionShape
        Box-shaped regions, largest first.
    """
    height, width = regions.labels.shape
    stats = regions.stats
    area = stats[:, 4]
    ok = (area >= _MIN_AREA_PX) & (stats[:, 2] >= _MIN_SIDE_PX) & (stats[:, 3] >= _MIN_SIDE_PX)
    ok[0] = False
    order = np.flatnonzero(ok)
    order = order[np.argsort(-area[order], kind="stable")]
    shapes: list[RegionShape] = []
    for label in order.tolist():
        if label in skip:
            continue
        x, y, w, h = (int(v) for v in stats[label, :4])
        shape = _shape(
            label,
            (x, y, w, h),
            regions.labels[y : y + h, x : x + w],
            rgb[y : y + h, x : x + w],
            (width, height),
            _NOISY_SLACK_PX if noisy else 0,
        )
        if shape is not None:
            shapes.append(shape)
    return shapes


def outline_shape(mask: NDArray[np.bool_], *, noisy: bool = False) -> ShapeKind | None:
    """The box shape of a mask's outline (holes included), or None when it has none.

    Parameters
    ----------
    mask : ndarray of shape (H, W), dtype bool
        The pixels of one thing, cropped to its bounding box.
    noisy : bool
        Whether the pixels come from a noisy (JPEG) image (see `region_shapes`).

    Returns
    -------
    ShapeKind or None
        ``"rect"``, ``"pill"`` or ``"circle"``.
    """
    height, width = mask.shape
    if height < _MIN_SIDE_PX or width < _MIN_SIDE_PX:
        return None
    labels = mask.astype(np.int32)
    # The colours are never read (a 0/1 mask has no other region in its holes, so it is never
    # a band around a box), and `touches` is not returned: placeholders for both.
    colours = np.zeros((height, width, 3), dtype=np.uint8)
    shape = _shape(
        1,
        (0, 0, width, height),
        labels,
        colours,
        (width + 1, height + 1),
        _NOISY_SLACK_PX if noisy else 0,
    )
    return None if shape is None else shape.kind
