"""Corner radius of a box from its anti-aliased pixels, to a fraction of a pixel.

For one corner, each pixel row of the corner zone (a square of half the box's short side) is
read from the box's side inwards and gives the row's *inset*: how far, summed over the row's
pixels, the shape stays away from the side. A circular corner of radius r insets the row band
[k, k + 1) (measured from the box's top edge) by

    D(k; r) = ∫ (r − √(r² − (r − t)²)) dt  over t ∈ [k, min(k + 1, r)],

which has a closed form. Columns are read the same way from the top edge. The radius is the r
whose cut-off area, (1 − π/4) r², equals the summed insets (rows and columns each give one
estimate; they are averaged), and the RMS difference between measured and modelled insets says
how well the corner is a circular arc. Anti-aliasing is what makes this exact: coverage is area.

A box without a border is read at its outer edge: every pixel's *coverage* is its share of the
fill against the colour just outside the box on that row, and the row's inset is the summed
uncovered share of the pixels before the first fully covered one.

A box with a border of b px is read at its inner edge, where the fill meets the border: CSS
rounds that edge with radius r − b, inset by b, so the rows below the top border give
b + D(k − b; r − b). The border is one known, opaque colour, so the reading does not depend on
what lies outside the box — a shadow darkening the page right up to the border, or a page the
same colour as the border, leaves it exact. Coverage there is the fill's share against the
border. Where the border is so thin that no pixel of a row is pure border (1 px on a diagonal),
its pixels also hold some of the outside, and the row is read from the first two moments of its
profile instead (see `_inner_insets`). A corner whose inner edge is square (r ≤ b) is read at
the outer edge, against the border colour.

A side a fraction of a pixel off the box's edge (a sub-pixel position, JPEG blur, a colour read
a little off) insets every line by the same δ; the lines past the arc measure it, and it is
taken off before the area is summed (see `_fit`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CornerFit", "fit_corner", "fit_corners", "model_insets"]

Colour = tuple[float, float, float]

# A pixel this covered (share of the box's colour) counts as inside the box.
_INSIDE_COVER = 0.9
# A pixel at least this covered, followed by a less covered one, is the peak of a thin border.
_PEAK_COVER = 0.5
# The outside reference is taken this many px outside the box's side.
_OUTSIDE_OFFSET_PX = 2
# A line's covered pixels are level (see `_levelled`) when this many lie within this share of
# its most covered one; a line never covered by this share has no level.
_PLATEAU_PX = 3
_PLATEAU_SPREAD = 0.02
_MIN_PLATEAU = 0.25
# Below this contrast between two colours (largest channel difference) coverage is noise.
_MIN_CONTRAST = 12.0
# A corner zone this small (a box 3 px across) holds no measurable curve.
_MIN_ZONE_PX = 2
# Share of the square r × r a circular corner cuts off: 1 − π/4.
_CORNER_AREA = 1.0 - math.pi / 4.0
# A border pixel whose share of the fill or the outside is within this of zero is pure border:
# the line's inner edge is read from the pixels after it alone.
_PURE_BORDER = 0.1
# Share of the fill a border pixel may show on top of what its mixing with the outside explains
# (8-bit rounding and JPEG noise on a border of modest contrast).
_BORDER_NOISE = 0.1
# On a line whose border pixels are mixed, the outer edge lies at most this many px before the
# pixel most like the border (a border of 1 px crosses a line in at most √2 px).
_RING_REACH_PX = 2
# The moment reading only shares the border's mixed pixels between its two edges: a result
# further than this from the plain reading comes from something else on the line (JPEG
# ringing, content touching the border) and the plain reading is kept.
_MAX_MOMENT_SHIFT_PX = 1.0
# Fewer lines than this past the arc do not say where the side lies (see `_fit`).
_MIN_STRAIGHT_LINES = 3
# A corner's area is summed again over the bands within this many px past the arc read from the
# whole zone: that first reading is within a px of the radius, and the margin keeps the arc's
# last, partly covered band in.
_ARC_MARGIN_PX = 2.0
# An inner edge rounded less than this (px) is square to within the reading: the radius is at
# most the border width and is read at the outer edge instead.
_MIN_INNER_PX = 0.5


@dataclass(frozen=True)
class CornerFit:
    """A fitted corner.

    Parameters
    ----------
    radius_px : float
        Fitted radius, image px (0 for a square corner).
    rms_px : float
        Root-mean-square difference between measured and modelled insets, px.
    limit_px : float
        Largest radius the corner zone allows (half the box's short side).
    """

    radius_px: float
    rms_px: float
    limit_px: float


def _arc_area(u: NDArray[np.float64], r: NDArray[np.float64]) -> NDArray[np.float64]:
    """∫₀ᵘ √(r² − s²) ds for 0 ≤ u ≤ r (r > 0)."""
    u = np.clip(u, 0.0, r)
    return 0.5 * (u * np.sqrt(np.maximum(r * r - u * u, 0.0)) + r * r * np.arcsin(u / r))


def model_insets(bands: NDArray[np.float64], r: float | NDArray[np.float64]) -> NDArray[np.float64]:
    """Inset of each unit band [k, k + 1) of a circular corner of radius `r` (see module).

    `r` may be an array broadcasting against `bands` (one radius per corner).
    """
    radius = np.asarray(r, dtype=np.float64)
    safe = np.maximum(radius, 1e-9)
    a = np.clip(bands, 0.0, radius)
    b = np.clip(bands + 1.0, 0.0, radius)
    # With u = r − t, the band [a, b] maps to u ∈ [r − b, r − a].
    inset = radius * (b - a) - (_arc_area(radius - a, safe) - _arc_area(radius - b, safe))
    return np.asarray(np.where(radius > 0.0, inset, 0.0), dtype=np.float64)


def _dot3(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Sum of the channel products of `a` and `b` (last axis, length 3), broadcast.

    Written out channel by channel (the order `numpy.einsum` sums them in, so the same bits):
    einsum over a (lines, pixels, colours, channels) product was most of a corner fit's time.
    """
    return np.asarray(a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2])


