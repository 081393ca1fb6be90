"""`analyse`: one image in, its `Layout` out — regions, boxes, ink, DPR, tree and text lines.

Stages (each in its own module):

1. `_edges.flat_regions` — edge pixels and the flat regions between them;
2. the page background — the region holding most of the image's outermost pixels;
3. `_halo_fills.split_halo_fills` — fills outlined only by a shadow (a white card on a white
   page, or a near-white one whose shadow's ramp joins it to the page) become regions of their
   own, and on JPEGs `_enclosed.split_enclosed` — the insides of light-bordered cards that joined
   the page through gaps in their outline; then `_shapes.region_shapes` — regions shaped like UI
   boxes;
4. `_boxes.fit_boxes` — exact boxes and borders, read from side profiles;
5. `_ink.find_ink` — text, icons, rules and pictures on each box (boxes that turn out to be
   parts of large glyphs, `_ink.glyph_fits`, are dropped and the ink read again);
6. `_dpr.estimate_dpr` — the device pixel ratio, unless the caller gave it;
7. `_tree.build_elements` — the containment tree, reading order and element kinds;
8. `text_lines.detect_text_lines` — text lines with baselines (typography's detector).

When too little of the image is UI structure (a photo, a painting), or the page background is
texture rather than a flat colour or a smooth gradient (a lunar surface, a wall behind a clock),
the layout keeps no elements and says why in `Layout.notes`: nothing is invented.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._boxes import BoxFit, fit_boxes
from copy_that.analysis._dpr import estimate_dpr
from copy_that.analysis._edges import FlatRegions, flat_regions
from copy_that.analysis._enclosed import split_enclosed
from copy_that.analysis._halo_fills import split_halo_fills
from copy_that.analysis._ink import InkBlob, find_ink, glyph_fits
from copy_that.analysis._shapes import region_shapes
from copy_that.analysis._tree import build_elements
from copy_that.analysis.model import DprSource, Element, Layout, TextLine
from copy_that.analysis.text_lines import detect_text_lines
from copy_that.errors import OptionsError
from copy_that.imaging import Image

__all__ = ["analyse"]

# Formats whose pixels carry compression noise (the analysis then snaps colours to a palette).
_LOSSY_FORMATS = frozenset({"JPEG", "MPO", "WEBP"})
# Largest device pixel ratio accepted from a caller (phones reach 4; 8 leaves room for zooms).
_MAX_DPR = 8.0
# The page background must hold at least this share of the image's outermost pixels …
_MIN_BACKGROUND_RIM_SHARE = 0.2
# … and of all its pixels.
_MIN_BACKGROUND_SHARE = 0.05
# Below this share of pixels explained as flat UI structure the image is no UI (a photo).
_MIN_STRUCTURE_SHARE = 0.3
# A rendered page's background is a flat colour or a smooth gradient: neighbouring pixels of it
# differ by at most a code value (a gradient's dithering) in this share of pairs or more. The
# benchmark's and validation's pages keep 0.97-1.0 of them, JPEG at quality 30-75 and dithered
# gradient pages included; a photo whose background region is texture keeps far fewer (the
# moon's surface 0.76, the wall behind scikit-image's clock 0.74, its coins' tray 0.65).
_MIN_SMOOTH_SHARE = 0.9
_SMOOTH_STEP_CODES = 1
# The pairs are sampled every this many px along every this many rows: a step coprime to the 2×,
# 3× and 4× nearest-neighbour upscales that make pairs of pixels equal.
_SMOOTH_SAMPLE_PX = 5
# Samples (of `_SMOOTH_SAMPLE_PX`) a pair lies inside the background at least: 10 px, past the
# 8-px blocks in which JPEG rings around an edge.
_SMOOTH_MARGIN_SAMPLES = 2
# An outline-only box (fill = what surrounds it) has a border no thicker than this share of its
# short side; thicker "borders" around a fill-coloured hole are glyph strokes (the inside of an o).
_MAX_OUTLINE_BORDER_SHARE = 0.2
# Fill and outside closer than this many edge thresholds are the same colour: any step the edge
# map cuts a region out along makes a fill of its own (a white card on Material's #fafafa page
# differs by 5 code values, on Bootstrap's #f8f9fa by 7).
_SAME_FILL_THRESHOLDS = 1.0
# On JPEG a fill within this many thresholds of what surrounds it may be a band the palette cut
# out of a shadow's gradient: its pixels drift (standard deviation 3-5 code values), while a
# fill's carry JPEG noise only (under 1.5), so such a faint fill must be flat to this.
_FAINT_LOSSY_THRESHOLDS = 2.0
_LOSSY_FLAT_STD = 2.0
# Glyph pieces are at least this tall, px, to count as text evidence for the DPR.
_MIN_GLYPH_PX = 4
# Rounds of dropping glyph parts read as boxes: each round finds the parts next to the text the
# previous one recovered (the first letters of a large heading can be all stems and counters).
_GLYPH_PASSES = 3
# Ink at least this many times longer than thick is a rule (a divider line).
_RULE_MIN_ASPECT = 8
# Rules are at most this thick, px (3 CSS px at DPR 2); thicker long ink is a line of text.
_MAX_RULE_PX = 6
# Text blobs with at least this many pieces count as text for the DPR (one piece may be an icon).
_MIN_TEXT_PIECES = 3


def _opaque_rgb(image: Image) -> NDArray[np.uint8]:
    """The image's colours, transparent parts composited over white as a page would show them."""
    return image.over(255)


