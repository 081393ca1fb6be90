"""Corner radius of a box from its anti-aliased pixels, to a fraction of a pixel.

For one corner, each pixel row of the corner zone (a square of half the box's short side) is
read from the box's side inwards: every pixel's *coverage* is its share of the box's own colour
(border or fill, whichever it is closer to being) against the colour just outside the box on
that row, and the row's *inset* is the summed uncovered share of the pixels before the first
fully covered one. A circular corner
of radius r insets the row band [k, k + 1) (measured from the box's top edge) by

    D(k; r) = ∫ (r − √(r² − (r − t)²)) dt  over t ∈ [k, min(k + 1, r)],

which has a closed form. Columns are read the same way from the top edge. The radius is the r
whose cut-off area, (1 − π/4) r², equals the summed insets (rows and columns each give one
estimate; they are averaged), and the RMS difference between measured and modelled insets says
how well the corner is a circular arc. Anti-aliasing is what makes this exact: coverage is area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CornerFit", "fit_corner", "fit_corners", "model_insets"]

# A pixel this covered (share of the outer colour) counts as inside the box.
_INSIDE_COVER = 0.9
# A pixel at least this covered, followed by a less covered one, is the peak of a thin border.
_PEAK_COVER = 0.5
# The outside reference is taken this many px outside the box's side.
_OUTSIDE_OFFSET_PX = 2
# Below this contrast between box and outside (largest channel difference) coverage is noise.
_MIN_CONTRAST = 12.0
# A corner zone this small (a box 3 px across) holds no measurable curve.
_MIN_ZONE_PX = 2
# Share of the square r × r a circular corner cuts off: 1 − π/4.
_CORNER_AREA = 1.0 - math.pi / 4.0


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


def _arc_area(u: NDArray[np.float64], r: float) -> NDArray[np.float64]:
    """∫₀ᵘ √(r² − s²) ds for 0 ≤ u ≤ r."""
    u = np.clip(u, 0.0, r)
    return 0.5 * (u * np.sqrt(np.maximum(r * r - u * u, 0.0)) + r * r * np.arcsin(u / r))


def model_insets(bands: NDArray[np.float64], r: float) -> NDArray[np.float64]:
    """Inset of each unit band [k, k + 1) of a circular corner of radius `r` (see module)."""
    if r <= 0.0:
        return np.zeros_like(bands)
    a = np.clip(bands, 0.0, r)
    b = np.clip(bands + 1.0, 0.0, r)
    # With u = r − t, the band [a, b] maps to u ∈ [r − b, r − a].
    return r * (b - a) - (_arc_area(r - a, r) - _arc_area(r - b, r))


def _dot3(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Sum of the channel products of `a` and `b` (last axis, length 3), broadcast.

    Written out channel by channel (the order `numpy.einsum` sums them in, so the same bits):
    einsum over a (lines, pixels, colours, channels) product was most of a corner fit's time.
    """
    return np.asarray(a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2])


