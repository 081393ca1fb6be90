"""Render a text sample in a font face as ink coverage, the way a browser would draw it.

References for matching a measured line: the same text (or a stock sample) in a candidate face at
the measured size, measured by the same code as the image's lines so both carry the same biases.
"""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis.text_lines import LineInk
from copy_that.extract._type_fonts import FontFace

__all__ = ["SAMPLE_TEXT", "render_ink"]

#: Text rendered when no recognised text is available: every lowercase shape class (round,
#: straight, ascender, descender), capitals and digits, in proportions close to UI copy.
SAMPLE_TEXT = "Handgloves quiz 2048 Typeface metrics"
# Supersampling factor: browsers place glyphs at fractional positions; drawing 3× larger and
# averaging down reproduces that instead of FreeType's whole-pixel advances at the small size.
_SUPERSAMPLE = 3
# Size cache entries are keyed on, px: references within a twentieth of a pixel are the same.
_SIZE_STEP_PX = 0.05


def render_ink(face: FontFace, text: str, size_px: float) -> LineInk:
    """Coverage of `text` drawn in `face` at `size_px` (image px), black on white.

    Parameters
    ----------
    face : FontFace
        The face to draw with.
    text : str
        One line of text.
    size_px : float
        Font size (em) in image px, > 0.

    Returns
    -------
    LineInk
        Coverage with a 2 px margin around the ink, as `line_ink` would measure it.
    """
    step = round(size_px / _SIZE_STEP_PX)
    return _render(face.path, text, step)


@functools.lru_cache(maxsize=512)
def _render(path: str, text: str, size_step: int) -> LineInk:
    size_px = size_step * _SIZE_STEP_PX
    scale = _SUPERSAMPLE
    font = ImageFont.truetype(path, max(1, round(size_px * scale)))
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor="ls"))
    margin = 2 * scale
    # Whole output pixels on every side so the baseline stays on a row boundary.
    width = -(-(right - left + 2 * margin) // scale) * scale
    height = -(-(bottom - top + 2 * margin) // scale) * scale
    canvas = PILImage.new("L", (width, height), 0)
    origin = (margin - left, margin - top)
    ImageDraw.Draw(canvas).text(origin, text, font=font, fill=255, anchor="ls")
    small = canvas.resize((width // scale, height // scale), PILImage.Resampling.BOX)
    coverage = np.asarray(small, dtype=np.float32) / 255.0
    return LineInk(
        coverage=coverage,
        origin=(0, 0),
        color=(0, 0, 0),
        background=(255, 255, 255),
        contrast=float(np.sqrt(3.0) * 255.0),
        ring_agreement=1.0,
    )
