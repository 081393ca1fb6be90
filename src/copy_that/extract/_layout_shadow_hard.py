"""Hard offset shadows: a solid copy of a box moved along both axes, with no blur.

Neo-brutalist designs draw ``box-shadow: 6px 6px 0 0 #111``. Behind the box, a copy of it moved
by (dx, dy) shows as an L of one solid colour along the two sides it moves towards: a strip as
wide as the move on each axis, running the length of the side shifted by the move on the other
axis, so it is missing next to the corner the copy left (there the page shows). The blurred-box
fit (`_layout_shadow_fit`) has no blur to fit there and takes such sharp, opaque halos for
outlines; here the L is read directly. A move along one axis only, under a box with square
corners, paints exactly a border's pixels (the analysis reads it as one), so only moves along
both axes are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging import LUMA

__all__ = ["HardShadow", "hard_shadow"]

# Share of the L's pixels (away from its ends) that must lie within the tolerance of its colour:
# anti-aliasing and JPEG ringing touch a few.
_MIN_MATCH = 0.9
# Share of each strip's length left out at both ends, where rounded corners cut it.
_END_SHARE = 0.2
# The copy's colour steps away from the page by at least this many tolerances: a solid shadow is
# drawn to be seen (black on a light page steps by 200 code values), while the faint flank of a
# blurred shadow, uniform within a tolerance over a few px, steps by less.
_MIN_STEP_TOLERANCES = 3.0


@dataclass(frozen=True)
class HardShadow:
    """A hard shadow read around one box.

    Parameters
    ----------
    offset_x_px, offset_y_px : int
        The move of the box's copy, image px (signed, both non-zero).
    color : tuple of 3 ints
        sRGB8 colour of the copy (its median over the L).
    match : float
        Share of the L's pixels within the tolerance of that colour, 0–1.
    rms : float
        RMS difference of the L's pixels from that colour, sRGB code values.
    """

    offset_x_px: int
    offset_y_px: int
    color: tuple[int, int, int]
    match: float
    rms: float


def hard_shadow(
    rgb: NDArray[np.uint8],
    edges: tuple[int, int, int, int],
    under: NDArray[np.float64],
    *,
    tolerance: float,
    offsets_px: tuple[int, int],
    lossy: bool = False,
) -> HardShadow | None:
    """Read a hard offset shadow around a box, if it has one.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        The image.
    edges : tuple of 4 ints
        ``(left, top, right, bottom)`` of the box, image px (edge coordinates).
    under : ndarray of shape (3,)
        sRGB of what the box stands on.
    tolerance : float
        Largest difference (code values: of luma on lossy images, else of the largest channel)
        within which two pixels are one colour.
    offsets_px : tuple of 2 ints
        Smallest and largest move read on either axis, image px (a box edge read a pixel off
        leaves a strip of its border one pixel wide outside it).
    lossy : bool
        Whether the image was stored lossily: colours are then compared by luma (`LUMA`), not
        by their largest channel difference. JPEG smears chroma across a sharp edge: a black
        strip on a yellow page swings its blue channel by 20 code values.

    Returns
    -------
    HardShadow or None
        None when no side pair shows the L.
    """
    for sign_x in (1, -1):
        for sign_y in (1, -1):
            found = _read(
                rgb, edges, under, (sign_x, sign_y), tolerance, offsets_px, _differ(lossy)
            )
            if found is not None:
                return found
    return None


def _differ(lossy: bool) -> Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[Any]]:
    """How far apart colours are (last axis: sRGB): luma on lossy images, else largest channel."""
    if lossy:
        return lambda a, b: np.abs((a - b) @ LUMA)
    return lambda a, b: np.abs(a - b).max(axis=-1)


def _read(
    rgb: NDArray[np.uint8],
    edges: tuple[int, int, int, int],
    under: NDArray[np.float64],
    signs: tuple[int, int],
    tolerance: float,
    offsets_px: tuple[int, int],
    differ: Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[Any]],
) -> HardShadow | None:
    """The hard shadow moved towards `signs` (x, y: +1 right or down, -1 left or up), or None."""
    sign_x, sign_y = signs
    left, top, right, bottom = edges
    height, width = rgb.shape[:2]
    middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
    # First pixel outside the side the copy moves towards, halfway along it, and the step out.
    start_x = right if sign_x > 0 else left - 1
    start_y = bottom if sign_y > 0 else top - 1
    if not (0 <= start_x < width and 0 <= start_y < height):
        return None
    colour = rgb[middle_y, start_x].astype(np.float64)
    if float(differ(colour, under)) < _MIN_STEP_TOLERANCES * tolerance:
        return None
    near = partial(_near, colour=colour, tolerance=tolerance, differ=differ)
    dx = _run(rgb[middle_y], start_x, sign_x, near, offsets_px[1])
    dy = _run(rgb[:, middle_x], start_y, sign_y, near, offsets_px[1])
    if dx is None or dy is None or min(dx, dy) < offsets_px[0]:
        return None
    # Past the copy the page shows again at once: a blurred shadow is still fading there.
    beyond = (rgb[middle_y, start_x + sign_x * dx], rgb[start_y + sign_y * dy, middle_x])
    if any(float(differ(p.astype(np.float64), under)) > tolerance for p in beyond):
        return None
    # The strip beside the box (rows shifted by dy) and the one beyond it (columns shifted by
    # dx), each without its rounded ends.
    x0, x1 = sorted((start_x, start_x + sign_x * dx))
    y0, y1 = sorted((start_y, start_y + sign_y * dy))
    x0, x1, y0, y1 = x0 + (sign_x < 0), x1 + (sign_x < 0), y0 + (sign_y < 0), y1 + (sign_y < 0)
    end_rows = max(dx, dy, round(_END_SHARE * (bottom - top)))
    end_cols = max(dx, dy, round(_END_SHARE * (right - left)))
    side_rows = (top + sign_y * dy + end_rows, bottom + sign_y * dy - end_rows)
    side_cols = (left + sign_x * dx + end_cols, right + sign_x * dx - end_cols)
    if side_rows[1] <= side_rows[0] or side_cols[1] <= side_cols[0]:
        return None
    strip_x = rgb[max(side_rows[0], 0) : min(side_rows[1], height), x0:x1]
    strip_y = rgb[y0:y1, max(side_cols[0], 0) : min(side_cols[1], width)]
    pixels = np.concatenate([strip_x.reshape(-1, 3), strip_y.reshape(-1, 3)]).astype(np.float64)
    if pixels.size == 0:
        return None
    # Where the copy left the corner, next to the box, the page shows, not the copy.
    notch_y = top if sign_y > 0 else bottom - 1
    notch_x = left if sign_x > 0 else right - 1
    notches = (rgb[notch_y, x0 + (x1 - x0) // 2], rgb[y0 + (y1 - y0) // 2, notch_x])
    if any(float(differ(n.astype(np.float64), under)) > tolerance for n in notches):
        return None
    median = np.median(pixels, axis=0)
    match = float((differ(pixels, median) <= tolerance).mean())
    if match < _MIN_MATCH:
        return None
    r, g, b = (round(float(c)) for c in median)
    return HardShadow(
        offset_x_px=sign_x * dx,
        offset_y_px=sign_y * dy,
        color=(r, g, b),
        match=match,
        rms=float(np.sqrt(((pixels - median) ** 2).mean())),
    )


def _near(
    pixel: NDArray[np.uint8],
    *,
    colour: NDArray[np.float64],
    tolerance: float,
    differ: Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[Any]],
) -> bool:
    return float(differ(pixel.astype(np.float64), colour)) <= tolerance


def _run(
    line: NDArray[np.uint8],
    start: int,
    step: int,
    near: Callable[[NDArray[np.uint8]], bool],
    max_length: int,
) -> int | None:
    """Pixels `near` the copy's colour from `start` along `line` in direction `step`.

    None when there are none, more than `max_length`, or the run reaches the line's end (then
    nothing shows past it).
    """
    length = 0
    position = start
    while 0 <= position < line.shape[0]:
        if not near(line[position]):
            return length if length > 0 else None
        length += 1
        if length > max_length:
            return None
        position += step
    return None