def _background(regions: FlatRegions) -> int | None:
    labels = regions.labels
    rim = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    counts = np.bincount(rim[rim > 0], minlength=regions.count)
    if counts.sum() == 0:
        return None
    best = int(counts.argmax())
    if counts[best] < _MIN_BACKGROUND_RIM_SHARE * rim.size:
        return None
    if regions.stats[best, 4] < _MIN_BACKGROUND_SHARE * labels.size:
        return None
    return best


def _smooth_share(rgb: NDArray[np.uint8], labels: NDArray[np.int32], background: int) -> float:
    """Share of sampled pairs of side-by-side background pixels within `_SMOOTH_STEP_CODES`.

    Only pairs at least `_SMOOTH_MARGIN_SAMPLES` samples inside the background are taken: JPEG
    rings up to a block (8 px) from every edge, and a small page is mostly such margins.
    """
    step = _SMOOTH_SAMPLE_PX
    here = labels[::step, :-1:step]
    there = labels[::step, 1::step][:, : here.shape[1]]
    if here.size == 0:
        return 1.0
    size = 2 * _SMOOTH_MARGIN_SAMPLES + 1
    inside = cv2.erode(
        ((here == background) & (there == background)).astype(np.uint8),
        np.ones((size, size), dtype=np.uint8),
        borderType=cv2.BORDER_REPLICATE,
    ).astype(bool)
    if not inside.any():
        return 1.0
    left = rgb[::step, :-1:step][inside].astype(np.int16)
    right = rgb[::step, 1::step][:, : here.shape[1]][inside].astype(np.int16)
    return float((np.abs(left - right).max(axis=1) <= _SMOOTH_STEP_CODES).mean())


def _visible(
    fit: BoxFit, regions: FlatRegions, halo_fills: frozenset[int], rgb: NDArray[np.uint8]
) -> bool:
    """Whether a measured box is a real element (module constants say why).

    The fill is compared with the parent region's colour (what the box stands on) and with
    the colour just outside it (which a shadow may darken). Fills of the page's colour that a
    shadow outlines (`halo_fills`) were found by that outline.
    """
    if fit.shape.label in halo_fills:
        return True
    same = regions.threshold * _SAME_FILL_THRESHOLDS
    if fit.contrast <= same:
        return False
    if (
        regions.noisy
        and fit.contrast <= regions.threshold * _FAINT_LOSSY_THRESHOLDS
        and _fill_spread(fit, regions, rgb) > _LOSSY_FLAT_STD
    ):
        return False
    around = [regions.colors[fit.parent_label]] if fit.parent_label > 0 else []
    if fit.outside is not None:
        around.append(np.asarray(fit.outside, dtype=np.float32))
    if not around or any(
        float(np.abs(np.asarray(fit.fill, dtype=np.float32) - c).max()) > same for c in around
    ):
        return True
    # Outline only: needs a thin border on all its measured sides but at most one.
    measured = [b for b, m in zip(fit.border_px, fit.measured, strict=True) if m]
    _, _, w, h = fit.box
    thin = [0 < b <= _MAX_OUTLINE_BORDER_SHARE * min(w, h) for b in measured]
    return bool(measured) and sum(thin) >= max(1, len(thin) - 1)


def _fill_spread(fit: BoxFit, regions: FlatRegions, rgb: NDArray[np.uint8]) -> float:
    """Largest per-channel standard deviation of a region's pixels, code values."""
    x, y, w, h = fit.shape.bbox
    inside = regions.labels[y : y + h, x : x + w] == fit.shape.label
    pixels = rgb[y : y + h, x : x + w][inside].astype(np.float32)
    return float(pixels.std(axis=0).max()) if pixels.size else 0.0


def _dpr_evidence(fits: list[BoxFit], blobs: list[InkBlob]) -> tuple[list[int], list[float]]:
    lines = [b for f in fits for b in f.border_px if b > 0]
    lines += [
        min(b.box[2], b.box[3])
        for b in blobs
        if max(b.box[2], b.box[3]) >= _RULE_MIN_ASPECT * min(b.box[2], b.box[3])
        and min(b.box[2], b.box[3]) <= _MAX_RULE_PX
    ]
    glyphs = [
        b.piece_height_px
        for b in blobs
        if b.pieces >= _MIN_TEXT_PIECES and b.piece_height_px >= _MIN_GLYPH_PX
    ]
    return lines, glyphs


