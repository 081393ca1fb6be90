"""Fills that only their shadow outlines: boxes the edge map leaves inside the page region.

A white card on a white page shows where it is by its shadow alone: a soft ring of darker pixels
around an area of exactly the page's colour. Where the ring is steep all round the edge map cuts
the card out, but as a fill of the page's own colour, which is no element by itself; where the
card is raised only a little, the ring above it is a code value deep and the card's inside and
the page stay one flat region. On lossless images the page's exact colour tells the card apart:
pixels of exactly that colour that no path of such pixels joins to the image's rim form areas of
their own. Those outlined by a shadow (a ring strongest right next to the area and fading
outwards over several pixels on at least three sides) are *halo fills*.

A card a few code values off the page's colour can be lost the same way. Its shadow darkens the
page beside it in a ramp of a code value or two per pixel that passes through the card's own
colour (a `#fafafc` card on white under ``0 6px 8px -4px``: 255 … 251, 250, 249, 248, then the
card at 250): no step of the edge threshold on its flanks, so card, ramp and page are one flat
region. Its pixels are still exactly one colour: large areas of one exact colour other than the
page's inside the page region, filling most of their box (a shadow's plateau around a card is a
ring) and not spanning the image from side to side (the bands of a gradient page do), are
*bridged fills*. One within the edge threshold of the page's colour (a `#fafafc` card on a
`#fafafa` page) must also be outlined by a shadow, as a halo fill is: nothing else shows it.

Both kinds are cut out of the page region as regions of their own where needed; they are
elements, and `_shapes` and `_boxes` read them like any other fill, except that a side ends at the
first pixel off the fill's exact colour.

JPEG leaves no pixel exactly one colour near an edge, so this applies to lossless images.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._components import components
from copy_that.analysis._edges import FlatRegions
from copy_that.imaging import pack_rgb, unpack_keys

__all__ = ["split_halo_fills"]

# Smallest area read as a card, px, and its shortest side: well above glyph counters and the
# gaps between words, which the page's colour also fills.
_MIN_AREA_PX = 400
_MIN_SIDE_PX = 12
# A side's ring is read up to this many px outside the area: its strongest pixel within the
# first `_NEAR_PX` (the area ends a pixel short where the ring's steep part is an edge) against
# the last, by which a shadow has faded.
_NEAR_PX = 3
_FAR_PX = 8
# Areas read per image at most: one flood-fill mask holds them, each marked with its own value
# (a page with more cards of its own colour than this keeps the first).
_MAX_AREAS = 255
# Share of each side left out at both ends (rounded corners).
_CORNER_SHARE = 0.2
# Sides whose ring fades outwards that make a shadow's outline: a shadow offset downwards may
# leave the top side a code value deep or bare, but shows on the other three.
_MIN_FADING_SIDES = 3
# Bridged fills are looked for on every this-many-th pixel both ways first (a card of
# `_MIN_AREA_PX` keeps 25 samples), among this many of the page region's commonest exact colours
# (a page's cards share a few fills; a shadow's ramps add one colour per code value).
_SAMPLE_STEP = 4
_MAX_BRIDGED_COLOURS = 8
# A card's area covers at least this share of its box (text and icons take the rest); a
# shadow's plateau around a card covers a thin ring of it.
_MIN_FILL_SHARE = 0.5
_OPEN_KERNEL = np.ones((3, 3), dtype=np.uint8)


def _page_colour(
    rgb: NDArray[np.uint8], labels: NDArray[np.int32], background: int
) -> NDArray[np.int32] | None:
    """The page's exact colour: the commonest colour of its pixels on the image's rim."""
    rim_rgb = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    rim_labels = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    keys = pack_rgb(rim_rgb)[rim_labels == background]
    if keys.size == 0:
        return None
    values, counts = np.unique(keys, return_counts=True)
    return np.asarray(unpack_keys(values[counts.argmax()]), dtype=np.int32)


def _fading_sides(
    rgb: NDArray[np.uint8], colour: NDArray[np.int32], box: tuple[int, int, int, int]
) -> int:
    """How many sides of `box` have a shadow's ring: strongest next to it, fading over pixels.

    The ring's strength is each pixel's largest channel difference from the page `colour`. A
    side's ring fades when, outwards from its strongest pixel (within `_NEAR_PX`), it passes a
    value between that and none and ends weaker by `_FAR_PX`: a border or a glyph's stroke steps
    straight back.
    """
    x, y, w, h = box
    height, width = rgb.shape[:2]
    steps = np.arange(1, _FAR_PX + 1)
    fading = 0
    for side in range(4):
        along = (x, w) if side in (0, 2) else (y, h)
        lo = along[0] + round(_CORNER_SHARE * along[1])
        hi = along[0] + along[1] - round(_CORNER_SHARE * along[1])
        out = {0: y - steps, 1: x + w - 1 + steps, 2: y + h - 1 + steps, 3: x - steps}[side]
        if hi <= lo or out.min() < 0 or out.max() >= (height if side in (0, 2) else width):
            continue
        strip = rgb[out, lo:hi] if side in (0, 2) else rgb[lo:hi, out].transpose(1, 0, 2)
        deviation = np.abs(strip.astype(np.int16) - colour.astype(np.int16)).max(axis=2)
        profile = np.median(deviation, axis=1)
        strongest = int(profile[:_NEAR_PX].argmax())
        peak = float(profile[strongest])
        after = profile[strongest + 1 :]
        between = bool(np.any((after > 0) & (after < peak)))
        fading += int(peak > 0 and between and float(profile[-1]) < peak)
    return fading


def _coarse_seeds(exact: NDArray[np.uint8]) -> list[tuple[int, int]]:
    """A pixel ``(x, y)`` of each area of `exact` (255 where exact) that may be a card.

    Found on a half-resolution copy in which a 2×2 block is exact only when all its pixels are,
    which keeps every ring that separates areas (and is four times cheaper to label): areas away
    from the rim, about `_MIN_AREA_PX` or larger.
    """
    height, width = (exact.shape[0] // 2) * 2, (exact.shape[1] // 2) * 2
    if height == 0 or width == 0:
        return []
    blocks = exact[:height, :width]
    coarse = np.asarray(
        cv2.bitwise_and(
            cv2.bitwise_and(blocks[0::2, 0::2], blocks[1::2, 0::2]),
            cv2.bitwise_and(blocks[0::2, 1::2], blocks[1::2, 1::2]),
        ),
        dtype=np.uint8,
    )
    count, labels, stats, _ = components(coarse, 4)
    rows, cols = coarse.shape
    x, y, w, h, area = (stats[1:count, i] for i in range(5))
    inner = (x > 0) & (y > 0) & (x + w < cols) & (y + h < rows)
    # A full-resolution area of `_MIN_AREA_PX` keeps at least a quarter of it, less its rim.
    large = (
        (area >= _MIN_AREA_PX // 4 - (w + h)) & (2 * w >= _MIN_SIDE_PX) & (2 * h >= _MIN_SIDE_PX)
    )
    seeds = []
    for index in np.flatnonzero(inner & large).tolist():
        label = index + 1
        top = int(y[index])
        column = int(np.flatnonzero(labels[top] == label)[0])
        seeds.append((2 * column, 2 * top))
    return seeds


def _components(
    exact: NDArray[np.uint8], seeds: list[tuple[int, int]]
) -> list[tuple[NDArray[np.bool_], tuple[int, int, int, int]]]:
    """The full-resolution areas of `exact` around `seeds`, each cropped to its box, and the box.

    Areas too small, too thin or reaching the image's rim are left out, and so is a seed in an
    area already filled (two half-resolution areas joined at full resolution). One flood-fill
    mask serves every seed, each fill marked with its own value (at most `_MAX_AREAS` of them).
    """
    height, width = exact.shape
    mask = np.zeros((height + 2, width + 2), dtype=np.uint8)
    found = []
    for value, seed in enumerate(seeds[:_MAX_AREAS], start=1):
        flags = 4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (value << 8)
        area, _, _, (x, y, w, h) = cv2.floodFill(exact, mask, seed, 0, 0, 0, flags)
        inner = x > 0 and y > 0 and x + w < width and y + h < height
        if not inner or area < _MIN_AREA_PX or w < _MIN_SIDE_PX or h < _MIN_SIDE_PX:
            continue
        found.append((mask[y + 1 : y + h + 1, x + 1 : x + w + 1] == value, (x, y, w, h)))
    return found


def _bridged_areas(
    rgb: NDArray[np.uint8],
    labels: NDArray[np.int32],
    background: int,
    page: NDArray[np.int32],
    threshold: int,
) -> list[tuple[NDArray[np.bool_], tuple[int, int, int, int], NDArray[np.int32]]]:
    """The bridged fills (module docstring): each one's area cropped to its box, box and colour.

    Candidates are found on every `_SAMPLE_STEP`-th pixel both ways (the page region's commonest
    exact colours other than the page's, and their connected areas there); only their boxes are
    then read at full resolution.
    """
    step = _SAMPLE_STEP
    height, width = labels.shape
    sampled = pack_rgb(rgb[::step, ::step])
    sampled_on_page = labels[::step, ::step] == background
    values, counts = np.unique(sampled[sampled_on_page], return_counts=True)
    order = np.argsort(counts)[::-1][:_MAX_BRIDGED_COLOURS]
    min_samples = _MIN_AREA_PX // (step * step)
    found = []
    for key, count in zip(values[order].tolist(), counts[order].tolist(), strict=True):
        colour = unpack_keys(np.array(key, dtype=np.uint32)).astype(np.int32)
        off_page = int(np.abs(colour - page).max())
        if count < min_samples or off_page == 0:
            continue
        coarse = np.asarray((sampled == key) & sampled_on_page, dtype=np.uint8)
        n, _, stats, _ = components(coarse, 4)
        for cx, cy, cw, ch, samples in stats[1:n].tolist():
            if (
                samples < max(min_samples, _MIN_FILL_SHARE * cw * ch)
                or min(cw, ch) * step < _MIN_SIDE_PX
            ):
                continue
            # The full-resolution window around the coarse area (a sample stands for step px).
            x0, y0 = max(0, (cx - 1) * step), max(0, (cy - 1) * step)
            x1, y1 = min(width, (cx + cw + 1) * step), min(height, (cy + ch + 1) * step)
            on_page = np.asarray(labels[y0:y1, x0:x1] == background, dtype=np.uint8)
            area = _bridged_area(rgb[y0:y1, x0:x1], on_page, colour)
            if area is None:
                continue
            inside, (ax, ay, aw, ah) = area
            # An area reaching the window's inner edges is more than the sampled one showed (one
            # area the samples cut apart): not read rather than read cut short.
            if (
                (ax == 0 < x0)
                or (ay == 0 < y0)
                or (x0 + ax + aw == x1 < width)
                or (y0 + ay + ah == y1 < height)
            ):
                continue
            x, y = x0 + ax, y0 + ay
            # A band of a gradient page spans it from side to side; a card may run off one side.
            if (x == 0 and x + aw == width) or (y == 0 and y + ah == height):
                continue
            # A fill within the threshold of the page's colour shows only by a shadow around it.
            faint = off_page <= threshold
            if faint and _fading_sides(rgb, page, (x, y, aw, ah)) < _MIN_FADING_SIDES:
                continue
            found.append((inside, (x, y, aw, ah), colour))
    return found


def _bridged_area(
    rgb: NDArray[np.uint8], on_page: NDArray[np.uint8], colour: NDArray[np.int32]
) -> tuple[NDArray[np.bool_], tuple[int, int, int, int]] | None:
    """The largest card-like area of exactly `colour` in a window of the page region, cropped.

    Where the ramp meets the fill within a code value of the edge threshold, the edge band beside
    the fill has gaps, and the area reaches a px further there in ones and twos: an opening by a
    3×3 square takes such fringes off. None when the area is too small, too thin or too hollow (a
    shadow's plateau around a card is a ring).
    """
    exact = cv2.bitwise_and(
        cv2.inRange(rgb, colour.astype(np.uint8), colour.astype(np.uint8)), on_page
    )
    core = cv2.morphologyEx(exact, cv2.MORPH_OPEN, _OPEN_KERNEL)
    n, labels, stats, _ = components(np.asarray(core, dtype=np.uint8), 4)
    if n < 2:
        return None
    index = 1 + int(stats[1:, 4].argmax())
    x, y, w, h, area = (int(v) for v in stats[index])
    if area < _MIN_AREA_PX or min(w, h) < _MIN_SIDE_PX or area < _MIN_FILL_SHARE * w * h:
        return None
    return labels[y : y + h, x : x + w] == index, (x, y, w, h)


def split_halo_fills(
    rgb: NDArray[np.uint8], regions: FlatRegions, background: int | None, *, lossy: bool
) -> tuple[FlatRegions, frozenset[int]]:
    """Find the halo and bridged fills (module docstring); those in the page region get their own.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        The image (sRGB).
    regions : FlatRegions
        Its flat regions.
    background : int or None
        Region id of the page background (None: there are none).
    lossy : bool
        Whether the image went through JPEG (there are none then: see the module docstring).

    Returns
    -------
    tuple of FlatRegions and frozenset of int
        The regions, with each fill that lay in the page region relabelled (its pixels taken
        from the background), and the region ids of all halo and bridged fills.
    """
    if lossy or background is None:
        return regions, frozenset()
    labels = regions.labels
    colour = _page_colour(rgb, labels, background)
    if colour is None:
        return regions, frozenset()
    page_rgb = colour.astype(np.uint8)
    exact = np.asarray(cv2.inRange(rgb, page_rgb, page_rgb), dtype=np.uint8)
    exact[labels == 0] = 0
    areas = _components(exact, _coarse_seeds(exact))
    relabel: list[tuple[NDArray[np.bool_], tuple[int, int, int, int]]] = []
    halo: set[int] = set()
    for inside, box in areas:
        if _fading_sides(rgb, colour, box) < _MIN_FADING_SIDES:
            continue
        bx, by, bw, bh = box
        own = np.unique(labels[by : by + bh, bx : bx + bw][inside])
        if own.size != 1:
            continue
        if int(own[0]) == background:
            relabel.append((inside, box))
        else:
            halo.add(int(own[0]))
    bridged = _bridged_areas(rgb, labels, background, colour, regions.threshold)
    if not relabel and not bridged:
        return regions, frozenset(halo)
    first = regions.count
    colours = [colour] * len(relabel) + [c for _, _, c in bridged]
    relabel += [(inside, box) for inside, box, _ in bridged]
    split = regions.carved(background, relabel, np.array(colours, dtype=np.float32).reshape(-1, 3))
    return split, frozenset(halo | set(range(first, first + len(relabel))))
