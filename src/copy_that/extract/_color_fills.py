"""Fill colours of compressed images, read inside the boxes the layout measured.

A button's or a chip's fill is a design colour (often the primary), but on a JPEG it keeps few
pixels of one exact value: chroma subsampling and the ringing around its label scatter its
interior over a dozen code values either way, so the flat-colour finder, which needs runs of
identical pixels, can miss it altogether (the benchmark's syn-14 and syn-17 JPEGs lost their
primary buttons' colours). The layout analysis has already found these boxes and measured their
fills through the noise (`Element.fill`); the pixels inside a box near its fill are the fill's
evidence, and a fill no colour already found stands for becomes a colour of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis.model import Element
from copy_that.extract._color_flat import Claims, FlatColor
from copy_that.extract._color_runs import AREA, RunAnalysis
from copy_that.imaging import Image, pack_rgb

__all__ = ["box_fill_colors"]

# A pixel inside a box is its fill when every channel lies within this many code values of the
# measured fill: JPEG noise inside a flat fill at quality 75 reaches about ±12 (the layout's own
# palette snaps within 16); a label's glyphs lie much further off.
_NEAR_FILL = 12.0
# A fill within this CIEDE2000 of a colour already found is that colour (as for text inks).
_SAME_FILL_DELTA_E = 3.0
# Pixels along the inside of a box's edge (past its border) left out: the anti-aliased edge and
# the chroma smeared across it.
_EDGE_INSET_PX = 2


def box_fill_colors(
    image: Image,
    analysis: RunAnalysis,
    flat: Sequence[FlatColor],
    elements: Sequence[Element],
    *,
    min_evidence_px: float,
) -> list[FlatColor]:
    """Fill colours of measured boxes that the flat colours miss.

    Parameters
    ----------
    image : Image
        The (compressed) image.
    analysis : RunAnalysis
        Its run analysis; the new colours' members are keys of `analysis.colors` that no
        colour already found holds.
    flat : sequence of FlatColor
        Colours already found; a fill within `_SAME_FILL_DELTA_E` of one of them is not added.
    elements : sequence of Element
        The layout's elements; boxes with a measured fill are read, largest first.
    min_evidence_px : float
        Fill pixels a new colour needs (the flat colours' own threshold).

    Returns
    -------
    list of FlatColor
        New fill colours, largest box first; their evidence is their boxes' fill pixels, all
        counted as area.
    """
    claims = Claims(flat, analysis.colors)
    boxes = [(e, e.fill) for e in elements if e.is_box and e.fill is not None]
    boxes.sort(key=lambda pair: (-pair[0].box[2] * pair[0].box[3], pair[0].id))
    found: list[FlatColor] = []
    for box, fill in boxes:
        if claims.stands_for(fill, _SAME_FILL_DELTA_E):
            continue
        keys, counts = _fill_pixels(image, box, fill)
        colour = claims.claim(fill, keys, counts, usage=AREA, min_evidence_px=min_evidence_px)
        if colour is not None:
            found.append(colour)
    return found


def _fill_pixels(
    image: Image, box: Element, fill: tuple[int, int, int]
) -> tuple[NDArray[np.uint32], NDArray[np.int64]]:
    """Packed colours of the opaque pixels inside `box` near its `fill`, and their counts."""
    x, y, w, h = box.box
    top, right, bottom, left = box.border_px
    x0 = max(x + left + _EDGE_INSET_PX, 0)
    y0 = max(y + top + _EDGE_INSET_PX, 0)
    x1 = min(x + w - right - _EDGE_INSET_PX, image.width_px)
    y1 = min(y + h - bottom - _EDGE_INSET_PX, image.height_px)
    if x1 <= x0 or y1 <= y0:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    block = image.rgb[y0:y1, x0:x1]
    near = np.abs(block.astype(np.int16) - np.array(fill, dtype=np.int16)).max(axis=2)
    chosen = (near <= _NEAR_FILL) & (image.alpha[y0:y1, x0:x1] >= 128)
    keys, counts = np.unique(pack_rgb(block[chosen]), return_counts=True)
    return keys.astype(np.uint32), counts.astype(np.int64)