def analyse(image: Image, *, dpr: float | None = None, text_lines: bool = True) -> Layout:
    """Analyse the layout of one image.

    Parameters
    ----------
    image : Image
        The decoded image.
    dpr : float, optional
        Device pixel ratio (image px per CSS px); inferred from the image when omitted.
    text_lines : bool
        Whether to detect text lines (`Layout.text_lines`); skip for speed when no text
        measurement is needed.

    Returns
    -------
    Layout
        Elements with boxes and their containment tree, text lines, background and DPR.

    Raises
    ------
    OptionsError
        `dpr` is not a finite number in (0, 8].
    """
    if dpr is not None and not (math.isfinite(dpr) and 0.0 < dpr <= _MAX_DPR):
        raise OptionsError(
            f"dpr must be a number in (0, {_MAX_DPR:g}], got {dpr!r}; omit it to infer the ratio",
            option="dpr",
        )
    rgb = _opaque_rgb(image)
    height, width = rgb.shape[:2]
    regions = flat_regions(rgb, lossy=image.source_format.upper() in _LOSSY_FORMATS)
    background = _background(regions)
    regions, halo_fills = split_halo_fills(rgb, regions, background, lossy=regions.noisy)
    if regions.noisy:
        regions = split_enclosed(rgb, regions, background)
    skip = frozenset() if background is None else frozenset({background})
    shapes = region_shapes(regions, rgb, skip=skip, noisy=regions.noisy)
    fits = [
        f
        for f in fit_boxes(rgb, regions, shapes, background=background, exact=halo_fills)
        if _visible(f, regions, halo_fills, rgb)
    ]
    blobs = find_ink(rgb, regions, fits, background=background)
    for _ in range(_GLYPH_PASSES):
        glyphs = glyph_fits(fits, blobs, threshold=float(regions.threshold))
        if not glyphs:
            break
        fits = [f for i, f in enumerate(fits) if i not in glyphs]
        blobs = find_ink(rgb, regions, fits, background=background)
    lines: tuple[TextLine, ...] = detect_text_lines(image) if text_lines else ()

    flat_area = float(regions.stats[background, 4]) if background is not None else 0.0
    flat_area += float(sum(regions.stats[f.shape.label, 4] for f in fits))
    structure = flat_area / float(max(1, width * height))
    smooth = 1.0 if background is None else _smooth_share(rgb, regions.labels, background)
    photo = structure < _MIN_STRUCTURE_SHARE or smooth < _MIN_SMOOTH_SHARE
    notes: list[str] = []
    used_dpr, confidence = 1.0, 0.0
    dpr_source: DprSource = "default"
    if dpr is not None:
        used_dpr, dpr_source, confidence = float(dpr), "option", 1.0
    elif not photo:  # a photo's edges and specks are no borders or glyphs: DPR 1 is assumed
        line_widths, glyph_heights = _dpr_evidence(fits, blobs)
        estimate = estimate_dpr(
            line_widths_px=line_widths, glyph_heights_px=glyph_heights, image_width_px=width
        )
        if estimate is None:
            notes.append("device pixel ratio 1 assumed: no borders or text to infer it from")
        else:
            used_dpr, dpr_source, confidence = estimate.dpr, "inferred", estimate.confidence
            notes.append(
                f"device pixel ratio {estimate.dpr:g} inferred from " + ", ".join(estimate.reasons)
            )

    bg_color = None
    if background is not None:
        r, g, b = (round(float(c)) for c in regions.colors[background])
        bg_color = (r, g, b)
    if structure < _MIN_STRUCTURE_SHARE:
        notes.append(
            f"no UI elements: only {structure:.0%} of the image is flat UI structure "
            "(it looks like a photo or illustration)"
        )
    elif smooth < _MIN_SMOOTH_SHARE:
        notes.append(
            f"no UI elements: the background is texture, not a flat colour or gradient (only "
            f"{smooth:.0%} of its neighbouring pixels within a code value; it looks like a photo)"
        )
    if photo:
        elements: tuple[Element, ...] = ()
    else:
        elements = build_elements(fits, blobs, dpr=used_dpr, image_wh=(width, height))
    return Layout(
        width_px=width,
        height_px=height,
        elements=elements,
        text_lines=lines,
        background=bg_color,
        dpr=used_dpr,
        dpr_source=dpr_source,
        dpr_confidence=round(confidence, 3),
        notes=tuple(notes),
        structure_share=round(structure, 3),
        edge_threshold=regions.threshold,
    )
