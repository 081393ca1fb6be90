"""Colour extraction: the palette a designer would recognise, with roles, contrast and ramps.

`extract_colors` works from pixels alone (a `Layout` only sharpens the roles):

1. **Flat colours** (`_color_runs`, `_color_flat`). Maximal runs of identical pixels along rows
   and columns separate flat pixels from transitions: anti-aliasing blends, partial coverage
   of glyph stems, gradient steps and shadow falloff. Colours seen mostly flat are merged by
   CIEDE2000 and kept when their flat evidence reaches the threshold, so a text colour or a
   1-px border is found exactly while blends are not reported.
2. **Photo clusters** (`_color_kmeans`). When much of the image is texture that no flat colour
   explains (photos, renders, a hero picture), its pixels are clustered in OKLab with seeded
   k-means on a fixed sample, weighted by area.
3. **Roles, contrast, ramps** (`_color_roles`, `copy_that.colorimetry`). Roles only where the
   evidence shows them; WCAG 2.1 and APCA contrast for every text/paper pair actually present;
   50–950 ramps for the primary, secondary, accent and a neutral colour.

Everything is deterministic: no randomness without a fixed seed, ties broken by colour value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis.model import Layout
from copy_that.colorimetry import (
    WCAG_AA_LARGE_TEXT,
    WCAG_AA_NORMAL_TEXT,
    TonalRamp,
    apca_lc,
    color_name,
    hue_family,
    tonal_ramps,
    wcag21_ratio,
)
from copy_that.errors import OptionsError
from copy_that.extract._color_evidence import Lookup, edge_shares, locate, text_pairs
from copy_that.extract._color_flat import FlatColor, find_flat_colors
from copy_that.extract._color_kmeans import PixelCluster, cluster_pixels
from copy_that.extract._color_roles import ROLE_ORDER, ColorFacts, assign_roles
from copy_that.extract._color_runs import (
    EXACT,
    LOSSY,
    RunAnalysis,
    analyse_runs,
    noise_score,
    pack_rgb,
)
from copy_that.extract._contribution import Contribution
from copy_that.imaging import Image, oklab_from_srgb, oklch_from_oklab
from copy_that.tokens.model import Box

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

# Images whose noise score (see `noise_score`) reaches this are analysed as lossy: wider blend
# tolerances, colours within _LOSSY_MERGE_DELTA_E merged (JPEG moves flat colours by about one
# CIEDE2000 unit), and only fills as evidence: 4:2:0 chroma subsampling and ringing smear text
# and 1-px lines into colours that were never drawn.
_LOSSY_NOISE = 0.1
_LOSSY_MERGE_DELTA_E = 1.5
# Text/paper pairs below this WCAG ratio are not text (#f3f4f6 on white is 1.1:1; the faintest
# placeholder text, #d1d5db on white, is 1.5:1).
_MIN_PAIR_CONTRAST = 1.25
# Fewest flat pixels a colour needs, whatever `min_share` says for small images: about one
# short glyph stroke.
_MIN_EVIDENCE_PX = 8
# The photo path runs when unexplained pixels that are no blend and step sharply (more than
# _SHARP_STEP code values) to a neighbour are _PHOTO_EDGE_SHARE of the image: photos score
# 0.05–0.14, screenshots (PNG or JPEG, with text, gradients and shadows) 0.001–0.005. Below
# _PHOTO_DOMINATED explained pixels the image is a photo and its weak flat colours are chance.
_SHARP_STEP = 12
_PHOTO_EDGE_SHARE = 0.015
_PHOTO_DOMINATED = 0.5
# Pixels looked at (on a fixed stride) to find the unexplained ones, most pixels clustered by
# k-means, and the smallest cluster reported as a share of the image.
_SAMPLE_POOL = 60_000
_MAX_SAMPLES = 12_000
_MIN_CLUSTER_SHARE = 0.005
# Confidence scales: a flat colour with this many pixels of evidence is 63 % certain on
# evidence alone; a photo cluster with this share likewise; a cluster spread of this many
# CIEDE2000 units halves its confidence.
_EVIDENCE_SCALE_PX = 60.0
_CLUSTER_SHARE_SCALE = 0.05
_CLUSTER_SPREAD_SCALE = 10.0
# Ramps are built for these roles, plus a neutral one.
_RAMP_ROLES = ("primary", "secondary", "accent")
# The neutral ramp starts from the first of these roles present.
_NEUTRAL_SOURCES = ("text-muted", "text", "border", "surface", "background")


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
        Photo clusters closer than this CIEDE2000 are merged, 0–50. Default 6.0, so a photo's
        palette has visibly different colours.
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
    photo_merge_delta_e: float = 6.0
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


@dataclass(frozen=True)
class PaletteColor:
    """One palette colour with its evidence.

    Parameters
    ----------
    name : str
        Unique kebab-case name within the palette (``blue``, ``light-grey-2``).
    srgb8 : tuple of 3 ints
        8-bit sRGB.
    oklch : tuple of 3 floats
        OKLCH ``(L, C, h)``: lightness 0–1, chroma, hue in degrees.
    share : float
        Fraction (0–1) of the image's opaque pixels that have this colour.
    pixel_count : int
        Those pixels.
    evidence_px : int
        Pixels behind the measurement: flat pixels for UI colours, sampled pixels for clusters.
    usage : {"area", "line", "text", "photo"}
        How the colour is mostly used: fills, thin long lines, text strokes, or photo regions.
    boxes : tuple of Box
        Where it was seen, ``(x, y, w, h)`` in image px.
    points : tuple of (x, y)
        Sample locations inside it, image px.
    confidence : float
        0–1, from the amount and purity of the evidence.
    roles : tuple of str
        Roles this colour holds (see `ColorResult.roles`).
    source : {"flat", "cluster"}
        Found as a flat colour or as a photo cluster.
    """

    name: str
    srgb8: tuple[int, int, int]
    oklch: tuple[float, float, float]
    share: float
    pixel_count: int
    evidence_px: int
    usage: Literal["area", "line", "text", "photo"]
    boxes: tuple[Box, ...]
    points: tuple[tuple[int, int], ...]
    confidence: float
    roles: tuple[str, ...]
    source: Literal["flat", "cluster"]

    @property
    def hex(self) -> str:
        """``#rrggbb``."""
        return "#{:02x}{:02x}{:02x}".format(*self.srgb8)