def _coverage(
    lines: NDArray[np.float32], outside: NDArray[np.float32], colours: NDArray[np.float32]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per pixel, its share of the nearest box colour against the line's outside colour."""
    cover = np.zeros(lines.shape[:2], dtype=np.float32)
    readable = np.zeros(lines.shape[0], dtype=bool)
    for colour in colours:
        axis = colour[None, :] - outside  # (lines, 3)
        norm = _dot3(axis, axis)
        usable = norm >= _MIN_CONTRAST**2
        share = (_dot3(lines, axis[:, None, :]) - _dot3(outside, axis)[:, None]) / np.maximum(
            norm, 1e-6
        )[:, None]
        cover = np.maximum(cover, np.where(usable[:, None], np.clip(share, 0.0, 1.0), 0.0))
        readable |= usable
    return np.asarray(cover, dtype=np.float64), readable


def _insets(
    lines: NDArray[np.float32], outside: NDArray[np.float32], colours: NDArray[np.float32]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Inset of each line (rows or columns read inwards), px, and which lines could be read.

    A pixel's coverage is its share of whichever of the box's colours (border, fill) it is
    closest to being, against the line's outside colour; lines where no box colour stands out
    from the outside (a dark shadow next to a grey border) cannot be read. Where a line's first
    two pixels are still outside the arc, its first pixel is the outside reference instead: a
    shadow around the box makes the colour right next to the arc differ from the colour beside
    the box.
    """
    cover, usable = _coverage(lines, outside, colours)
    clear = (cover[:, 0] < _PEAK_COVER) & (cover[:, 1] < _PEAK_COVER)
    if clear.any():
        local, local_ok = _coverage(lines[clear], lines[clear, 0], colours)
        cover[clear] = local
        usable[clear] = local_ok
    # A line is inside from its first fully covered pixel on, or from the pixel after its
    # first well-covered peak (past a thin border the fill may look just like the outside).
    inside = cover >= _INSIDE_COVER
    falling = np.zeros_like(inside)
    falling[:, :-1] = (cover[:, :-1] >= _PEAK_COVER) & (cover[:, 1:] < cover[:, :-1])
    inside[:, 1:] |= falling[:, :-1]
    first = np.where(inside.any(axis=1), inside.argmax(axis=1), lines.shape[1])
    reach = np.arange(lines.shape[1])[None, :] < first[:, None]
    return ((1.0 - cover) * reach).sum(axis=1), usable


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


def _fit(
    insets: NDArray[np.float64], readable: NDArray[np.bool_], zone_px: int
) -> CornerFit | None:
    """The radius and misfit from one corner's row insets then column insets."""
    if readable.sum() < zone_px:
        return None
    # The insets of all bands add up to the area the arc cuts off, (1 − π/4) r², whatever the
    # anti-aliasing: the radius follows from each complete set of lines (rows, columns).
    areas = [
        insets[part].sum()
        for part in (slice(0, zone_px), slice(zone_px, None))
        if readable[part].all()
    ]
    if not areas:
        return None
    radius = min(float(zone_px), math.sqrt(max(0.0, float(np.mean(areas))) / _CORNER_AREA))
    measured = insets[readable]
    bands = np.concatenate([np.arange(zone_px, dtype=np.float64)] * 2)[readable]
    rms = float(np.sqrt(np.mean((measured - model_insets(bands, radius)) ** 2)))
    return CornerFit(radius_px=radius, rms_px=rms, limit_px=float(zone_px))


def fit_corners(
    rgb: NDArray[np.uint8],
    *,
    corners: Sequence[tuple[int, int]],
    directions: Sequence[tuple[int, int]],
    zone_px: int,
    colors: tuple[tuple[float, float, float], ...],
) -> list[CornerFit | None]:
    """Fit the radii of several corners of one box.

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
        Side of the corner zones, px (half the box's short side).
    colors : tuple of (tuple of 3 floats)
        The box's own colours, sRGB: its border (if any) and its fill.

    Returns
    -------
    list of (CornerFit or None)
        Per corner; None when its zone reaches outside the image or too few of its lines stand
        out from the outside.
    """
    fits: list[CornerFit | None] = [None] * len(corners)
    if zone_px < _MIN_ZONE_PX:
        return fits
    read = [
        (i, found)
        for i, (corner, direction) in enumerate(zip(corners, directions, strict=True))
        if (found := _corner_lines(rgb, corner, direction, zone_px)) is not None
    ]
    if not read:
        return fits
    own = np.asarray(colors, dtype=np.float32).reshape(-1, 3)
    insets, readable = _insets(
        np.concatenate([lines for _, (lines, _) in read]),
        np.concatenate([outside for _, (_, outside) in read]),
        own,
    )
    size = 2 * zone_px
    for k, (i, _) in enumerate(read):
        part = slice(k * size, (k + 1) * size)
        fits[i] = _fit(insets[part], readable[part], zone_px)
    return fits


def fit_corner(
    rgb: NDArray[np.uint8],
    *,
    corner: tuple[int, int],
    direction: tuple[int, int],
    zone_px: int,
    colors: tuple[tuple[float, float, float], ...],
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
    colors : tuple of (tuple of 3 floats)
        The box's own colours, sRGB: its border (if any) and its fill.

    Returns
    -------
    CornerFit or None
        None when the zone reaches outside the image or too few lines stand out from the
        outside.
    """
    return fit_corners(
        rgb, corners=[corner], directions=[direction], zone_px=zone_px, colors=colors
    )[0]
