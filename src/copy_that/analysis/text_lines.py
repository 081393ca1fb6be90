"""Text line detection: where the lines of text are, with their baselines, colours and words.

Classic computer vision, no model, so it runs offline in a few tens of milliseconds:

1. *Edge components.* A pixel is an edge pixel when the colour range of its 3×3 neighbourhood
   exceeds a threshold; connected edge pixels give glyphs (or whole words, where small letters
   touch). Components that are too flat, too tall, or that enclose other components (the outline
   of a card, a button or a table grid) are dropped.
2. *Lines.* Each remaining component is drawn as the middle of its box, widened by half its height
   on both sides; components whose drawings touch belong to one line. Gaps narrower than about
   half an em join words; wider gaps (columns, label/value pairs) keep runs apart.
3. *Refinement.* For every candidate, the background is the median colour of a thin ring around
   it, the text colour the median of the pixels farthest from it, and the ink *coverage* of every
   pixel (0 background … 1 text, anti-aliasing kept) is the projection of its colour on the
   background→text axis. Candidates whose coverage does not look like text are dropped; the others
   get a sub-pixel baseline and word boxes.

`line_ink` gives the coverage of a detected line for measurements downstream (typography).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._edges import max_channel
from copy_that.analysis._quantiles import median0, percentile, quantile
from copy_that.analysis.model import TextLine, Word
from copy_that.imaging import Image
from copy_that.tokens.model import Box

__all__ = ["Glyphs", "LineInk", "detect_text_lines", "find_glyphs", "line_bands", "line_ink"]

# A 3×3 colour range (max over R, G, B, in sRGB code values) above this marks an edge pixel.
# JPEG noise on flat areas stays under ~12 at quality 70; the AA fringe of light-grey text on
# white (#aaaaaa on #ffffff) reaches 40 and more.
_EDGE_RANGE = 24
# Smallest edge-component height kept, px: the x-height of 10 px text is about 5 px, plus the
# one-pixel fringe the 3×3 range adds on each side.
_MIN_COMPONENT_H_PX = 5
# Tallest edge component kept, px: a 96 CSS px capital at DPR 3 is about 210 px tall.
_MAX_COMPONENT_H_PX = 320
# Components with less edge area than this share of their box are hollow outlines (cards, frames).
_MIN_SOLIDITY = 0.08
# Share of a component's height drawn (centred) when components are joined into lines: keeps
# ascenders of one line from touching descenders of the next.
_BAND_SHARE = 0.6
# Horizontal reach of a component towards its neighbours, in multiples of its height.
_REACH_PER_HEIGHT = 0.7
# Ring around a candidate used for its background colour: distance from the box, px.
_RING_GAP_PX = 2
# Background/text colour distance (Euclidean, sRGB code values) below which ink is not text.
_MIN_CONTRAST = 36.0
# Share of ring pixels that must match the background colour (within `_RING_TOLERANCE`).
_MIN_RING_AGREEMENT = 0.55
_RING_TOLERANCE = 28.0
# Ink bands separated by empty rows are separate lines when each is at least this share of the
# tallest band; lower ones are accents, dots or underlines of the band beside them (an umlaut
# over a capital is about a fifth of its height).
_MIN_BAND_SHARE = 0.3
# Coverage above which a pixel counts as ink in masks (half covered, the AA midpoint).
_INK_COVERAGE = 0.5
# sRGB grey that transparent parts are composited over (see `_opaque_rgb`).
_TRANSPARENT_GREY = 128
# Mean coverage of a text box lies in this range (sparse punctuation … bold display text).
_MIN_INK_SHARE = 0.04
_MAX_INK_SHARE = 0.7
# Among pixels with some ink, the share that is only partly covered: AA fringes of text stay
# under this; photos and gradients, whose colours spread along the axis, exceed it.
_MAX_PARTIAL_SHARE = 0.88
# … tested only on lines at least this tall, px: below it strokes are 1–2 px wide and nearly all
# of their pixels are fringe.
_PARTIAL_MIN_H_PX = 24
# Ink deeper than this share of the line height (distance to the nearest background pixel) is
# thicker than any text stroke: a heavy weight's stroke is about 0.2 em, a line ≥ 0.7 em tall.
_THICK_PER_HEIGHT = 0.2
# … and at least this deep, px: the 3×3 distance transform reads the middle of a 3 px stroke
# (bold capitals of 12 px text, 9 px tall) as 1.9 px deep; a filled box that low is 4 px deep.
_MIN_THICK_PX = 2.5
# Share of ink pixels allowed to be that deep (round dots, joints of heavy strokes).
_MAX_THICK_SHARE = 0.03
# How many levels of frames (card ⊃ button ⊃ label) are peeled off a failed candidate.
_FRAME_DEPTH = 3
# A word gap is a run of empty columns wider than this many typical glyph heights (a space plus
# two side bearings is about 0.4 em, a typical glyph 0.55–0.75 em tall; letters sit closer) …
_WORD_GAP_PER_GLYPH = 0.45
# Glyphs at least this share of the line's tall glyphs (90th percentile height) are letters.
_LETTER_SHARE = 0.5
# Glyph bottoms within this share of the typical glyph height of each other share a baseline.
_BASELINE_TOLERANCE = 0.1
# … and on the wide side of the natural break between letter and word gaps, which must differ by
# this factor at least (otherwise the line is one word, or letter-spaced).
_WORD_GAP_CONTRAST = 1.4


@dataclass(frozen=True)
class LineInk:
    """Ink coverage of one text line.

    Parameters
    ----------
    coverage : ndarray of shape (H, W), dtype float32
        0 (background) to 1 (text colour) for every pixel of the padded line box.
    origin : tuple of 2 ints
        ``(x, y)`` of ``coverage[0, 0]`` in image px.
    color : tuple of 3 ints
        sRGB8 text colour.
    background : tuple of 3 ints
        sRGB8 background colour.
    contrast : float
        Euclidean distance between the two colours in sRGB code values (0–441).
    ring_agreement : float
        0–1 share of the ring around the line that matches the background colour.
    """

    coverage: NDArray[np.float32]
    origin: tuple[int, int]
    color: tuple[int, int, int]
    background: tuple[int, int, int]
    contrast: float
    ring_agreement: float


@dataclass(frozen=True)
class Glyphs:
    """Glyph components of a line's coverage, in coverage coordinates.

    Parameters
    ----------
    boxes : ndarray of shape (N, 4), dtype int32
        ``(x, y, w, h)`` of each component of the half-covered pixels.
    tops, bottoms : ndarray of shape (N,), dtype float64
        Sub-pixel top and bottom edges (row ``r`` spans ``[r, r + 1)``).
    """

    boxes: NDArray[np.int32]
    tops: NDArray[np.float64]
    bottoms: NDArray[np.float64]

    def baseline(self) -> float | None:
        """The common bottom edge of the glyphs (descenders excluded), None without glyphs.

        Most letters sit on the baseline: the median bottom of the letter-sized glyphs, refined
        over the glyphs within a tenth of the typical glyph height of it (lower quartile, as
        flat bottoms end on the line and round ones overshoot it).
        """
        if len(self.boxes) == 0:
            return None
        heights = self.boxes[:, 3]
        # Letters only: dots, hyphens and quotes end above the baseline.
        letters = heights >= _LETTER_SHARE * quantile(heights, 0.9)
        bottoms = self.bottoms[letters]
        typical = quantile(heights[letters], 0.5)
        tolerance = max(1.0, _BASELINE_TOLERANCE * typical)
        # Descenders are a minority of letters, so most bottoms lie on the baseline: the bottom
        # with the most others within the tolerance (ties: the one nearest the median). The
        # median itself can fall between two clusters (two letters, one descending) and leave
        # no bottom near it.
        support = (np.abs(bottoms[:, None] - bottoms[None, :]) <= tolerance).sum(axis=1)
        candidates = np.flatnonzero(support == support.max())
        middle = quantile(bottoms, 0.5)
        level = float(bottoms[candidates[np.argmin(np.abs(bottoms[candidates] - middle))]])
        near = np.abs(bottoms - level) <= tolerance
        # Round letters overshoot the baseline slightly; flat ones (n, x, H) end on it and
        # are the higher bottoms of the cluster.
        return quantile(bottoms[near], 0.25)


def detect_text_lines(image: Image) -> tuple[TextLine, ...]:
    """Find the lines of text in `image`.

    Parameters
    ----------
    image : Image
        The decoded image.

    Returns
    -------
    tuple of TextLine
        Lines top to bottom (then left to right), each with its tight ink box, a sub-pixel
        baseline, text and background colours, and word boxes. ``text`` is None: recognition is
        the typography extractor's optional step.

    Notes
    -----
    Text over photographs or busy gradients is not detected: the background ring must be mostly
    one colour. Vertical and rotated text is not detected.
    """
    rgb = _opaque_rgb(image)
    lines = _drop_nested(_candidates(rgb, _edge_components(rgb), depth=_FRAME_DEPTH))
    lines.sort(key=lambda t: (t.box[1], t.box[0]))
    return tuple(lines)


def line_ink(image: Image, box: Box, *, pad_px: int = 2) -> LineInk | None:
    """Measure the ink coverage inside `box` against the colour ring around it.

    Parameters
    ----------
    image : Image
        The image the box lies in.
    box : Box
        ``(x, y, w, h)`` in image px, usually `TextLine.box`.
    pad_px : int
        Margin added on every side of the box before measuring, px.

    Returns
    -------
    LineInk or None
        None when the ring is not one colour or the ink does not contrast with it.
    """
    return _line_ink(_opaque_rgb(image), box, pad_px=pad_px)


def find_glyphs(coverage: NDArray[np.float32]) -> Glyphs:
    """Split a line's coverage into glyph components with sub-pixel top and bottom edges.

    Parameters
    ----------
    coverage : ndarray of shape (H, W), dtype float32
        Ink coverage 0–1 (see `LineInk.coverage`).

    Returns
    -------
    Glyphs
        One entry per connected component of the half-covered pixels (8-connectivity).

    Notes
    -----
    An anti-aliased edge at height ``e`` covers the row it crosses by the part of the row on the
    ink side, so the first half-covered row ``r`` and the rows beside it give
    ``e = r - c(r - 1) + (1 - c(r))`` with ``c`` the row's peak coverage over the glyph's columns,
    relative to the glyph's own full coverage (thin strokes never reach 1).
    """
    mask = coverage >= _INK_COVERAGE
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    boxes = np.asarray(stats[1:count, :4], dtype=np.int32)
    if len(boxes) == 0:
        empty = np.zeros(0, dtype=np.float64)
        return Glyphs(boxes=boxes, tops=empty, bottoms=empty)
    x, y, w, h = (boxes[:, i] for i in range(4))
    # Each glyph's own full coverage: the peak over its pixels (`np.maximum.at` is a few times
    # faster than `ndimage.maximum` on the few hundred labels of a line).
    peak = np.zeros(count, dtype=coverage.dtype)
    np.maximum.at(peak, np.asarray(labels, dtype=np.int32)[mask], coverage[mask])
    full = np.maximum(peak[1:].astype(np.float64), _INK_COVERAGE)
    # Peak coverage of four rows per glyph (above, first, last, below) over its own columns:
    # one `maximum.reduceat` over the spans, on a copy with an empty row above and below (the
    # rows beyond the line) and an empty column on the right (so that every span's end is an
    # index). Coverage is never negative, so the empty rows read 0, as rows off the line do.
    height, width = coverage.shape
    padded = np.zeros((height + 2, width + 1), dtype=coverage.dtype)
    padded[1:-1, :-1] = coverage
    rows = np.stack([y - 1, y, y + h - 1, y + h], axis=1)
    valid = (rows >= 0) & (rows < height)
    starts = ((rows + 1) * (width + 1) + x[:, None]).ravel()
    spans = np.column_stack([starts, starts + np.repeat(w, 4)]).ravel()
    peaks = np.maximum.reduceat(padded.ravel(), spans)[::2].reshape(-1, 4).astype(np.float64)
    peaks = np.where(valid, np.clip(peaks / full[:, None], 0.0, 1.0), 0.0)
    tops = y - peaks[:, 0] + (1.0 - peaks[:, 1])
    bottoms = y + h + peaks[:, 3] - (1.0 - peaks[:, 2])
    return Glyphs(boxes=boxes, tops=tops, bottoms=bottoms)


def _drop_nested(lines: list[TextLine]) -> list[TextLine]:
    """Drop lines whose box lies inside another line's box (a glyph's counter, read inverted)."""
    kept: list[TextLine] = []
    for line in lines:
        x, y, w, h = line.box
        nested = any(
            other is not line
            and other.box[0] <= x
            and other.box[1] <= y
            and other.box[0] + other.box[2] >= x + w
            and other.box[1] + other.box[3] >= y + h
            and other.box[2] * other.box[3] > w * h
            for other in lines
        )
        if not nested:
            kept.append(line)
    return kept


def _opaque_rgb(image: Image) -> NDArray[np.uint8]:
    """The image's colours, transparent parts composited over mid grey.

    Mid grey keeps both dark and light glyphs of a transparent logo visible.
    """
    return image.over(_TRANSPARENT_GREY)


def _edge_components(rgb: NDArray[np.uint8]) -> NDArray[np.int32]:
    """Boxes ``(x, y, w, h)`` of the edge components that may be glyphs, shape (N, 4)."""
    # The 3×3 range of each channel is its morphological gradient (dilation minus erosion).
    spread = np.asarray(
        cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)), dtype=np.uint8
    )
    _, edges = cv2.threshold(max_channel(spread), _EDGE_RANGE, 1, cv2.THRESH_BINARY)
    count, _, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        edges, 8, cv2.CV_32S, cv2.CCL_BBDT
    )
    stats = stats[1:count]
    x, y, w, h, area = (stats[:, i] for i in range(5))
    keep = (h >= _MIN_COMPONENT_H_PX) & (h <= _MAX_COMPONENT_H_PX) & (w >= 2)
    keep &= area >= _MIN_SOLIDITY * w * h
    return np.asarray(np.stack([x, y, w, h], axis=1)[keep], dtype=np.int32)


def _candidates(rgb: NDArray[np.uint8], boxes: NDArray[np.int32], depth: int) -> list[TextLine]:
    """Group `boxes` into lines and refine each; frames around failed groups are removed."""
    lines: list[TextLine] = []
    for members in _group_into_lines(boxes):
        tall = _tall_outliers(members)
        if depth > 0 and tall.any():
            # Icons and frames glued neighbours together: group what remains afresh.
            lines.extend(_candidates(rgb, members[~tall], depth - 1))
            continue
        refined = _refine(rgb, _union(members))
        if refined:
            lines.extend(refined)
            continue
        frames = _encloses_others(members)
        if depth > 0 and frames.any() and not frames.all():
            lines.extend(_candidates(rgb, members[~frames], depth - 1))
    return lines


def _union(boxes: NDArray[np.int32]) -> Box:
    """The smallest box containing every box of `boxes` (N, 4)."""
    x0 = int(boxes[:, 0].min())
    y0 = int(boxes[:, 1].min())
    x1 = int((boxes[:, 0] + boxes[:, 2]).max())
    y1 = int((boxes[:, 1] + boxes[:, 3]).max())
    return (x0, y0, x1 - x0, y1 - y0)


def _encloses_others(boxes: NDArray[np.int32]) -> NDArray[np.bool_]:
    """Whether each box strictly contains another of `boxes` (a frame, or a glyph's counter)."""
    x0, y0 = boxes[:, 0], boxes[:, 1]
    x1, y1 = x0 + boxes[:, 2], y0 + boxes[:, 3]
    inside = (
        (x0[None, :] > x0[:, None])
        & (y0[None, :] > y0[:, None])
        & (x1[None, :] < x1[:, None])
        & (y1[None, :] < y1[:, None])
    )
    return np.asarray(inside.any(axis=1))


def _group_into_lines(boxes: NDArray[np.int32]) -> list[NDArray[np.int32]]:
    """Split component boxes into lines by drawing their centre bands and horizontal reach.

    Returns the member boxes of each line.
    """
    if len(boxes) == 0:
        return []
    x, y, w, h = (boxes[:, i].astype(np.float64) for i in range(4))
    reach = _REACH_PER_HEIGHT * h
    margin = (1.0 - _BAND_SHARE) / 2.0 * h
    ox, oy = int(np.floor((x - reach).min())), int(y.min())
    left = np.floor(x - reach).astype(np.int64) - ox
    right = np.ceil(x + w - 1 + reach).astype(np.int64) - ox
    top = np.floor(y + margin).astype(np.int64) - oy
    bottom = np.maximum(top, np.ceil(y + h - 1 - margin).astype(np.int64) - oy)
    canvas = np.zeros((int(bottom.max()) + 1, int(right.max()) + 1), dtype=np.uint8)
    for i in range(len(boxes)):
        canvas[top[i] : bottom[i] + 1, left[i] : right[i] + 1] = 1
    _, labels = cv2.connectedComponents(canvas, connectivity=4)
    line_of = labels[(top + bottom) // 2, (left + right) // 2]
    order = np.argsort(line_of, kind="stable")
    sorted_labels = line_of[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [boxes[order[start:end]] for start, end in zip(starts, ends, strict=True)]


def _tall_outliers(members: NDArray[np.int32]) -> NDArray[np.bool_]:
    """Members much taller than the line's typical glyph (icons, avatars, frames)."""
    if len(members) < 3:
        return np.zeros(len(members), dtype=bool)
    typical = quantile(members[:, 3], 0.5)
    # Capitals and ascenders reach ~1.5× the x-height; 2× leaves room for brackets and accents.
    return np.asarray(members[:, 3] > 2.0 * typical)


def _line_ink(rgb: NDArray[np.uint8], box: Box, *, pad_px: int) -> LineInk | None:
    """Coverage of the padded `box` against the median colour of the ring around it."""
    height, width = rgb.shape[:2]
    x, y, w, h = box
    x0, y0 = max(0, x - pad_px), max(0, y - pad_px)
    x1, y1 = min(width, x + w + pad_px), min(height, y + h + pad_px)
    ring = _ring_pixels(rgb, (x0, y0, x1, y1))
    if ring.shape[0] < 4:
        return None
    background = median0(ring)
    agreement = float(np.mean(_norm3(ring - background) <= _RING_TOLERANCE))
    crop = rgb[y0:y1, x0:x1].astype(np.float32)
    diff = crop - background.astype(np.float32)
    distance = _norm3(diff)
    far = percentile(distance, 99.5)
    if far < _MIN_CONTRAST or agreement < _MIN_RING_AGREEMENT:
        return None
    # The text colour is where the glyphs are fully covered: the pixels farthest from the
    # background (anti-aliased fringes lie between the two colours).
    solid = distance >= 0.95 * far
    color = median0(crop[solid])
    axis = color - background.astype(np.float32)
    contrast = float(np.linalg.norm(axis))
    if contrast < _MIN_CONTRAST:
        return None
    coverage = np.clip((diff @ axis) / (contrast * contrast), 0.0, 1.0).astype(np.float32)
    return LineInk(
        coverage=coverage,
        origin=(x0, y0),
        color=_srgb8(color),
        background=_srgb8(background),
        contrast=contrast,
        ring_agreement=agreement,
    )


def _ring_pixels(rgb: NDArray[np.uint8], bounds: tuple[int, int, int, int]) -> NDArray[np.float32]:
    """Colours of the one-pixel ring `_RING_GAP_PX` outside `bounds` (x0, y0, x1, y1), (N, 3)."""
    height, width = rgb.shape[:2]
    x0, y0, x1, y1 = bounds
    gap = _RING_GAP_PX
    parts: list[NDArray[np.uint8]] = []
    cols = slice(max(0, x0 - gap), min(width, x1 + gap))
    rows = slice(max(0, y0 - gap), min(height, y1 + gap))
    if y0 - gap >= 0:
        parts.append(rgb[y0 - gap, cols])
    if y1 + gap - 1 < height:
        parts.append(rgb[y1 + gap - 1, cols])
    if x0 - gap >= 0:
        parts.append(rgb[rows, x0 - gap])
    if x1 + gap - 1 < width:
        parts.append(rgb[rows, x1 + gap - 1])
    if not parts:
        return np.zeros((0, 3), dtype=np.float32)
    return np.concatenate(parts, axis=0).astype(np.float32)


def _norm3(values: NDArray[np.float32]) -> NDArray[np.float32]:
    """Euclidean norm over the last axis (length 3), as `np.linalg.norm(values, axis=-1)`.

    The same squares summed in the same order, without numpy's slow reduction over a last axis
    of three.
    """
    squares = values * values
    return np.asarray(np.sqrt(squares[..., 0] + squares[..., 1] + squares[..., 2]))


def _srgb8(color: NDArray[np.float32] | NDArray[np.float64]) -> tuple[int, int, int]:
    r, g, b = (min(255, max(0, round(float(c)))) for c in color)
    return (r, g, b)


def _refine(rgb: NDArray[np.uint8], box: Box, *, split: bool = True) -> list[TextLine]:
    """Validate a candidate and measure its tight box, baseline and words.

    A candidate whose ink falls into bands separated by empty rows (a label above a value, two
    lines joined by a frame's edge) is refined band by band; `split` False refines it whole.
    """
    ink = _line_ink(rgb, box, pad_px=2)
    if ink is None:
        return []
    cover = ink.coverage
    mask = cover >= _INK_COVERAGE
    rows = np.flatnonzero(mask.any(axis=1))
    if split:
        bands = _row_bands(rows)
        if len(bands) > 1:
            ox, oy = ink.origin
            width = cover.shape[1]
            return [
                line
                for top, bottom in bands
                for line in _refine(rgb, (ox, oy + top, width, bottom - top), split=False)
            ]
    line = _refine_band(ink, mask, rows)
    return [] if line is None else [line]


def line_bands(coverage: NDArray[np.float32]) -> list[tuple[int, int]]:
    """Row ranges ``[top, bottom)`` of the separate lines in a text's ink coverage.

    Parameters
    ----------
    coverage : ndarray of shape (H, W), dtype float32
        Ink coverage 0–1 (see `LineInk.coverage`).

    Returns
    -------
    list of (int, int)
        One range per line, top to bottom: runs of inked rows between empty ones, accents and
        dots kept with their line (see `_row_bands`).
    """
    return _row_bands(np.flatnonzero((coverage >= _INK_COVERAGE).any(axis=1)))


def _row_bands(rows: NDArray[np.intp]) -> list[tuple[int, int]]:
    """Row ranges ``[top, bottom)`` of the ink bands that are separate lines.

    Bands are runs of inked rows between empty ones; a band shorter than `_MIN_BAND_SHARE` of
    the tallest (an accent or a dot above capitals) stays with its neighbour below, so one
    band is returned for a single line.
    """
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    tops = np.concatenate([rows[:1], rows[breaks + 1]])
    bottoms = np.concatenate([rows[breaks], rows[-1:]]) + 1
    tallest = int((bottoms - tops).max())
    bands: list[tuple[int, int]] = []
    pending: int | None = None
    for top, bottom in zip(tops.tolist(), bottoms.tolist(), strict=True):
        start = top if pending is None else pending
        if bottom - top < max(_MIN_COMPONENT_H_PX - 2, _MIN_BAND_SHARE * tallest):
            pending = start
            continue
        bands.append((start, bottom))
        pending = None
    if pending is not None:
        if bands:
            bands[-1] = (bands[-1][0], int(bottoms[-1]))
        else:
            bands.append((pending, int(bottoms[-1])))
    return bands


def _refine_band(ink: LineInk, mask: NDArray[np.bool_], rows: NDArray[np.intp]) -> TextLine | None:
    """Validate one band of ink as a text line and measure it."""
    cover = ink.coverage
    cols = np.flatnonzero(mask.any(axis=0))
    if len(rows) < _MIN_COMPONENT_H_PX - 2 or len(cols) < 2:
        return None
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    inner = cover[r0:r1, c0:c1]
    share = float(inner.mean())
    touched = inner > 0.1
    partial = float(np.mean(inner[touched] < 0.9)) if touched.any() else 1.0
    if not _MIN_INK_SHARE <= share <= _MAX_INK_SHARE:
        return None
    if r1 - r0 >= _PARTIAL_MIN_H_PX and partial > _MAX_PARTIAL_SHARE:
        return None
    if _thick_share(mask[r0:r1, c0:c1]) > _MAX_THICK_SHARE:
        return None
    glyphs = find_glyphs(inner)
    baseline_row = glyphs.baseline()
    if baseline_row is None:
        return None
    ox, oy = ink.origin
    words = _words(mask[r0:r1, c0:c1], quantile(glyphs.boxes[:, 3], 0.5), (ox + c0, oy + r0))
    confidence = ink.ring_agreement * min(1.0, ink.contrast / 120.0) * (1.0 - partial / 2.0)
    return TextLine(
        box=(ox + c0, oy + r0, c1 - c0, r1 - r0),
        baseline_y=oy + r0 + baseline_row,
        color=ink.color,
        background=ink.background,
        words=words,
        confidence=round(float(np.clip(confidence, 0.0, 1.0)), 3),
    )


def _thick_share(mask: NDArray[np.bool_]) -> float:
    """Share of ink pixels deeper inside the ink than strokes of text ever are.

    Text strokes are at most about a fifth of the line's height thick, even in black weights;
    a filled button, badge or photograph behind the line has pixels much deeper than that.
    """
    if not mask.any():
        return 0.0
    depth = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    deep = max(_THICK_PER_HEIGHT * mask.shape[0], _MIN_THICK_PX)
    return float(np.mean(depth[mask] > deep))


def _natural_break(gaps: NDArray[np.int64]) -> float:
    """The gap width separating letter gaps from word gaps (Otsu's split of the log widths).

    Returns infinity when the gaps do not fall into two groups that differ by
    `_WORD_GAP_CONTRAST`.
    """
    values = np.sort(np.log(gaps.astype(np.float64)))
    n = values.shape[0]
    if n < 2 or values[-1] - values[0] < np.log(_WORD_GAP_CONTRAST):
        return float("inf")
    # Between-class spread of every split k (k values below it), from running sums.
    k = np.arange(1, n)
    below = np.cumsum(values)[:-1]
    low_mean = below / k
    high_mean = (values.sum() - below) / (n - k)
    split = int(np.argmax(k * (n - k) * (high_mean - low_mean) ** 2)) + 1
    if np.exp(values[split:].mean() - values[:split].mean()) < _WORD_GAP_CONTRAST:
        return float("inf")
    return float(np.exp((values[split - 1] + values[split]) / 2.0))


def _words(mask: NDArray[np.bool_], glyph_h_px: float, origin: tuple[int, int]) -> tuple[Word, ...]:
    """Word boxes from the empty-column runs of a line's ink mask (coverage ≥ `_INK_COVERAGE`)."""
    ink_cols = np.flatnonzero(mask.any(axis=0))
    steps = np.diff(ink_cols)
    letter_gaps = steps[steps > 1]
    min_gap = max(_WORD_GAP_PER_GLYPH * glyph_h_px, _natural_break(letter_gaps))
    breaks = np.flatnonzero(steps > min_gap)
    starts = np.concatenate([ink_cols[:1], ink_cols[breaks + 1]])
    ends = np.concatenate([ink_cols[breaks], ink_cols[-1:]]) + 1
    # Each word's inked rows, from its first column up to the next word's: the columns between
    # words hold no ink.
    inked = np.logical_or.reduceat(mask, starts, axis=1)
    first = inked.argmax(axis=0)
    last = inked.shape[0] - 1 - inked[::-1].argmax(axis=0)
    return tuple(
        Word(box=(origin[0] + start, origin[1] + top, end - start, bottom - top + 1))
        for start, end, top, bottom in zip(
            starts.tolist(), ends.tolist(), first.tolist(), last.tolist(), strict=True
        )
    )