@dataclass(frozen=True)
class ContrastPair:
    """A text colour seen written on a paper colour, with its contrast.

    Parameters
    ----------
    text, background : int
        Palette indices.
    text_px : int
        Stroke pixels of the text on that background (evidence).
    contrast_ratio : float
        WCAG 2.1 contrast ratio, 1–21.
    apca_lc : float
        APCA 0.0.98G-4g lightness contrast (signed; positive for dark text on light).
    passes_aa : bool
        Ratio ≥ 4.5 (WCAG 2.1 SC 1.4.3 for normal text).
    passes_aa_large : bool
        Ratio ≥ 3.0 (the same criterion for large text).
    """

    text: int
    background: int
    text_px: int
    contrast_ratio: float
    apca_lc: float
    passes_aa: bool
    passes_aa_large: bool


@dataclass(frozen=True)
class ColorRamp:
    """A 50–950 tonal ramp of a role's colour.

    Parameters
    ----------
    role : str
        ``primary``, ``secondary``, ``accent`` or ``neutral``.
    name : str
        Group name in the token document: the colour's hue family (``blue``), ``neutral`` for
        the neutral ramp, suffixed when two ramps share a family.
    source : int
        Palette index of the colour the ramp is built around.
    ramp : TonalRamp
        The steps.
    """

    role: str
    name: str
    source: int
    ramp: TonalRamp