def _coverage(
    lines: NDArray[np.float32], outside: NDArray[np.float32], colour: NDArray[np.float32]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per pixel, its share of its line's box colour against the line's outside colour.

    `colour` is one colour (3,) or one per line (lines, 3). Also returns which lines the colour
    stands out on.
    """
    axis = colour - outside  # (lines, 3)
    norm = _dot3(axis, axis)
    usable = norm >= _MIN_CONTRAST**2
    share = (_dot3(lines, axis[:, None, :]) - _dot3(outside, axis)[:, None]) / np.maximum(
        norm, 1e-6
    )[:, None]
    cover = np.where(usable[:, None], np.clip(share, 0.0, 1.0), 0.0)
    return np.asarray(cover, dtype=np.float64), usable


def _level(
    cover: NDArray[np.float64], group: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The level each line's covered pixels settle at, and the line's weight (see `_levelled`).

    Lines come in groups of `group` (one corner's rows and columns) that share a box colour.
    """
    top = cover.max(axis=1)
    settled = (cover >= (top - _PLATEAU_SPREAD)[:, None]).sum(axis=1) >= _PLATEAU_PX
    level = np.where(settled & (top >= _MIN_PLATEAU), top, 1.0)
    typical = np.repeat(np.median(level.reshape(-1, group), axis=1), group)
    return level, np.minimum(level / typical, 1.0)


def _levelled(
    cover: NDArray[np.float64], group: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Coverage relative to the level each line's covered pixels settle at, and line weights.

    A line wholly inside the shape along its length settles at full coverage. Its covered
    pixels settle lower when the box's colour was read a few levels off (every line of the box
    alike) or when the line is only partly inside the shape across its whole length: a side
    at a sub-pixel position, or blurred by JPEG, cuts the first line or two next to it. Either
    way "fully covered" means that level, so coverage is divided by it. A line cut by the side
    also holds only that share of the band whose inset it measures, so its inset is weighed
    by its level against the box's (the median line's of its group). A single peak (a thin
    border) is no level, and a line never covered by a quarter (the outside of a pill's first
    rows) has none.
    """
    level, weight = _level(cover, group)
    return np.minimum(cover / level[:, None], 1.0), weight


def _outer_insets(
    lines: NDArray[np.float32],
    outside: NDArray[np.float32],
    colour: NDArray[np.float32],
    group: int,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Inset of each line's outer edge (rows or columns read inwards), px, and its readability.

    `colour` is each line's box colour (lines, 3); lines come in groups of `group` per corner.

    A pixel's coverage is its share of the box's colour against the line's outside colour;
    lines where the colour does not stand out from the outside cannot be read. Where a line's
    first two pixels are still outside the arc, its first pixel is the outside reference
    instead: a shadow around the box makes the colour right next to the arc differ from the
    colour beside the box.
    """
    cover, usable = _coverage(lines, outside, colour)
    clear = (cover[:, 0] < _PEAK_COVER) & (cover[:, 1] < _PEAK_COVER)
    if clear.any():
        local, local_ok = _coverage(lines[clear], lines[clear, 0], colour[clear])
        cover[clear] = local
        usable[clear] = local_ok
    cover, weight = _levelled(cover, group)
    # A line is inside from its first fully covered pixel on, or from the pixel after its
    # first well-covered peak (past a thin border the fill may look just like the outside).
    inside = cover >= _INSIDE_COVER
    falling = np.zeros_like(inside)
    falling[:, :-1] = (cover[:, :-1] >= _PEAK_COVER) & (cover[:, 1:] < cover[:, :-1])
    inside[:, 1:] |= falling[:, :-1]
    first = np.where(inside.any(axis=1), inside.argmax(axis=1), lines.shape[1])
    reach = np.arange(lines.shape[1])[None, :] < first[:, None]
    return weight * ((1.0 - cover) * reach).sum(axis=1), usable


