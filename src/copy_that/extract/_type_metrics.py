"""Glyph metrics of one text line, measured on its ink coverage: heights, stroke width, pitch.

All lengths here are image px (not CSS px); the caller divides by the DPR. Heights come from the
sub-pixel glyph edges of `copy_that.analysis.text_lines.find_glyphs`, so anti-aliasing adds
precision rather than blur.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._quantiles import quantile
from copy_that.analysis.model import TextLine
from copy_that.analysis.text_lines import LineInk, find_glyphs, line_ink
from copy_that.imaging import Image

__all__ = ["GlyphHeights", "LineMetrics", "glyph_heights", "measure_coverage", "measure_line"]

# Glyphs at least this share of the line's tall glyphs (90th percentile height) are letters;
# smaller ones are dots, hyphens, quotes and accents.
_LETTER_SHARE = 0.5
# Letters no taller than this many times the shortest common letter height share the x-height;
# round letters overshoot it by about 3 %.
_X_BAND = 1.12
# Letters at least this many times the x-height band are tall (capitals, ascenders, digits);
# the shortest, t, is about 1.25 x-heights in most faces.
_TALL_BAND = 1.2
# A letter whose bottom is this share of its height below the baseline descends (g j p q y).
_DESCENT_SHARE = 0.12
# A letter rises at least this far above the baseline, px (the x-height of the smallest text
# is 4–5 px; anything lower is a mark, not a letter).
_MIN_ABOVE_PX = 1.0
# A letter's bottom lies no higher above the baseline than this share of its height (flat
# bottoms end on it; round ones overshoot it; none floats).
_BASELINE_REACH = 0.25
# Fewest letters for a pitch (monospace) estimate to mean anything.
_MIN_PITCH_GLYPHS = 6


@dataclass(frozen=True)
class LineMetrics:
    """Measurements of one text line, image px.

    Parameters
    ----------
    baseline_y : float
        Baseline row in coverage coordinates (add ``ink.origin[1]`` for image rows), sub-pixel.
    x_height_px : float or None
        Baseline to the top of lowercase letters without ascenders; None when the line has no
        such letters (capitals and digits only).
    tall_px : float or None
        Baseline to the top of capitals, ascenders and digits (their median); None without any.
    descender_px : float or None
        Baseline to the bottom of descenders (their median); None without any.
    stroke_px : float
        Mean stroke thickness: twice the ink area over the ink outline length.
    contrast_ratio : float
        Thick-to-thin stroke ratio (90th over 20th percentile of the stroke thickness map).
    foot_ratio : float
        Ink in the bottom eighth of the x-height band over ink in its middle: serifs raise it.
    pitch_score : float
        0–1, how well glyph centres fall on a regular grid (monospaced text near 1).
    letter_count : int
        Letter-sized glyph components.
    ink_width_px : float
        Width of the line's ink, from the first to the last inked column.
    ink : LineInk
        The coverage the measurements came from.
    """

    baseline_y: float
    x_height_px: float | None
    tall_px: float | None
    descender_px: float | None
    stroke_px: float
    contrast_ratio: float
    foot_ratio: float
    pitch_score: float
    letter_count: int
    ink_width_px: float
    ink: LineInk


def measure_line(image: Image, line: TextLine) -> LineMetrics | None:
    """Measure the glyph metrics of `line` in `image`.

    Parameters
    ----------
    image : Image
        The image the line was detected in.
    line : TextLine
        A detected line.

    Returns
    -------
    LineMetrics or None
        None when the line's ink cannot be separated from its background or holds no letters.
    """
    ink = line_ink(image, line.box)
    if ink is None:
        return None
    return measure_coverage(ink)


@dataclass(frozen=True)
class GlyphHeights:
    """Vertical metrics of one line's letters, coverage px.

    Parameters
    ----------
    baseline_y : float
        Baseline row in coverage coordinates, sub-pixel.
    x_height_px, tall_px, descender_px : float or None
        As in `LineMetrics`.
    low_px : float
        Height of the shorter letters above the baseline (20th percentile): the x-height band.
    letters : ndarray of shape (N, 4), dtype int32
        Boxes of the letter-sized glyphs standing on the baseline.
    """

    baseline_y: float
    x_height_px: float | None
    tall_px: float | None
    descender_px: float | None
    low_px: float
    letters: NDArray[np.int32]


def glyph_heights(cover: NDArray[np.float32]) -> GlyphHeights | None:
    """Baseline, x-height, tall and descender heights of a line's ink coverage.

    Parameters
    ----------
    cover : ndarray of shape (H, W), dtype float32
        Ink coverage of one line (`LineInk.coverage`).

    Returns
    -------
    GlyphHeights or None
        None when the coverage holds no letter-sized glyphs.
    """
    glyphs = find_glyphs(cover)
    baseline = glyphs.baseline()
    if baseline is None:
        return None
    heights = glyphs.boxes[:, 3]
    letters = heights >= _LETTER_SHARE * quantile(heights, 0.9)
    # Only letters standing on this baseline: ink of another line caught in the coverage (a
    # neighbour's descenders, a second line the box spans) lies wholly above or below it.
    letters &= (glyphs.tops < baseline - _MIN_ABOVE_PX) & (
        glyphs.bottoms > baseline - _BASELINE_REACH * heights
    )
    if not letters.any():
        return None
    tops = glyphs.tops[letters]
    bottoms = glyphs.bottoms[letters]
    above = baseline - tops
    descends = bottoms - baseline >= _DESCENT_SHARE * (bottoms - tops)
    # Heights above the baseline; a descender's top is as good as any other letter's.
    low = quantile(above, 0.2)
    in_x = above <= _X_BAND * low
    in_tall = above >= _TALL_BAND * low
    # Flat tops (x, z, v) sit on the x-height line, round ones overshoot it: lower quartile.
    x_height: float | None = quantile(above[in_x], 0.25)
    tall: float | None = quantile(above[in_tall], 0.5) if in_tall.any() else None
    if tall is None:
        # One height only: capitals and digits ("SIGN UP", "$1,240") are far more common in
        # interfaces than lowercase words without ascenders, so read it as the capital height.
        x_height, tall = None, x_height
    descender = quantile(bottoms[descends] - baseline, 0.5) if descends.any() else None
    return GlyphHeights(baseline, x_height, tall, descender, low, glyphs.boxes[letters])


def measure_coverage(ink: LineInk) -> LineMetrics | None:
    """Measure the glyph metrics of a line's ink coverage.

    Parameters
    ----------
    ink : LineInk
        Coverage of one line (from `line_ink`, or rendered for a reference).

    Returns
    -------
    LineMetrics or None
        None when the coverage holds no letter-sized glyphs.
    """
    cover = ink.coverage
    heights = glyph_heights(cover)
    if heights is None:
        return None
    mask = cover >= 0.5
    stroke, contrast = _stroke(cover.astype(np.float64), mask)
    columns = np.flatnonzero(mask.any(axis=0))
    x_height = heights.x_height_px
    return LineMetrics(
        baseline_y=heights.baseline_y,
        x_height_px=x_height,
        tall_px=heights.tall_px,
        descender_px=heights.descender_px,
        stroke_px=stroke,
        contrast_ratio=contrast,
        foot_ratio=_foot_ratio(
            cover, heights.baseline_y, x_height if x_height is not None else heights.low_px
        ),
        pitch_score=_pitch_score(heights.letters),
        letter_count=len(heights.letters),
        ink_width_px=float(columns[-1] - columns[0] + 1) if columns.size else 0.0,
        ink=ink,
    )


def _stroke(cover: NDArray[np.float64], mask: NDArray[np.bool_]) -> tuple[float, float]:
    """Mean stroke thickness (2·area / outline length) and thick/thin contrast of the ink.

    The outline length is the total variation of the coverage, which anti-aliasing preserves,
    so the estimate holds at small sizes where strokes are one or two pixels wide.
    """
    gy, gx = np.gradient(cover)
    outline = float(np.hypot(gx, gy).sum())
    area = float(cover.sum())
    stroke = 2.0 * area / outline if outline > 0 else 0.0
    depth = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    # Local thickness along the medial axis: the depth where it peaks across the stroke.
    ridge = mask & (depth >= cv2.dilate(depth, np.ones((3, 3), np.uint8)) - 1e-6)
    values = depth[ridge]
    if values.size < 4:
        return stroke, 1.0
    thin = quantile(values, 0.2)
    thick = quantile(values, 0.9)
    return stroke, thick / max(thin, 0.5)


def _foot_ratio(cover: NDArray[np.float32], baseline: float, x_height: float) -> float:
    """Ink just above the baseline over ink in the middle of the x-height band."""
    base = round(baseline)
    foot_rows = max(1, round(0.125 * x_height))
    foot = cover[max(0, base - foot_rows) : base].sum(axis=1, dtype=np.float64)
    mid_top = round(baseline - 0.6 * x_height)
    mid_bottom = max(mid_top + 1, round(baseline - 0.4 * x_height))
    middle = cover[max(0, mid_top) : mid_bottom].sum(axis=1, dtype=np.float64)
    if foot.size == 0 or middle.size == 0 or middle.mean() <= 0:
        return 1.0
    return float(foot.mean() / middle.mean())


def _pitch_score(letters: NDArray[np.int32]) -> float:
    """How regularly glyph centres are spaced (1 = on a grid, as monospaced text is).

    The pitch is searched from just under the typical glyph width to a little over twice it;
    the score is the circular mean resultant length of the centres at the best pitch.
    """
    if len(letters) < _MIN_PITCH_GLYPHS:
        return 0.0
    centres = letters[:, 0] + letters[:, 2] / 2.0
    centres = centres - centres.min()
    # Touching glyph pairs are twice as wide as a cell: size the search on the narrower ones.
    cell = quantile(letters[:, 2], 0.4)
    if cell <= 0:
        return 0.0
    pitches = np.linspace(max(1.0, cell * 0.9), cell * 2.2, 120)
    phases = 2.0 * np.pi * centres[None, :] / pitches[:, None]
    strength = np.hypot(np.cos(phases).mean(axis=1), np.sin(phases).mean(axis=1))
    return float(strength.max())