@dataclass(frozen=True)
class ColorResult:
    """The colours of one image.

    Parameters
    ----------
    palette : tuple of PaletteColor
        At most ``max_colors`` colours, flat colours first, then by share.
    roles : mapping of str to int
        Role → palette index, only for roles the image shows.
    role_confidence : mapping of str to float
        Role → confidence (0–1) of that assignment.
    contrast : tuple of ContrastPair
        Every text/background pair found in the image, most evidence first.
    ramps : tuple of ColorRamp
        Ramps for primary, secondary, accent (when present) and neutral.
    width_px, height_px : int
        Size of the image.
    photo : bool
        Whether part of the palette came from photo clustering.
    role_reasons : mapping of str to str
        Role → the evidence behind it, in words ("covers 43% of the image edge").
    """

    palette: tuple[PaletteColor, ...]
    roles: Mapping[str, int]
    role_confidence: Mapping[str, float]
    contrast: tuple[ContrastPair, ...]
    ramps: tuple[ColorRamp, ...]
    width_px: int
    height_px: int
    photo: bool = False
    role_reasons: Mapping[str, str] = field(default_factory=dict, repr=False)

    def contribution(self, image_id: str) -> Contribution:
        """Tokens for this image: palette, ramps, role aliases and the contrast report.

        Parameters
        ----------
        image_id : str
            Id of the source image (`copy_that.imaging.Image.id`), cited as evidence.

        Returns
        -------
        Contribution
            ``color.palette.<name>``, ``color.<family>.<50..950>``, ``color.<role>`` aliases, and
            group info with the contrast report under ``$extensions["com.copy-that"]``.
        """
        from copy_that.extract._color_tokens import color_contribution

        return color_contribution(self, image_id)


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
    lossy = noise_score(analysis.rows) >= _LOSSY_NOISE
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
            min_evidence_px=min_evidence,
            lossy=lossy,
        )
    flat, clusters, sample = _photo_clusters(image, analysis, flat, covered, opts)
    return _assemble(image, analysis, flat, clusters, sample, opts, layout)


def _photo_clusters(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    covered: NDArray[np.bool_],
    opts: ColorOptions,
) -> tuple[list[FlatColor], list[PixelCluster], _Sample]:
    """Cluster the pixels no flat colour explains, when the image calls for it.

    The photo path runs for ``kmeans``; for ``auto`` when no flat colour was found, or when
    pixels that no flat colour explains sit at sharp steps (texture, not a smooth gradient or a
    shadow) for at least `_PHOTO_EDGE_SHARE` of the image. In a photo-dominated image (flat
    colours explain less than `_PHOTO_DOMINATED`), flat colours below `_MIN_CLUSTER_SHARE` are
    coincidences of identical neighbouring pixels and are dropped.
    """
    explained = sum(c.pixel_count for c in flat) / analysis.valid_px
    wanted = opts.quantizer == "kmeans" or (
        opts.quantizer == "auto"
        and (not flat or _unexplained_edge_share(analysis, covered) >= _PHOTO_EDGE_SHARE)
    )
    empty = _Sample(np.zeros((0, 3), np.uint8), np.zeros(0, np.intp), 0.0)
    if not wanted:
        return flat, [], empty
    if explained < _PHOTO_DOMINATED:
        flat = [c for c in flat if c.pixel_count >= _MIN_CLUSTER_SHARE * analysis.valid_px]
        keys = [np.concatenate([c.members, c.absorbed]) for c in flat]
        covered = np.isin(analysis.colors, np.concatenate(keys) if keys else [])
    sample = _sample_unexplained(image, analysis, covered)
    if sample.rgb.shape[0] == 0:
        return flat, [], empty
    slots = max(1, opts.max_colors - len(flat))
    clusters = cluster_pixels(sample.rgb, k=slots, merge_delta_e=opts.photo_merge_delta_e)
    kept = [c for c in clusters if c.weight * sample.share >= _MIN_CLUSTER_SHARE]
    return flat, kept or clusters[:1], sample


