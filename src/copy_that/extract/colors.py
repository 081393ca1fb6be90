"""Colour extraction: the palette a designer would recognise, with roles, contrast and ramps.

`extract_colors` works from pixels alone (a `Layout` only sharpens the roles):

1. **Flat colours** (`_color_runs`, `_color_flat`). Maximal runs of identical pixels along rows
   and columns separate flat pixels from transitions: anti-aliasing blends, partial coverage
   of glyph stems, gradient steps and shadow falloff. Colours seen mostly flat are merged by
   CIEDE2000 and kept when their flat evidence reaches the threshold, so a text colour or a
   1-px border is found exactly while blends are not reported. In compressed images, whose
   small text keeps no flat pixels, text colours are read inside the layout's text lines
   (`_color_textlines`) and fill colours inside its measured boxes (`_color_fills`) when a
   layout is given.
2. **Photo clusters** (`_color_photo`, `_color_kmeans`). When much of the image is texture that
   no flat colour explains (photos, renders, a hero picture), its pixels are clustered in OKLab
   with seeded k-means on a fixed sample, weighted by area.
3. **Roles, contrast, ramps** (`_color_assemble`, `_color_roles`, `copy_that.colorimetry`).
   Roles only where the evidence shows them; WCAG 2.1 and APCA contrast for every text/paper
   pair actually present; 50–950 ramps for the primary, secondary, accent and a neutral colour.

Everything is deterministic: no randomness without a fixed seed, ties broken by colour value.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from copy_that.analysis.model import Layout
from copy_that.errors import OptionsError
from copy_that.extract._color_assemble import assemble
from copy_that.extract._color_fills import box_fill_colors
from copy_that.extract._color_flat import FlatColor, find_flat_colors
from copy_that.extract._color_photo import photo_clusters
from copy_that.extract._color_result import ColorRamp, ColorResult, ContrastPair, PaletteColor
from copy_that.extract._color_runs import EXACT, LOSSY, analyse_runs, looks_compressed
from copy_that.extract._color_textlines import text_line_colors
from copy_that.imaging import Image

__all__ = [
    "QUANTIZERS",
    "ColorOptions",
    "ColorRamp",
    "ColorResult",
    "ContrastPair",
    "PaletteColor",
    "extract_colors",
]

#: Quantiser names: ``auto`` finds flat colours and clusters the photo-like rest; ``flat`` only
#: finds flat colours; ``kmeans`` clusters all pixels (for photos and renders).
QUANTIZERS: tuple[str, ...] = ("auto", "flat", "kmeans")

# Compressed images (see `looks_compressed`) are analysed as lossy: wider blend tolerances,
# colours within _LOSSY_MERGE_DELTA_E merged (JPEG moves flat colours by about one CIEDE2000
# unit), and fills and thick strokes as evidence, not word ink or 1-px lines: 4:2:0 chroma
# subsampling and ringing smear small text and thin lines into colours never drawn.
_LOSSY_MERGE_DELTA_E = 1.5
# Above this many row runs per pixel an image is photo texture (photos: 0.8–0.9; screenshots,
# JPEG ones included: 0.05–0.15).
_PHOTO_RUN_DENSITY = 0.3
# In lossy images a colour needs this many times the usual evidence: compression leaves small
# clusters of identical pixels that were never drawn.
_LOSSY_EVIDENCE_FACTOR = 8
# Fewest flat pixels a colour needs, whatever `min_share` says for small images: about one
# short glyph stroke.
_MIN_EVIDENCE_PX = 8


@dataclass(frozen=True, kw_only=True)
class ColorOptions:
    """Options of `extract_colors`; all keyword-only.

    Parameters
    ----------
    max_colors : int
        Most palette colours to report, 1–64. Default 16. When more are found, colours holding
        roles are kept first, then the best evidenced.
    merge_delta_e : float
        Flat colours closer than this CIEDE2000 are one design colour, 0–10. Default 1.0,
        about one just-noticeable difference: ``#ffffff`` and ``#f9fafb`` (ΔE00 ≈ 1.6) stay two
        colours, rounding noise merges. Lossy images (JPEG) use at least 1.5.
    min_share : float
        Smallest flat evidence a colour needs, as a fraction (0–0.5) of the image's opaque
        pixels; never fewer than 8 pixels. Default 1e-5 (13 px of a 1440×900 screenshot:
        enough for the ink of a short red "Error" label).
    photo_merge_delta_e : float
        Photo clusters closer than this CIEDE2000 are merged, 0–50. Default 2.3, about one
        just-noticeable difference in CIELAB (Sharma 2003): every reported photo colour is
        visibly different, and `max_colors` is met whenever the image has that many
        distinguishable clusters.
    quantizer : str
        One of `QUANTIZERS`. Default ``"auto"``.

    Raises
    ------
    OptionsError
        An option is out of range or of the wrong type; the error names it.
    """

    max_colors: int = 16
    merge_delta_e: float = 1.0
    min_share: float = 1e-5
    photo_merge_delta_e: float = 2.3
    quantizer: str = "auto"

    def __post_init__(self) -> None:
        if isinstance(self.max_colors, bool) or not isinstance(self.max_colors, int):
            raise OptionsError(
                f"max_colors must be an integer, got {self.max_colors!r}", option="max_colors"
            )
        if not 1 <= self.max_colors <= 64:
            raise OptionsError(
                f"max_colors must be between 1 and 64, got {self.max_colors}", option="max_colors"
            )
        for name, low, high in (
            ("merge_delta_e", 0.0, 10.0),
            ("min_share", 0.0, 0.5),
            ("photo_merge_delta_e", 0.0, 50.0),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise OptionsError(f"{name} must be a number, got {value!r}", option=name)
            if not low <= value <= high:
                raise OptionsError(
                    f"{name} must be between {low:g} and {high:g}, got {value!r}", option=name
                )
        if self.quantizer not in QUANTIZERS:
            raise OptionsError(
                f"unknown quantizer {self.quantizer!r}; choose one of: {', '.join(QUANTIZERS)}",
                option="quantizer",
            )


def extract_colors(
    image: Image,
    *,
    layout: Layout | None = None,
    options: ColorOptions | None = None,
) -> ColorResult:
    """Extract the palette, roles, contrast pairs and ramps of an image.

    Parameters
    ----------
    image : Image
        The decoded image; pixels with alpha below 128 carry no colour evidence.
    layout : Layout, optional
        The image's layout analysis; when given, element fills and text lines add evidence
        to the roles.
    options : ColorOptions, optional
        Defaults to ``ColorOptions()``.

    Returns
    -------
    ColorResult

    Raises
    ------
    OptionsError
        `options` or `layout` do not fit (wrong type, layout of another image size).
    TypeError
        `image` is not an `Image`.

    Notes
    -----
    Colour differences are CIEDE2000 (CIE 142-2001; Sharma, Wu & Dalal 2005), clusters and
    names live in OKLab/OKLCH (Ottosson 2020), contrast is WCAG 2.1 and APCA 0.0.98G-4g.
    """
    if not isinstance(image, Image):
        raise TypeError(f"image must be a copy_that.imaging.Image, got {type(image).__name__}")
    opts = ColorOptions() if options is None else options
    if not isinstance(opts, ColorOptions):
        raise OptionsError(
            f"options must be ColorOptions, got {type(opts).__name__}", option="options"
        )
    if layout is not None:
        if not isinstance(layout, Layout):
            raise OptionsError(
                f"layout must be a Layout, got {type(layout).__name__}", option="layout"
            )
        if (layout.width_px, layout.height_px) != (image.width_px, image.height_px):
            raise OptionsError(
                f"layout is {layout.width_px}×{layout.height_px} px but the image is "
                f"{image.width_px}×{image.height_px} px; pass the layout analysed from this image",
                option="layout",
            )

    analysis = analyse_runs(image, EXACT)
    # Noisy screenshots are analysed again with lossy tolerances; photos (nearly a run per
    # pixel) are not worth it: their colours come from clustering.
    run_density = analysis.rows.keys.size / max(analysis.valid_px, 1)
    lossy = looks_compressed(analysis.rows) and run_density < _PHOTO_RUN_DENSITY
    if lossy:
        analysis = analyse_runs(image, LOSSY)
    if analysis.valid_px == 0:
        return ColorResult(
            palette=(),
            roles=MappingProxyType({}),
            role_confidence=MappingProxyType({}),
            contrast=(),
            ramps=(),
            width_px=image.width_px,
            height_px=image.height_px,
        )
    min_evidence = max(opts.min_share * analysis.valid_px, _MIN_EVIDENCE_PX)
    flat: list[FlatColor] = []
    covered = np.zeros(analysis.colors.size, dtype=bool)
    if opts.quantizer != "kmeans":
        flat, covered = find_flat_colors(
            analysis,
            merge_delta_e=max(opts.merge_delta_e, _LOSSY_MERGE_DELTA_E)
            if lossy
            else opts.merge_delta_e,
            min_evidence_px=min_evidence * _LOSSY_EVIDENCE_FACTOR if lossy else min_evidence,
            lossy=lossy,
        )
    if lossy and layout is not None and opts.quantizer != "kmeans":
        if layout.text_lines:
            flat = flat + text_line_colors(image, analysis, flat, layout.text_lines)
        flat = flat + box_fill_colors(
            image,
            analysis,
            flat,
            layout.elements,
            min_evidence_px=min_evidence * _LOSSY_EVIDENCE_FACTOR,
        )
    flat, clusters, sample = photo_clusters(
        image,
        analysis,
        flat,
        covered,
        quantizer=opts.quantizer,
        max_colors=opts.max_colors,
        merge_delta_e=opts.photo_merge_delta_e,
    )
    return assemble(
        image, analysis, flat, clusters, sample, max_colors=opts.max_colors, layout=layout
    )
