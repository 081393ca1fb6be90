"""Exact boxes of box-shaped regions: each side measured from its colour profile, borders found.

A flat region stops one pixel short of its element's edge (see `_edges`), and the element may
have a border around its fill. For every straight side of a `RegionShape` the median profile of
up to `_MAX_STRIPS` strips across that side is read by `scan_side`. A ring next to the fill is a
border when at least three sides show it in the same colour (a shadow offset downwards darkens
the four sides differently), or when the colour beyond it is flat (a one-sided border such as a
header's bottom rule, with no shadow gradient after it). Sides that touch the image edge stay
where the image ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._edges import FlatRegions
from copy_that.analysis._quantiles import median0
from copy_that.analysis._shapes import RegionShape
from copy_that.analysis._sides import (
    LOSSY_TOLERANCE,
    PROFILE_INSIDE_PX,
    SideScan,
    colour_distance,
    scan_side,
    side_profile,
)

__all__ = ["BoxFit", "fit_boxes"]

# Strips per side: the median of this many is robust to text touching the side and JPEG noise.
_MAX_STRIPS = 24
# How far outwards a side profile reaches, px: the band pixel, anti-aliasing, a border of up to
# 6 px and a stretch of outside after it.
_REACH_PX = 12
# The flat region ends this many px inside an edge (the width of the edge band, `_edges`).
_BAND_PX = 1
# Boxes whose four sides agree to within this many px are one element seen twice (a fill and a
# thick border ring, both flat).
_SAME_BOX_PX = 2.5
# Sides that must be measured for a box not touching the image edge: one side may be hidden
# (a neighbour flush against it, content touching it) and is then assumed at the band's width.
_MIN_MEASURED_SIDES = 3
# Bordered sides this many px wider than the thinnest are read at the thinnest width.
_GLUED_PX = 1
# Rings that must agree on a colour before sides merely leading with it count.
_MIN_RINGS = 2
# Sides showing one ring colour for it to be a border all round (see module docstring).
_MIN_RING_SIDES = 3


@dataclass(frozen=True)
class BoxFit:
    """A box-shaped region with its measured element box.

    Parameters
    ----------
    shape : RegionShape
        The region.
    edges : tuple of 4 floats
        ``(left, top, right, bottom)`` outer edges in image px, sub-pixel (edge coordinates:
        pixel column ``x`` spans ``[x, x + 1)``).
    border_px : tuple of 4 ints
        Border width at top, right, bottom, left, px (0 where there is none).
    border_color : tuple of 3 floats or None
        sRGB of the border (median over bordered sides), None without one.
    fill : tuple of 3 floats
        Mean sRGB colour of the flat region.
    uniform : bool
        Whether the fill is one colour (False for gradients).
    outside : tuple of 3 floats or None
        Median sRGB just outside the box (past any border), None when no side was measured.
    contrast : float
        Largest channel difference between the box's fill or border and the outside.
    measured : tuple of 4 bools
        Which sides (top, right, bottom, left) were measured rather than assumed.
    parent_label : int
        Region id of the flat region around this one (the page background's id at the root).
    area_px : int
        Pixels of the flat region (the fill).
    """

    shape: RegionShape
    edges: tuple[float, float, float, float]
    border_px: tuple[int, int, int, int]
    border_color: tuple[float, float, float] | None
    fill: tuple[float, float, float]
    uniform: bool
    outside: tuple[float, float, float] | None
    contrast: float
    measured: tuple[bool, bool, bool, bool]
    parent_label: int

    area_px: int = 0

    @property
    def box(self) -> tuple[int, int, int, int]:
        """``(x, y, w, h)`` rounded to whole pixels."""
        left, top, right, bottom = (round(v) for v in self.edges)
        return (left, top, max(1, right - left), max(1, bottom - top))


def _pick(values: NDArray[np.intp]) -> NDArray[np.intp]:
    if values.size <= _MAX_STRIPS:
        return values
    return values[np.linspace(0, values.size - 1, _MAX_STRIPS).round().astype(np.intp)]


def _profile(rgb: NDArray[np.uint8], side: int, shape: RegionShape) -> NDArray[np.float32] | None:
    """Median profile of one side (0 top, 1 right, 2 bottom, 3 left), or None when out of room."""
    height, width = rgb.shape[:2]
    x, y, w, h = shape.bbox
    across = _pick(shape.straight[side])
    if across.size == 0:
        return None
    starts = (y, x + w - 1, y + h - 1, x)
    room = (y, width - x - w, height - y - h, x)
    sign = -1 if side in (0, 3) else 1
    steps = np.arange(-PROFILE_INSIDE_PX, min(_REACH_PX, room[side]) + 1)
    if steps.size < PROFILE_INSIDE_PX + 4:
        return None
    along = starts[side] + sign * steps
    if side in (0, 2):
        strips = rgb[along[None, :], across[:, None]]
    else:
        strips = rgb[across[:, None], along[None, :]]
    return side_profile(strips)


def _parents(shapes: list[RegionShape], background: int | None) -> list[int]:
    """Region id of the smallest box-shaped region around each shape (else the background)."""
    boxes = np.array([s.bbox for s in shapes], dtype=np.int64).reshape(-1, 4)
    x0, y0 = boxes[:, 0] - _BAND_PX, boxes[:, 1] - _BAND_PX
    x1, y1 = boxes[:, 0] + boxes[:, 2] + _BAND_PX, boxes[:, 1] + boxes[:, 3] + _BAND_PX
    area = (x1 - x0) * (y1 - y0)
    out: list[int] = []
    fallback = background if background is not None else 0
    for i in range(len(shapes)):
        inside = (x0 < x0[i]) & (y0 < y0[i]) & (x1 > x1[i]) & (y1 > y1[i])
        inside[i] = False
        hits = np.flatnonzero(inside)
        out.append(shapes[int(hits[np.argmin(area[hits])])].label if hits.size else fallback)
    return out


def _borders(
    scans: list[SideScan | None], threshold: float, *, lossy: bool
) -> tuple[list[bool], list[bool]]:
    """Which sides have a border, and which of those only lead with its colour.

    The border colour is the median of the rings found (at least two). A ring of that colour is
    the border; so is a side that is no ring but starts with that colour (the border runs into
    a shadow of nearly its colour, so no step ends it), which takes the rings' width. At least
    `_MIN_RING_SIDES` sides must show the colour either way; a ring with flat colour beyond it
    is a border on its own (a one-sided rule). Without rings, a one-pixel border a darker shadow
    surrounds lies on the line from fill to shadow on every side, like an anti-aliased edge
    (`SideScan.lead_dips`); it is a border where `_MIN_RING_SIDES` sides or more lead with its
    one colour while the shadow behind it differs from side to side (anti-aliasing mixes the
    fill with each side's own outside). A lone ring gives the colour the same way: under a
    shadow offset downwards only the top side of a bordered card shows a ring, and the others
    lead with its colour into their own shadows (`_lone_ring_border`).
    """
    rings = [s.ring_color if s is not None else None for s in scans]
    colours = np.array([c for c in rings if c is not None], dtype=np.float32).reshape(-1, 3)
    agreeing = [False] * len(scans)
    leading = [False] * len(scans)

    def near(c: tuple[float, float, float] | None, middle: NDArray[np.float32]) -> bool:
        if c is None:
            return False
        colour = np.array([c], dtype=np.float32)
        return float(colour_distance(colour, middle, lossy=lossy)[0]) <= threshold

    def leads(middle: NDArray[np.float32]) -> list[bool]:
        return [
            s is not None and s.ring_color is None and near(s.lead_color, middle) for s in scans
        ]

    if colours.shape[0] >= _MIN_RINGS:
        middle = median0(colours)
        close = [near(c, middle) for c in rings]
        lead = leads(middle)
        if sum(close) >= _MIN_RINGS and sum(close) + sum(lead) >= _MIN_RING_SIDES:
            agreeing, leading = close, lead
    else:
        leading = _dipping_border(scans, threshold)
        if colours.shape[0] == 1 and not any(leading):
            agreeing, leading = _lone_ring_border(scans, leads(colours[0]), threshold)
    bordered = [
        s is not None and s.ring_color is not None and (agreeing[i] or s.ring_outside_flat)
        for i, s in enumerate(scans)
    ]
    return [b or lead for b, lead in zip(bordered, leading, strict=True)], leading


def _lone_ring_border(
    scans: list[SideScan | None], lead: list[bool], threshold: float
) -> tuple[list[bool], list[bool]]:
    """The lone ring's side and the sides leading with its colour, when a border (`_borders`).

    They are one when they make `_MIN_RING_SIDES` sides and the colours behind the leads differ
    by more than `threshold` (each side's own shadow): leads of one colour over one colour behind
    are a uniform halo's first pixels, not a border. Returns the sides bordered by their ring and
    those leading with its colour.
    """
    none = [False] * len(scans)
    behind = np.array(
        [s.beyond_lead_color for s, led in zip(scans, lead, strict=True) if led and s is not None],
        dtype=np.float32,
    ).reshape(-1, 3)
    if 1 + behind.shape[0] < _MIN_RING_SIDES or float(np.ptp(behind, axis=0).max()) <= threshold:
        return none, none
    scan = next(s for s in scans if s is not None and s.ring_color is not None)
    ring = [s is scan for s in scans]
    if scan.solid_px < scan.ring_px:
        # The ring drifts after its solid part: a shadow's first pixel is glued to the border,
        # which the other sides show one pixel wide (`_fit_one` gives leading sides that width).
        return none, [led or r for led, r in zip(lead, ring, strict=True)]
    return ring, lead


def _dipping_border(scans: list[SideScan | None], threshold: float) -> list[bool]:
    """The sides of a one-pixel border with a darker shadow behind it (see `_borders`).

    Each side that dips, or is a ring (the shadow's first pixel may match the border's colour on
    the side it is offset away from), and leads with the border's colour; all of them lead, so
    they all take the one-pixel width. At least `_MIN_RING_SIDES` such sides, `_MIN_RINGS` of them
    dipping, as a border read from rings needs.
    """
    sides = [s is not None and (s.lead_dips or s.ring_color is not None) for s in scans]
    found = [s for s, side in zip(scans, sides, strict=True) if side and s is not None]
    if len(found) < _MIN_RING_SIDES or sum(s.lead_dips for s in found) < _MIN_RINGS:
        return [False] * len(scans)
    leads = np.array([s.lead_color for s in found], dtype=np.float32)
    behind = np.array([s.beyond_lead_color for s in found], dtype=np.float32)
    one_colour = float(np.abs(leads - median0(leads)).max()) <= threshold
    behind_differs = float(np.ptp(behind, axis=0).max()) > threshold
    return sides if one_colour and behind_differs else [False] * len(scans)


def _colour_tolerance(regions: FlatRegions) -> float:
    """How far apart two readings of one colour (a border's, a fill's) may be, code values."""
    return float(regions.threshold) * (LOSSY_TOLERANCE if regions.noisy else 1.0)


def _fit_one(
    rgb: NDArray[np.uint8],
    shape: RegionShape,
    regions: FlatRegions,
    parent: int,
    exact: bool,
) -> BoxFit | None:
    x, y, w, h = shape.bbox
    threshold = float(regions.threshold)
    scans: list[SideScan | None] = []
    for side in range(4):
        profile = None if shape.touches[side] else _profile(rgb, side, shape)
        scans.append(
            None
            if profile is None
            else scan_side(profile, threshold=threshold, lossy=regions.noisy, exact=exact)
        )
    measured = [s is not None for s in scans]
    if sum(measured) + sum(shape.touches) < len(scans) and sum(measured) < _MIN_MEASURED_SIDES:
        return None
    bordered, leading = _borders(scans, _colour_tolerance(regions), lossy=regions.noisy)
    # A border is one width all round; a side reading a pixel wider has the darkest pixel of a
    # shadow (or JPEG blur) glued to it, and so has one whose ring is solid no wider than the
    # thinnest before it drifts.
    ring_widths = [
        s.ring_px
        for s, b, lead in zip(scans, bordered, leading, strict=True)
        if b and not lead and s is not None
    ]
    # Leading sides with no ring anywhere are a one-pixel border's (`_dipping_border`).
    thinnest = min(ring_widths) if ring_widths else int(any(leading))
    widths: list[int] = []
    reach: list[float] = []
    for side, scan in enumerate(scans):
        if scan is None:
            widths.append(0)
            # A region cut out by colour ends at its edge; the edge map's an edge band short.
            reach.append(0.0 if shape.touches[side] or exact else float(_BAND_PX))
            continue
        if leading[side]:
            widths.append(thinnest)
            reach.append(scan.lead_edge_px + thinnest)
            continue
        width = scan.ring_px if bordered[side] else 0
        if width and (width - thinnest <= _GLUED_PX or scan.solid_px <= thinnest):
            width = thinnest
        widths.append(width)
        reach.append(scan.edge_px + width)
    inner = (float(y), float(x + w), float(y + h), float(x))
    edges = (inner[3] - reach[3], inner[0] - reach[0], inner[1] + reach[1], inner[2] + reach[2])
    ring_colours = [
        s.ring_color
        for s, b in zip(scans, bordered, strict=True)
        if b and s is not None and s.ring_color is not None
    ] or [s.lead_color for s, lead in zip(scans, leading, strict=True) if lead and s is not None]
    border_color = None
    if ring_colours:
        middle = median0(np.array(ring_colours, dtype=np.float32))
        border_color = (float(middle[0]), float(middle[1]), float(middle[2]))
    done = [s for s in scans if s is not None]
    fills = np.array([s.fill_color for s in done], dtype=np.float32).reshape(-1, 3)
    outs = np.array([s.outside_color for s in done], dtype=np.float32).reshape(-1, 3)
    outside = None
    contrast = 0.0
    if done:
        mid = median0(outs)
        outside = (float(mid[0]), float(mid[1]), float(mid[2]))
        contrast = float(np.abs(median0(fills) - mid).max())
        if border_color is not None:
            contrast = max(contrast, float(np.abs(np.array(border_color) - mid).max()))
    spread = float(np.ptp(fills, axis=0).max()) if fills.shape[0] > 1 else 0.0
    color = regions.colors[shape.label]
    return BoxFit(
        shape=shape,
        edges=edges,
        border_px=(widths[0], widths[1], widths[2], widths[3]),
        border_color=border_color,
        fill=(float(color[0]), float(color[1]), float(color[2])),
        uniform=spread <= 2.0 * threshold,
        outside=outside,
        contrast=contrast,
        measured=(measured[0], measured[1], measured[2], measured[3]),
        parent_label=parent,
        area_px=int(regions.stats[shape.label, 4]),
    )


def _dedupe(fits: list[BoxFit], colour_tolerance: float) -> list[BoxFit]:
    """Drop fits whose box repeats a larger fill's box (a thick border ring and its fill).

    A ring of a larger fill's border colour sharing three of its sides is that border too: a
    shadow of the border's colour below it carries the ring past the fourth side.
    """
    ordered = sorted(fits, key=lambda f: -f.area_px)
    edges = np.array([f.edges for f in ordered], dtype=np.float64).reshape(-1, 4)
    borders = np.array(
        [f.border_color if f.border_color is not None else (np.nan,) * 3 for f in ordered],
        dtype=np.float64,
    ).reshape(-1, 3)
    kept = np.zeros(len(ordered), dtype=bool)
    for i, fit in enumerate(ordered):
        near = np.abs(edges[:i] - edges[i]) <= _SAME_BOX_PX
        # NaN (no border) compares false.
        bordered_like = np.abs(borders[:i] - np.asarray(fit.fill)).max(axis=1) <= colour_tolerance
        repeats = near.all(axis=1) | ((near.sum(axis=1) >= 3) & bordered_like)
        kept[i] = not (repeats & kept[:i]).any()
    return [fit for fit, keep in zip(ordered, kept, strict=True) if keep]


def fit_boxes(
    rgb: NDArray[np.uint8],
    regions: FlatRegions,
    shapes: list[RegionShape],
    *,
    background: int | None,
    exact: frozenset[int] = frozenset(),
) -> list[BoxFit]:
    """Measure the element box of every box-shaped region.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    regions : FlatRegions
        The image's flat regions.
    shapes : list of RegionShape
        Box-shaped regions (`region_shapes`).
    background : int or None
        Region id of the page background, None when there is none.
    exact : frozenset of int
        Regions cut out by their exact colour rather than by the edge map (`_halo_fills`): they
        end at their edge, not an edge band short of it, where no step marks the side, and a
        side ends at its first pixel off that colour (`scan_side`'s ``exact``).

    Returns
    -------
    list of BoxFit
        One per region whose sides could be measured, duplicates removed, largest first.
    """
    parents = _parents(shapes, background)
    fits = [
        fit
        for shape, parent in zip(shapes, parents, strict=True)
        if (fit := _fit_one(rgb, shape, regions, parent, shape.label in exact)) is not None
    ]
    return _dedupe(fits, _colour_tolerance(regions))