def _unexplained_edge_share(analysis: RunAnalysis, covered: NDArray[np.bool_]) -> float:
    """Fraction of the pixels that no flat colour explains and that step sharply to a neighbour.

    Counted along rows: each run end whose neighbour differs by more than `_SHARP_STEP` in some
    channel is one such pixel, when the run is no blend and its colour is unexplained. Blends
    (anti-aliasing) and smooth gradients do not count; photo texture does.
    """
    rows = analysis.rows
    if rows.keys.size < 2:
        return 0.0
    keys = rows.keys.astype(np.int32)
    sharp = np.zeros(keys.size - 1, dtype=bool)
    for shift in (16, 8, 0):
        channel = (keys >> shift) & 0xFF
        sharp |= np.abs(channel[1:] - channel[:-1]) > _SHARP_STEP
    sharp &= rows.lines[1:] == rows.lines[:-1]
    ends = np.zeros(rows.keys.size, dtype=np.int64)
    ends[:-1] += sharp
    ends[1:] += sharp
    ends = np.minimum(ends, rows.lengths)
    slots = analysis.row_slots
    unexplained = (slots >= 0) & ~covered[slots] & ~rows.transition
    return float(ends[unexplained].sum() / analysis.valid_px)


@dataclass(frozen=True)
class _Sample:
    """Pixels sampled for clustering: colours, flat pixel indices, and the share they stand for."""

    rgb: NDArray[np.uint8]
    flat_index: NDArray[np.intp]
    share: float


