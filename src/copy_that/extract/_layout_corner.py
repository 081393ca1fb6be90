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
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CornerFit", "fit_corner", "model_insets"]

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


def _coverage(
    lines: NDArray[np.float32], outside: NDArray[np.float32], colours: NDArray[np.float32]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per pixel, its share of the nearest box colour against the line's outside colour."""
    axis = colours[None, :, :] - outside[:, None, :]  # (lines, colours, 3)
    norm = np.einsum("lck,lck->lc", axis, axis)
    usable = norm >= _MIN_CONTRAST**2
    offset = np.einsum("lk,lck->lc", outside, axis)
    cover = (np.einsum("lpk,lck->lpc", lines, axis) - offset[:, None, :]) / np.maximum(norm, 1e-6)[
        :, None, :
    ]
    cover = np.where(usable[:, None, :], np.clip(cover, 0.0, 1.0), 0.0).max(axis=2)
    return np.asarray(cover, dtype=np.float64), usable.any(axis=1)


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


def fit_corner(
    rgb: NDArray[np.uint8],
    *,
    corner: tuple[int, int],
    direction: tuple[int, int],
    zone_px: int,
    colors: tuple[tuple[float, float, float], ...],
) -> CornerFit | None:
    """Fit the radius of one corner.

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
    height, width = rgb.shape[:2]
    x0, y0 = corner
    dx, dy = direction
    if zone_px < _MIN_ZONE_PX:
        return None
    out_x = x0 - dx * _OUTSIDE_OFFSET_PX
    out_y = y0 - dy * _OUTSIDE_OFFSET_PX
    xs = x0 + dx * np.arange(zone_px)
    ys = y0 + dy * np.arange(zone_px)
    inside_x = min(out_x, int(xs.min())) >= 0 and max(out_x, int(xs.max())) < width
    inside_y = min(out_y, int(ys.min())) >= 0 and max(out_y, int(ys.max())) < height
    if not (inside_x and inside_y):
        return None
    own = np.asarray(colors, dtype=np.float32).reshape(-1, 3)
    block = rgb[ys[:, None], xs[None, :]].astype(np.float32)
    rows = block  # rows[k, j]: row k, j px in from the side
    cols = block.transpose(1, 0, 2)  # cols[k, j]: column k, j px in from the top
    row_out = rgb[ys, out_x].astype(np.float32)
    col_out = rgb[out_y, xs].astype(np.float32)
    row_insets, row_ok = _insets(rows, row_out, own)
    col_insets, col_ok = _insets(cols, col_out, own)
    readable = np.concatenate([row_ok, col_ok])
    if readable.sum() < zone_px:
        return None
    # The insets of all bands add up to the area the arc cuts off, (1 − π/4) r², whatever the
    # anti-aliasing: the radius follows from each complete set of lines (rows, columns).
    areas = [ins.sum() for ins, ok in ((row_insets, row_ok), (col_insets, col_ok)) if ok.all()]
    if not areas:
        return None
    radius = min(float(zone_px), math.sqrt(max(0.0, float(np.mean(areas))) / _CORNER_AREA))
    measured = np.concatenate([row_insets, col_insets])[readable]
    bands = np.concatenate([np.arange(zone_px, dtype=np.float64)] * 2)[readable]
    rms = float(np.sqrt(np.mean((measured - model_insets(bands, radius)) ** 2)))
    return CornerFit(radius_px=radius, rms_px=rms, limit_px=float(zone_px))