def _moment_insets(
    share: NDArray[np.float64],
    ring: NDArray[np.intp],
    end: NDArray[np.intp],
    outside_share: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Inner-edge inset of lines whose border pixels also hold some of the outside.

    On such a line (fill share y, border 0, fill 1; the outside's share is λ) a pixel reads
    y = cᵢ + λ (1 − cₒ), with cₒ, cᵢ its coverage by the outer and the inner shape. Between the
    window's start s (outside) and its end e (fill), with a = outer inset − s and c = inner
    inset − s, the straight-edge model gives

        Σ y = (L − c) + λ a   and   Σ (j − s + ½) y = (L² − c²) / 2 + λ a² / 2,   L = e − s,

    two equations for the two edges whatever way the mixed pixels split between them. With
    d = L − Σ y, c = d + λ a and λ (1 − λ) a² − 2 λ d a + (L² − d² − 2 Σ (j − s + ½) y) = 0;
    of its two roots the edge is the one that stays finite through λ = 1 (a border on a page
    of the fill's colour), written in the form that does; on the far side of the border's
    colour from the fill (λ < 0) its mirror image is.
    """
    count, size = share.shape
    idx = np.arange(size)[None, :]
    lines = np.arange(count)
    first = np.maximum(ring - _RING_REACH_PX, 0)
    stop = np.minimum(end + 1, size)
    # The outside's share next to the window, or beside the box where the window starts at it.
    lam = np.where(first >= 1, share[lines, np.maximum(first - 1, 0)], outside_share)
    window = (idx >= first[:, None]) & (idx < stop[:, None])
    length = (stop - first).astype(np.float64)
    sum0 = (share * window).sum(axis=1)
    sum1 = ((idx - first[:, None] + 0.5) * share * window).sum(axis=1)
    d = length - sum0
    # A line whose moments admit no edge (a zero denominator) reads as NaN and keeps its plain
    # reading.
    with np.errstate(divide="ignore", invalid="ignore"):
        a = _outer_root(lam, d, length * length - d * d - 2.0 * sum1)
        # Pixel sums of an edge's first moment fall short of the integral by f (1 − f) / 2, f
        # the edge's phase in its pixel: a second solve with the phases of the first takes it out.
        outer_phase = np.mod(a, 1.0)
        inner_phase = np.mod(d + lam * a, 1.0)
        shortfall = inner_phase * (1.0 - inner_phase) - lam * outer_phase * (1.0 - outer_phase)
        a = _outer_root(lam, d, length * length - d * d - 2.0 * sum1 - shortfall)
        return np.asarray(first + d + lam * a, dtype=np.float64)


def _outer_root(
    lam: NDArray[np.float64], d: NDArray[np.float64], q: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The root a of λ (1 − λ) a² − 2 λ d a + q = 0 that is the outer edge (`_moment_insets`)."""
    root = np.sqrt(np.maximum((lam * d) ** 2 - lam * (1.0 - lam) * q, 0.0))
    return np.asarray(q / (lam * d + np.sign(lam) * root), dtype=np.float64)


def _inner_insets(
    lines: NDArray[np.float32],
    outside: NDArray[np.float32],
    border: NDArray[np.float32],
    fill: NDArray[np.float32],
    group: int,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Inset of each line's inner edge (where the fill meets the border), px, and its readability.

    `border` and `fill` are each line's box colours (lines, 3); lines come in groups of `group`
    per corner.

    A pixel's coverage is its share of the fill against the border. Each line crosses the
    border before the fill, so its reading starts at its first pixel close to the border colour
    (a page of the fill's colour looks like the fill up to the border) and ends at the next
    fully covered pixel. Within that run, the pixel most like the border is where the inner shape
    starts at the earliest: pixels before it count as uncovered, the rest by their coverage.
    Where that pixel is not pure border (a 1-px border on a diagonal shares its pixels with the
    outside), `_moment_insets` reads the line instead.
    """
    axis = fill - border  # (lines, 3)
    norm = np.asarray(_dot3(axis, axis), dtype=np.float64)
    count, size = lines.shape[:2]
    base = np.asarray(_dot3(border, axis), dtype=np.float64)
    scale = np.maximum(norm, 1e-6)
    share = (np.asarray(_dot3(lines, axis[:, None, :]), dtype=np.float64) - base[:, None]) / scale[
        :, None
    ]
    cover = np.clip(share, 0.0, 1.0)
    idx = np.arange(size)[None, :]
    outside_share = (np.asarray(_dot3(outside, axis), dtype=np.float64) - base) / scale
    # A border of 1 px leaves some pixel of a line within λ / (1 + λ) of pure border (at worst
    # its two pixels split it, one sharing the outside's λ, the other the fill), and no less
    # than half: a pixel that close to the border colour is where the line reaches the border.
    # Noise in the outside (JPEG on a page of the fill's colour) stays further off.
    positive = np.maximum(outside_share, 0.0)
    near = np.maximum(0.5, positive / (1.0 + positive)) + _BORDER_NOISE
    border_like = np.abs(share) <= near[:, None]
    start = border_like.argmax(axis=1)
    # The fill's level (see `_levelled`) is read past the border: on a page of the fill's
    # colour the outside would settle at full coverage whatever the fill does.
    level, weight = _level(np.where(idx > start[:, None], cover, 0.0), group)
    share = share / level[:, None]
    outside_share = outside_share / level
    cover = np.clip(share, 0.0, 1.0)
    inside = (cover >= _INSIDE_COVER) & (idx > start[:, None])
    readable = border_like.any(axis=1) & inside.any(axis=1) & (norm >= _MIN_CONTRAST**2)
    end = np.where(readable, inside.argmax(axis=1), size)
    run = (idx >= start[:, None]) & (idx < end[:, None])
    ring = np.where(run, np.abs(share), np.inf).argmin(axis=1)
    # The first fully covered pixel still holds up to a tenth of border.
    after = (idx >= ring[:, None]) & (idx <= end[:, None])
    plain = ring + ((1.0 - cover) * after).sum(axis=1)
    mixed = readable & (np.abs(share[np.arange(count), ring]) > _PURE_BORDER)
    if mixed.any():
        moment = _moment_insets(share[mixed], ring[mixed], end[mixed], outside_share[mixed])
        near_plain = np.abs(moment - plain[mixed]) <= _MAX_MOMENT_SHIFT_PX
        plain[mixed] = np.where(np.isfinite(moment) & near_plain, moment, plain[mixed])
    return weight * plain, readable


def _span(start: int, step: int, count: int) -> slice:
    """`count` indices from `start` in direction `step` (±1), as a slice."""
    stop = start + step * count
    return slice(start, None if stop < 0 else stop, step)


def _corner_lines(
    rgb: NDArray[np.uint8], corner: tuple[int, int], direction: tuple[int, int], zone_px: int
) -> tuple[NDArray[np.float32], NDArray[np.float32]] | None:
    """The corner zone's rows then columns, read inwards, and the outside colour of each.

    Shapes (2 × zone, zone, 3) and (2 × zone, 3); None when the zone or its outside reference
    reaches past the image.
    """
    height, width = rgb.shape[:2]
    x0, y0 = corner
    dx, dy = direction
    out_x = x0 - dx * _OUTSIDE_OFFSET_PX
    out_y = y0 - dy * _OUTSIDE_OFFSET_PX
    far_x, far_y = x0 + dx * (zone_px - 1), y0 + dy * (zone_px - 1)
    inside_x = min(out_x, x0, far_x) >= 0 and max(out_x, x0, far_x) < width
    inside_y = min(out_y, y0, far_y) >= 0 and max(out_y, y0, far_y) < height
    if not (inside_x and inside_y):
        return None
    xs, ys = _span(x0, dx, zone_px), _span(y0, dy, zone_px)
    block = rgb[ys, xs].astype(np.float32)  # block[k, j]: row k, j px in from the side
    lines = np.concatenate([block, block.transpose(1, 0, 2)])  # then column k, j px from the top
    outside = np.concatenate([rgb[ys, out_x], rgb[out_y, xs]]).astype(np.float32)
    return lines, outside


def _masked_median(values: NDArray[np.float64], mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Median of `values` where `mask` holds, along the last axis.

    0 where the mask holds on fewer than `_MIN_STRAIGHT_LINES` values.
    """
    count = mask.sum(axis=-1)
    ordered = np.sort(np.where(mask, values, np.inf), axis=-1)
    low = np.take_along_axis(ordered, np.maximum(count - 1, 0)[..., None] // 2, axis=-1)[..., 0]
    high = np.take_along_axis(ordered, (count // 2)[..., None], axis=-1)[..., 0]
    with np.errstate(invalid="ignore"):
        middle = 0.5 * (low + high)
    return np.asarray(np.where(count >= _MIN_STRAIGHT_LINES, middle, 0.0), dtype=np.float64)


def _fit(
    insets: NDArray[np.float64],
    readable: NDArray[np.bool_],
    zone_px: int,
    border_px: NDArray[np.intp],
) -> list[CornerFit | None]:
    """The radius and misfit of corners from their row insets then column insets.

    `insets` and `readable` have shape (corners, 2, zone): rows then columns of each corner.
    With a border of `border_px`, a corner's insets are of its inner edge: the lines inside the
    border (from `border_px` on) hold an arc of radius r − border_px, inset by `border_px`.

    A side that lies a fraction of a pixel off the box's edge (a box at a sub-pixel position, a
    side blurred by JPEG, a fill or border colour read a little off) adds the same inset δ to
    every line, the arc's lines included. The lines past the arc read δ alone, so where the
    zone holds enough of them their median is taken off every line before the area is summed.
    """
    width = border_px.astype(np.float64)[:, None, None]
    bands = np.arange(zone_px, dtype=np.float64)[None, None, :] - width
    inner = bands >= 0.0
    usable = readable & inner
    size = zone_px - border_px
    values = np.where(inner, insets - width, 0.0)
    # The insets of all bands add up to the area the arc cuts off, (1 − π/4) r², whatever the
    # anti-aliasing: the radius follows from each complete set of lines (rows, columns).
    complete = (readable | ~inner).all(axis=2)
    counted = complete.sum(axis=1)
    found = (usable.sum(axis=(1, 2)) >= size) & (counted > 0)
    with np.errstate(invalid="ignore"):
        first = np.sqrt(
            np.maximum((values.sum(axis=2) * complete).sum(axis=1) / counted, 0.0) / _CORNER_AREA
        )
        # A side's offset only raises the first estimate, so the lines past it are past the arc.
        straight = usable & (bands >= np.ceil(first)[:, None, None] + 1.0)
    offset = _masked_median(values, straight)
    measured = values - offset[:, :, None]
    with np.errstate(invalid="ignore"):
        area = ((measured * inner).sum(axis=2) * complete).sum(axis=1) / counted
    radius = np.minimum(size, np.sqrt(np.maximum(np.nan_to_num(area), 0.0) / _CORNER_AREA))
    # Past the arc a line says nothing about it: it holds the side's offset plus what disturbs
    # the line (JPEG noise of ±0.1-0.2 px, a faint shade in a large zone). Summed over tens of
    # lines that moves the area enough for √ to turn a square JPEG corner into a 1.4-px arc, or a
    # low-contrast 5-px card corner into a 2-px one, so the area is summed again over the bands
    # the arc can reach.
    reach = inner & (bands < np.ceil(radius)[:, None, None] + _ARC_MARGIN_PX)
    with np.errstate(invalid="ignore"):
        area = ((measured * reach).sum(axis=2) * complete).sum(axis=1) / counted
    radius = np.minimum(size, np.sqrt(np.maximum(np.nan_to_num(area), 0.0) / _CORNER_AREA))
    misfit = np.where(usable, measured - model_insets(bands, radius[:, None, None]), 0.0)
    rms = np.sqrt((misfit**2).sum(axis=(1, 2)) / np.maximum(usable.sum(axis=(1, 2)), 1))
    return [
        CornerFit(radius_px=float(r + b), rms_px=float(e), limit_px=float(zone_px)) if ok else None
        for r, b, e, ok in zip(radius, border_px, rms, found, strict=True)
    ]


def _fit_selected(
    lines: NDArray[np.float32],
    outside: NDArray[np.float32],
    selected: NDArray[np.bool_],
    zone_px: int,
    border_px: NDArray[np.intp],
    read: Callable[
        [NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]],
        tuple[NDArray[np.float64], NDArray[np.bool_]],
    ],
) -> list[tuple[int, CornerFit | None]]:
    """(index, fit) of the selected corners, their lines (2 × zone each) read by `read`.

    `read` gets the selected lines, their outside colours and the per-line selection mask.
    """
    picked = np.repeat(selected, 2 * zone_px)
    insets, readable = read(lines[picked], outside[picked], picked)
    shape = (int(selected.sum()), 2, zone_px)
    fitted = _fit(insets.reshape(shape), readable.reshape(shape), zone_px, border_px[selected])
    return list(zip(np.flatnonzero(selected).tolist(), fitted, strict=True))


def _per_line(colours: Sequence[Colour | None], lines_each: int) -> NDArray[np.float32]:
    """Each corner's colour (zeros where None) repeated for its lines, shape (lines, 3)."""
    rows = [c if c is not None else (0.0, 0.0, 0.0) for c in colours]
    return np.repeat(np.asarray(rows, np.float32).reshape(-1, 3), lines_each, axis=0)


def fit_corners(
    rgb: NDArray[np.uint8],
    *,
    corners: Sequence[tuple[int, int]],
    directions: Sequence[tuple[int, int]],
    zone_px: int,
    fills: Sequence[Colour | None],
    borders: Sequence[Colour | None] | None = None,
    border_px: Sequence[int] | None = None,
) -> list[CornerFit | None]:
    """Fit the radii of several corners (of one box or of many boxes with the same zone).

    Every line (row or column) is read on its own, so the lines of all corners are read in one
    pass: the same numbers as fitting the corners one by one, with a fraction of the calls.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    corners : sequence of (tuple of 2 ints)
        ``(x, y)`` of each corner's outermost pixel (e.g. the box's top-left pixel).
    directions : sequence of (tuple of 2 ints)
        ``(dx, dy)`` per corner, each +1 or -1: from the corner into the box (``(1, 1)`` for
        top-left).
    zone_px : int
        Side of the corner zones, px (half the boxes' short side, or less).
    fills : sequence of (tuple of 3 floats or None)
        Per corner, its box's fill, sRGB; None when it has none (only its border is read).
    borders : sequence of (tuple of 3 floats or None), optional
        Per corner, its box's border colour, sRGB; None (the default) without one.
    border_px : sequence of int, optional
        Per corner, the width (px) of the border on both sides that meet there; 0 (the
        default) where they have none or differ, and the corner is read at its outer edge.

    Returns
    -------
    list of (CornerFit or None)
        Per corner; None when its zone reaches outside the image, its box has no colour, or
        too few of its lines could be read.
    """
    count = len(corners)
    fits: list[CornerFit | None] = [None] * count
    edges = list(borders) if borders is not None else [None] * count
    widths_all = list(border_px) if border_px is not None else [0] * count
    colours = [b if b is not None else f for b, f in zip(edges, fills, strict=True)]
    if zone_px < _MIN_ZONE_PX:
        return fits
    read = [
        (i, zone)
        for i, (corner, direction) in enumerate(zip(corners, directions, strict=True))
        if colours[i] is not None
        and (zone := _corner_lines(rgb, corner, direction, zone_px)) is not None
    ]
    if not read:
        return fits
    lines = np.concatenate([zone[0] for _, zone in read])
    outside = np.concatenate([zone[1] for _, zone in read])
    ids = [i for i, _ in read]
    group = 2 * zone_px
    widths = np.asarray([widths_all[i] for i in ids], np.intp)
    inner = np.asarray(
        [
            0 < widths_all[i] <= zone_px - _MIN_ZONE_PX
            and edges[i] is not None
            and fills[i] is not None
            for i in ids
        ],
        dtype=bool,
    )
    if inner.any():
        border_lines = _per_line([edges[i] for i in ids], group)
        fill_lines = _per_line([fills[i] for i in ids], group)

        def read_inner(
            picked_lines: NDArray[np.float32],
            picked_outside: NDArray[np.float32],
            picked: NDArray[np.bool_],
        ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
            return _inner_insets(
                picked_lines, picked_outside, border_lines[picked], fill_lines[picked], group
            )

        for k, fit in _fit_selected(lines, outside, inner, zone_px, widths, read_inner):
            if fit is not None and fit.radius_px - widths[k] >= _MIN_INNER_PX:
                fits[ids[k]] = fit
    outer = np.asarray([fits[i] is None for i in ids], dtype=bool)
    if outer.any():
        colour_lines = _per_line([colours[i] for i in ids], group)

        def read_outer(
            picked_lines: NDArray[np.float32],
            picked_outside: NDArray[np.float32],
            picked: NDArray[np.bool_],
        ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
            return _outer_insets(picked_lines, picked_outside, colour_lines[picked], group)

        flat = np.zeros_like(widths)
        for k, fit in _fit_selected(lines, outside, outer, zone_px, flat, read_outer):
            fits[ids[k]] = fit
    return fits


def fit_corner(
    rgb: NDArray[np.uint8],
    *,
    corner: tuple[int, int],
    direction: tuple[int, int],
    zone_px: int,
    fill: Colour | None,
    border: Colour | None = None,
    border_px: int = 0,
) -> CornerFit | None:
    """Fit the radius of one corner (`fit_corners` for a single corner).

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    corner : tuple of 2 ints
        ``(x, y)`` of the corner's outermost pixel (e.g. the box's top-left pixel).
    direction : tuple of 2 ints
        ``(dx, dy)``, each +1 or -1: from the corner into the box (``(1, 1)`` for top-left).
    zone_px : int
        Side of the corner zone, px (half the box's short side).
    fill : tuple of 3 floats or None
        The box's fill, sRGB; None when it has none (only its border is read).
    border : tuple of 3 floats, optional
        The box's border colour, sRGB.
    border_px : int, optional
        Width (px) of the border on both sides that meet at the corner; 0 (the default) reads
        the corner at its outer edge.

    Returns
    -------
    CornerFit or None
        None when the zone reaches outside the image or too few lines could be read.
    """
    return fit_corners(
        rgb,
        corners=[corner],
        directions=[direction],
        zone_px=zone_px,
        fills=[fill],
        borders=[border],
        border_px=[border_px],
    )[0]