def _sample_unexplained(image: Image, analysis: RunAnalysis, covered: NDArray[np.bool_]) -> _Sample:
    """A fixed-stride sample of the opaque pixels that no flat colour explains.

    Opaque pixels are taken on a fixed stride (at most `_SAMPLE_POOL` of them), those whose
    colour counts towards a flat colour are dropped, and the rest stand for the unexplained
    share of the image in proportion.
    """
    opaque = np.flatnonzero(image.alpha.ravel() >= 128)
    pool = opaque[:: max(1, opaque.size // _SAMPLE_POOL)]
    rgb = image.rgb.reshape(-1, 3)[pool]
    slot = np.searchsorted(analysis.colors, pack_rgb(rgb))
    keep = ~covered[np.minimum(slot, analysis.colors.size - 1)]
    chosen = pool[keep][:: max(1, int(keep.sum()) // _MAX_SAMPLES)]
    if chosen.size == 0:
        return _Sample(np.zeros((0, 3), np.uint8), np.zeros(0, np.intp), 0.0)
    return _Sample(
        rgb=image.rgb.reshape(-1, 3)[chosen],
        flat_index=chosen,
        share=float(keep.mean()),
    )


def _oklch(srgb8: tuple[int, int, int]) -> tuple[float, float, float]:
    lightness, chroma, hue = oklch_from_oklab(oklab_from_srgb(np.array(srgb8) / 255.0))
    return float(lightness), float(chroma), float(hue)


def _usage(color: FlatColor) -> Literal["area", "line", "text"]:
    stroke, line, area = color.usage_px
    if area >= max(stroke, line):
        return "area"
    return "line" if line > stroke else "text"


def _flat_confidence(color: FlatColor) -> float:
    """Evidence amount × purity: many exact flat pixels give confidence near 1."""
    evidence = 1.0 - np.exp(-color.evidence_px / _EVIDENCE_SCALE_PX)
    return float(evidence * (0.5 + 0.5 * color.purity))


def _cluster_confidence(cluster: PixelCluster, share: float) -> float:
    """Cluster share × compactness."""
    amount = 1.0 - np.exp(-share / _CLUSTER_SHARE_SCALE)
    compact = _CLUSTER_SPREAD_SCALE / (_CLUSTER_SPREAD_SCALE + cluster.spread)
    return float(amount * compact)


@dataclass
class _Entry:
    """A palette colour before naming and truncation."""

    srgb8: tuple[int, int, int]
    share: float
    pixel_count: int
    evidence_px: int
    usage: Literal["area", "line", "text", "photo"]
    usage_px: tuple[int, int, int]
    confidence: float
    source: Literal["flat", "cluster"]
    members: NDArray[np.uint32]
    absorbed: NDArray[np.uint32]
    boxes: tuple[Box, ...] = ()
    points: tuple[tuple[int, int], ...] = ()


def _entries(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    clusters: list[PixelCluster],
    sample: _Sample,
) -> list[_Entry]:
    entries = [
        _Entry(
            srgb8=c.srgb8,
            share=c.pixel_count / analysis.valid_px,
            pixel_count=c.pixel_count,
            evidence_px=c.evidence_px,
            usage=_usage(c),
            usage_px=c.usage_px,
            confidence=_flat_confidence(c),
            source="flat",
            members=c.members,
            absorbed=c.absorbed,
        )
        for c in flat
    ]
    placements = locate(
        analysis.rows, analysis.row_slots, Lookup(analysis.colors, [e.members for e in entries])
    )
    for entry, placement in zip(entries, placements, strict=True):
        entry.boxes, entry.points = placement.boxes, placement.points
    width = image.width_px
    for cluster in clusters:
        share = cluster.weight * sample.share
        where = sample.flat_index[cluster.sample_index]
        xs, ys = where % width, where // width
        entries.append(
            _Entry(
                srgb8=cluster.srgb8,
                share=share,
                pixel_count=round(share * analysis.valid_px),
                evidence_px=int(cluster.sample_index.size),
                usage="photo",
                usage_px=(0, 0, 0),
                confidence=_cluster_confidence(cluster, share),
                source="cluster",
                members=np.zeros(0, dtype=np.uint32),
                absorbed=np.zeros(0, dtype=np.uint32),
                boxes=(
                    (
                        int(xs.min()),
                        int(ys.min()),
                        int(xs.max() - xs.min() + 1),
                        int(ys.max() - ys.min() + 1),
                    ),
                ),
                points=tuple((int(x), int(y)) for x, y in zip(xs[:8], ys[:8], strict=True)),
            )
        )
    return entries


def _assemble(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    clusters: list[PixelCluster],
    sample: _Sample,
    opts: ColorOptions,
    layout: Layout | None,
) -> ColorResult:
    entries = _entries(image, analysis, flat, clusters, sample)
    lookup = Lookup(analysis.colors, [np.concatenate([e.members, e.absorbed]) for e in entries])
    edges = edge_shares(image, lookup)
    facts = [
        ColorFacts(
            srgb8=e.srgb8,
            oklch=_oklch(e.srgb8),
            share=e.share,
            stroke_px=e.usage_px[0],
            line_px=e.usage_px[1],
            area_px=e.usage_px[2],
            perimeter_share=float(edges[i]),
            flat=e.source == "flat",
        )
        for i, e in enumerate(entries)
    ]
    # Text is written on fills (a pair whose paper is mostly strokes or lines is the gap between
    # letters read the wrong way round), and can be told from its paper (a pair below
    # _MIN_PAIR_CONTRAST is compression noise or a faint edge, not text).
    pairs = {
        (t, p): px
        for (t, p), px in text_pairs(
            analysis.rows, analysis.row_slots, analysis.text_ink, lookup
        ).items()
        if facts[p].area_px >= facts[p].stroke_px + facts[p].line_px
        and wcag21_ratio(facts[t].srgb8, facts[p].srgb8) >= _MIN_PAIR_CONTRAST
    }
    choices = assign_roles(facts, pairs, layout=layout)

    # Keep role holders first (in role order), then flat colours by evidence, then clusters.
    order: list[int] = []
    for role in ROLE_ORDER:
        if role in choices and choices[role].index not in order:
            order.append(choices[role].index)
    rest = sorted(
        (i for i in range(len(entries)) if i not in order),
        key=lambda i: (entries[i].source != "flat", -entries[i].share, entries[i].srgb8),
    )
    kept = sorted(
        (order + rest)[: opts.max_colors],
        key=lambda i: (entries[i].source != "flat", -entries[i].share, entries[i].srgb8),
    )
    new_index = {old: new for new, old in enumerate(kept)}
    roles = {r: new_index[c.index] for r, c in choices.items() if c.index in new_index}
    role_confidence = {r: choices[r].confidence for r in roles}

    names = _unique_names([facts[i].oklch for i in kept])
    palette = tuple(
        PaletteColor(
            name=names[n],
            srgb8=entries[i].srgb8,
            oklch=facts[i].oklch,
            share=entries[i].share,
            pixel_count=entries[i].pixel_count,
            evidence_px=entries[i].evidence_px,
            usage=entries[i].usage,
            boxes=entries[i].boxes,
            points=entries[i].points,
            confidence=entries[i].confidence,
            roles=tuple(r for r in ROLE_ORDER if roles.get(r) == n),
            source=entries[i].source,
        )
        for n, i in enumerate(kept)
    )
    contrast = _contrast_pairs(palette, pairs, new_index)
    return ColorResult(
        palette=palette,
        roles=MappingProxyType(roles),
        role_confidence=MappingProxyType(role_confidence),
        contrast=contrast,
        ramps=_ramps(palette, roles),
        width_px=image.width_px,
        height_px=image.height_px,
        photo=bool(clusters),
        role_reasons=MappingProxyType({r: choices[r].reason for r in roles}),
    )


def _unique_names(oklchs: list[tuple[float, float, float]]) -> list[str]:
    names: list[str] = []
    for oklch in oklchs:
        base = color_name(oklch)
        name, suffix = base, 2
        while name in names:
            name, suffix = f"{base}-{suffix}", suffix + 1
        names.append(name)
    return names


def _contrast_pairs(
    palette: tuple[PaletteColor, ...],
    pairs: Mapping[tuple[int, int], int],
    new_index: Mapping[int, int],
) -> tuple[ContrastPair, ...]:
    found = []
    for (text, paper), px in pairs.items():
        if text not in new_index or paper not in new_index:
            continue
        t, p = new_index[text], new_index[paper]
        ratio = wcag21_ratio(palette[t].srgb8, palette[p].srgb8)
        found.append(
            ContrastPair(
                text=t,
                background=p,
                text_px=px,
                contrast_ratio=ratio,
                apca_lc=apca_lc(palette[t].srgb8, palette[p].srgb8),
                passes_aa=ratio >= WCAG_AA_NORMAL_TEXT,
                passes_aa_large=ratio >= WCAG_AA_LARGE_TEXT,
            )
        )
    found.sort(key=lambda c: (-c.text_px, c.text, c.background))
    return tuple(found)


def _ramps(palette: tuple[PaletteColor, ...], roles: Mapping[str, int]) -> tuple[ColorRamp, ...]:
    sources = [(role, roles[role]) for role in _RAMP_ROLES if role in roles]
    neutral = next((roles[r] for r in _NEUTRAL_SOURCES if r in roles), None)
    if neutral is not None:
        sources.append(("neutral", neutral))
    built = tonal_ramps([palette[index].srgb8 for _, index in sources])
    ramps: list[ColorRamp] = []
    used: set[str] = set()
    for (role, index), ramp in zip(sources, built, strict=True):
        base = "neutral" if role == "neutral" else hue_family(palette[index].oklch)
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base}-{suffix}", suffix + 1
        used.add(name)
        ramps.append(ColorRamp(role=role, name=name, source=index, ramp=ramp))
    return tuple(ramps)
