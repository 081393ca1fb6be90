"""Text colours of compressed images, read from the interior of glyph strokes in layout lines.

JPEG compression smears small text: chroma subsampling and ringing leave few pixels of a
glyph's exact colour, so the flat-colour finder (which needs solid evidence on lossy images)
loses the text colour entirely. The layout's text lines say where text is and what it is
written on; inside each line, the pixels that lie on the paper-to-ink axis at full coverage or
beyond (stroke interiors, not the anti-aliased or smeared edges) give the ink's luma by their
median, and its chroma once the paper's share in the subsampled chroma is divided out. Lines
of the same ink are pooled, and a colour is reported only when several lines agree, so
compression artefacts never become colours of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from copy_that.analysis.model import TextLine
from copy_that.extract._color_flat import Claims, FlatColor
from copy_that.extract._color_runs import STROKE, RunAnalysis
from copy_that.imaging import LUMA, Image, delta_e_2000_srgb, pack_rgb

__all__ = ["text_line_colors"]

# A pixel is stroke interior when its projection on the paper→ink axis is at least
# _MIN_COVERAGE of the way to the layout's ink colour (edges and smear lie below) and at most
# _MAX_COVERAGE (ringing overshoots the ink; farther out is another colour).
_MIN_COVERAGE = 0.85
_MAX_COVERAGE = 1.4
# Ink and paper whose luma (JPEG keeps it at full resolution) differ by less than
# _MIN_LUMA_STEP code values give no usable axis.
_ONES = np.ones(3)
_MIN_LUMA_STEP = 20.0
# Reach of the chroma smear around a pixel: 4:2:0 halves chroma resolution and quantising its
# 8×8 DCT blocks (16 px of image) spreads a thin stroke's chroma further; on the benchmark's
# quality-75 renders a 7×7 neighbourhood recovers tinted greys best (1 px: half as well).
_CHROMA_REACH_PX = 3
# Ink and paper closer than this CIEDE2000 give no usable axis.
_MIN_INK_PAPER_DELTA_E = 10.0
# A line needs this many interior pixels to be read (a couple of glyph stems).
_MIN_INTERIOR_PX = 12
# Line estimates within _LINE_GROUP_DELTA_E of a group's first (longest) line are one ink: a
# single line's reading scatters by a few units in JPEG, while inks a design tells apart (body
# and heading or muted text) differ by ten or more. A pooled ink within _SAME_INK_DELTA_E of a
# colour already found is that colour (a designer's tolerance for "the same colour" in a
# compressed image).
_LINE_GROUP_DELTA_E = 5.0
_SAME_INK_DELTA_E = 3.0
# A text colour needs this many agreeing lines and this many characters (width / height of its
# lines): one line could be an icon or a photo caption misread.
_MIN_LINES = 2
_MIN_CHARS = 20.0


def text_line_colors(
    image: Image,
    analysis: RunAnalysis,
    flat: Sequence[FlatColor],
    lines: Sequence[TextLine],
) -> list[FlatColor]:
    """Text colours the flat colours miss, measured inside layout text lines.

    Parameters
    ----------
    image : Image
        The (compressed) image.
    analysis : RunAnalysis
        Its run analysis; the new colours' members are keys of `analysis.colors` that no flat
        colour holds.
    flat : sequence of FlatColor
        Colours already found; an ink within `_SAME_INK_DELTA_E` of one of them is not added.
    lines : sequence of TextLine
        The layout's text lines.

    Returns
    -------
    list of FlatColor
        New text colours, most characters first; their evidence is their stroke-interior
        pixels, all counted as text strokes.
    """
    readings: list[tuple[NDArray[np.float64], float, NDArray[np.intp]]] = []
    for line in lines:
        reading = _read_line(image, line)
        if reading is not None:
            readings.append(reading)
    groups: list[list[int]] = []
    centres: list[NDArray[np.float64]] = []
    for k in sorted(range(len(readings)), key=lambda k: (-readings[k][1], k)):
        ink = readings[k][0]
        match = next(
            (
                g
                for g, centre in enumerate(centres)
                if float(delta_e_2000_srgb(ink / 255.0, centre / 255.0)) <= _LINE_GROUP_DELTA_E
            ),
            None,
        )
        if match is None:
            groups.append([k])
            centres.append(ink)
        else:
            groups[match].append(k)

    claims = Claims(flat, analysis.colors)
    found: list[FlatColor] = []
    for group in groups:
        chars = sum(readings[k][1] for k in group)
        if len(group) < _MIN_LINES or chars < _MIN_CHARS:
            continue
        ink = np.median(np.stack([readings[k][0] for k in group]), axis=0)
        srgb8 = (round(float(ink[0])), round(float(ink[1])), round(float(ink[2])))
        if claims.stands_for(srgb8, _SAME_INK_DELTA_E):
            continue
        flat_index = np.concatenate([readings[k][2] for k in group])
        keys, counts = np.unique(pack_rgb(image.rgb.reshape(-1, 3)[flat_index]), return_counts=True)
        colour = claims.claim(srgb8, keys.astype(np.uint32), counts, usage=STROKE)
        if colour is not None:
            found.append(colour)
    return found


def _read_line(
    image: Image, line: TextLine
) -> tuple[NDArray[np.float64], float, NDArray[np.intp]] | None:
    """Ink colour (sRGB 0–255), characters and interior pixel positions of one line."""
    if line.color is None or line.background is None:
        return None
    ink = np.array(line.color, dtype=np.float64)
    paper = np.array(line.background, dtype=np.float64)
    if float(delta_e_2000_srgb(ink / 255.0, paper / 255.0)) < _MIN_INK_PAPER_DELTA_E:
        return None
    x, y, w, h = line.box
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + w, image.width_px), min(y + h, image.height_px)
    if x1 <= x0 or y1 <= y0:
        return None
    rows, cols = np.mgrid[y0:y1, x0:x1]
    block = image.rgb[y0:y1, x0:x1].astype(np.float64)
    pixels = block.reshape(-1, 3)
    opaque = image.alpha[y0:y1, x0:x1].ravel() >= 128
    axis = ink - paper
    luma_axis = float(LUMA @ axis)
    if abs(luma_axis) < _MIN_LUMA_STEP:
        return None
    # Coverage from luma alone: JPEG keeps luma at full resolution, chroma is subsampled.
    luma_coverage = ((block - paper) @ LUMA) / luma_axis
    coverage = luma_coverage.ravel()
    interior = opaque & (coverage >= _MIN_COVERAGE) & (coverage <= _MAX_COVERAGE)
    if np.count_nonzero(interior) < _MIN_INTERIOR_PX:
        return None
    flat_index = (rows.ravel() * image.width_px + cols.ravel())[interior].astype(np.intp)
    luma = float(np.median(pixels[interior] @ LUMA))
    # Chroma of a thin stroke is its ink's chroma diluted by the paper around it (4:2:0
    # subsampling averages 2×2 blocks, the decoder's upsampling spreads them further): the
    # offset from the paper's chroma is the ink's offset times the neighbourhood's coverage.
    around = ndimage.uniform_filter(
        np.clip(luma_coverage, 0.0, 1.0), size=2 * _CHROMA_REACH_PX + 1, mode="nearest"
    ).ravel()[interior]
    offset = (pixels[interior] - paper) - np.outer((pixels[interior] - paper) @ LUMA, _ONES)
    chroma = offset.sum(axis=0) / max(float(around.sum()), 1e-9)
    colour = paper - float(paper @ LUMA) * _ONES + chroma + luma * _ONES
    return np.clip(colour, 0.0, 255.0), w / max(h, 1), flat_index
