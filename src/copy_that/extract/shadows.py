"""Elevation shadows of a layout's boxes: CSS box-shadow layers fitted to each halo, clustered.

For every measured box the colour profile outside each side (straight middle part, up to
halfway to the nearest other element, or the parent's inner edge; a sibling of the same fill
facing the side is taken to cast the same shadow into the gap) is compared with the background
it stands on; on JPEGs the box's edges are first re-read from the pixels across them
(`_layout_shadow_edges`).
Boxes whose surroundings darken (or lighten) next to them get a shadow fitted by
`_layout_shadow_fit.fit_shadow` (offset, blur, spread and colour of one or two layers) after the
average bias of browsers' 8-bit compositing is taken out of the profiles; around boxes with
rounded corners, whose shadows Chromium blurs with whole-pixel box widths, the blur reported is
the one those widths stand for (`_box_blur_sigma`). Fits that explain too
little of the halo are dropped, and so are layers too faint to be seen (their full strength
within two just-noticeable differences of the background, as on many dark themes). Shadows that
agree within measurement tolerance form one elevation level; levels are ordered by how far they
reach (offset + blur) and become ``shadow.1`` … ``shadow.n``. The key light the shadows imply
(direction and softness, `_layout_lighting`) goes on the group as the ``lighting`` extension.

Colour and alpha are not separable from one background (a light grey at high alpha looks like
black at low alpha); the reported colour is the darkest one consistent with the pixels (black
for a neutral shadow), with the smallest alpha that produces them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from copy_that.analysis._quantiles import median0
from copy_that.analysis.model import Element, Layout
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract._layout_check import check_layout
from copy_that.extract._layout_lighting import LightingEstimate, ShadowReading, estimate_lighting
from copy_that.extract._layout_shadow_edges import lossy_edges, side_pixels
from copy_that.extract._layout_shadow_fit import (
    HaloProfiles,
    LayerFit,
    ShadowFit,
    fit_shadow,
    layer_params,
)
from copy_that.extract._layout_shadow_hard import hard_shadow
from copy_that.imaging import LUMA, Image, delta_e_2000_srgb
from copy_that.tokens.model import Color, Dimension, Evidence, GroupInfo, Shadow, ShadowLayer, Token

__all__ = [
    "ElementShadow",
    "ShadowLayerFit",
    "ShadowLevel",
    "ShadowOptions",
    "ShadowResult",
    "extract_shadows",
]

_NAMESPACE = "com.copy-that"
_MAX_EVIDENCE_BOXES = 24
# Share of a side at each end left out of its profile (rounded corners, neighbours' corners).
_SIDE_MARGIN_SHARE = 0.2
# A side needs at least this many px of room outside it to be profiled.
_MIN_REACH_PX = 4
# Boxes at most this far apart (image px; negative: overlapping) touch edge to edge.
_BAND_GAP_PX = 1
# Outwards through a shadow its profile grows stronger again by at most this much from one pixel
# to the next (code values: medians of 8-bit pixels round); a neighbour's near edge steps.
_SHADING_RISE = 1.0
# Confidence from the number of boxes behind a level reaches about 0.86 at this count.
_COUNT_SCALE = 2.0
# A halo must fade to this share of its strength by the end of the profile, and may rise again
# (content crossing it) by at most this share.
_FADE_SHARE = 0.5
# The halo's second pixel keeps at least this share of the first's darkness (a Gaussian edge
# of σ ≥ 0.5 px does; a lone anti-aliased pixel does not).
_SECOND_PIXEL_SHARE = 0.2
# Sides that must show a fading halo for a box to be fitted: a shadow offset downwards still
# shows on the bottom and both flanks.
_MIN_HALO_SIDES = 2
# Lossless images: a fading halo at least this deep (code values, after `_dequantise`) on this
# many sides besides one full halo also makes a shadow (`_halo_sides`).
_FAINT_HALO = 1.0
_FAINT_SIDES = 2
# Sides with room for a profile needed to pin a shadow down (with only the flanks, offset and
# spread trade off freely).
_MIN_PROFILED_SIDES = 3
# JPEG (`Layout.lossy`): the first profile pixels (ringing next to every edge) stay out of the
# fit, and a halo no wider than ringing (every layer's blur under `_LOSSY_MIN_BLUR_CSS`) is not
# taken for a shadow.
_LOSSY_SKIP_PX = 1
_LOSSY_MIN_BLUR_CSS = 2.5
# On lossy images a layer's change in luma (ITU-R BT.601 weights) is at least this share of its
# largest change in one channel: black or grey shadows change all channels alike (share 1), a
# coloured glow on a grey page about 0.3, JPEG's chroma smear around a cyan box 0.2.
_LOSSY_MIN_LUMA_SHARE = 0.5
# Smallest box side read for shadows on lossy images, CSS px.
_LOSSY_MIN_SIDE_CSS = 24.0
# Pixels next to an edge that JPEG ringing reaches; a lossy halo must show beyond them.
_RINGING_PX = 2
# Smallest residual variance per profile sample (code values²) when one and two layers are
# compared on JPEGs: the side medians keep about a code value of block noise, correlated along
# the profile, which a second layer would otherwise be chosen to explain (`4px 4px 12px` read as
# two layers at 1.3 px and 9.4 px); lossless images keep the fit's default (8-bit rounding).
# Shadow validation, JPEG at DPR 1: recall 0.49 -> 0.52, precision 0.77 -> 0.80; at DPR 2
# precision 0.50 -> 0.56; benchmark JPEG unchanged (2.25 lost DPR-1 recall).
_LOSSY_NOISE_FLOOR = 1.0
# On lossy images a geometry from another box is reused when it fits this well (RMS, code
# values; JPEG noise alone leaves about 1.5).
_LOSSY_GOOD_RMS = 2.0
# Shadows of one level agree in spread within this many CSS px (blur and spread trade off).
_SAME_SPREAD_PX = 1.5
# Pixels of near-constant colour after which a profile counts as settled.
_SETTLE_PX = 3
# A shadow model leaves at most this RMS residual (code values): browser shadows fit to well
# under 1 on lossless images and about 2 on JPEGs; worse fits are halos of something else.
_MAX_RMS = 3.0
# Browser compositing (see `_dequantise`): half a code value of truncation on average, and the
# 256 steps the composite divides by.
_ROUNDING_BIAS = 0.5
_ALPHA_STEPS = 256.0
# Shadows are translucent: a layer needing more opacity than this is an outline or a neighbour.
_MAX_ALPHA = 0.7
# A layer this sharp (CSS blur px, just above the fit's lower bound) is an edge, not a shadow.
_MIN_BLUR_CSS = 1.05
# A layer whose darkest colour (full strength over the background) lies closer to the background
# than this CIEDE2000 is not seen (two just-noticeable differences): black at 5 % on white is
# seen (ΔE 2.6), black at 40 % on a near-black dark theme is not (under 1).
_MIN_VISIBLE_DELTA_E = 2.0
# Rounded boxes (see `_box_blur_sigma`): a corner pixel closer to the colour diagonally outside
# it than this share of the side's own edge pixel's contrast shows the outside (a radius of 2 px
# or more leaves under a fifth of it covered); corners with less contrast than this (code
# values) cannot tell.
_CORNER_OUTSIDE_SHARE = 0.5
_MIN_CORNER_CONTRAST = 6.0
# Hard offset shadows (`_layout_shadow_hard`): pixels within this many edge thresholds are one
# colour, and moves up to this many CSS px are read (neo-brutalist designs use 2-12 px; a wider
# L of solid colour is a neighbour's) ...
_HARD_TOLERANCE_THRESHOLDS = 2.0
_MAX_HARD_OFFSET_CSS = 24.0
# ... down to 1 CSS px and this many image px (a box edge read a pixel short leaves a strip of
# its border a pixel wide outside it, syn-18 at DPR 2).
_MIN_HARD_OFFSET_PX = 2
# Box widths tabulated for `_box_blur_sigma` (σ up to 200 device px).
_MAX_BOX_WIDTH = 376


@dataclass(frozen=True)
class ShadowOptions:
    """Options of `extract_shadows`.

    Parameters
    ----------
    max_blur_px : float
        Largest CSS blur radius considered, CSS px. Default 48.
    min_halo : float
        Smallest darkening (largest sRGB channel difference from the background, right next to
        the box) that counts as a halo. Default 2.5 code values.
    min_r2 : float
        Share of the halo the fit must explain to be kept, 0–1. Default 0.8.
    """

    max_blur_px: float = 48.0
    min_halo: float = 2.5
    min_r2: float = 0.8

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_blur_px) and self.max_blur_px > 1.0):
            raise OptionsError(
                f"max_blur_px must be a number of CSS px above 1, got {self.max_blur_px!r}",
                option="max_blur_px",
            )
        if not (math.isfinite(self.min_halo) and self.min_halo > 0):
            raise OptionsError(
                f"min_halo must be positive, got {self.min_halo!r}", option="min_halo"
            )
        if not (0.0 <= self.min_r2 <= 1.0):
            raise OptionsError(f"min_r2 must lie in 0–1, got {self.min_r2!r}", option="min_r2")


@dataclass(frozen=True)
class ShadowLayerFit:
    """One shadow layer in CSS px.

    Parameters
    ----------
    offset_x_px, offset_y_px : float
        Offset, CSS px.
    blur_px : float
        CSS blur radius (2 σ), CSS px.
    spread_px : float
        Spread, CSS px.
    color : tuple of 3 ints
        sRGB8 colour (the darkest consistent with the pixels).
    alpha : float
        Opacity 0–1 for that colour.
    """

    offset_x_px: float
    offset_y_px: float
    blur_px: float
    spread_px: float
    color: tuple[int, int, int]
    alpha: float


@dataclass(frozen=True)
class ElementShadow:
    """The shadow fitted to one box.

    Parameters
    ----------
    element : int
        Element id.
    layers : tuple of ShadowLayerFit
        One or two layers.
    r2 : float
        Share of the halo explained, 0–1.
    rms : float
        Residual, sRGB code values.
    """

    element: int
    layers: tuple[ShadowLayerFit, ...]
    r2: float
    rms: float


@dataclass(frozen=True)
class ShadowLevel:
    """One elevation level.

    Parameters
    ----------
    layers : tuple of ShadowLayerFit
        The level's shadow (medians over its boxes).
    elements : tuple of int
        Ids of the boxes with this shadow.
    confidence : float
        0–1, from the number of boxes and their fits.
    """

    layers: tuple[ShadowLayerFit, ...]
    elements: tuple[int, ...]
    confidence: float

    @property
    def reach_px(self) -> float:
        """How far the shadow reaches below its box, CSS px (offset + blur of the widest layer)."""
        return max(layer.offset_y_px + layer.blur_px for layer in self.layers)


@dataclass(frozen=True)
class ShadowResult:
    """The elevation shadows measured in one image.

    Parameters
    ----------
    levels : tuple of ShadowLevel
        Levels from the lowest to the highest.
    elements : tuple of ElementShadow
        Every kept per-box fit.
    boxes : dict of int to Box
        Element boxes (image px), for evidence.
    reason : str or None
        Why there are no levels, when there are none.
    """

    levels: tuple[ShadowLevel, ...]
    elements: tuple[ElementShadow, ...]
    boxes: dict[int, tuple[int, int, int, int]]
    reason: str | None = None

    @property
    def lighting(self) -> LightingEstimate | None:
        """The key light these shadows imply (`_layout_lighting`); None without shadows."""
        return estimate_lighting(
            [
                ShadowReading(
                    tuple((lr.offset_x_px, lr.offset_y_px, lr.blur_px) for lr in shadow.layers)
                )
                for shadow in self.elements
            ]
        )

    def contribution(self, image_id: str) -> Contribution:
        """The ``shadow`` tokens and group info of this result.

        Parameters
        ----------
        image_id : str
            Id of the analysed image, recorded as the evidence source.
        """
        fits = {f.element: f for f in self.elements}
        tokens = []
        for n, level in enumerate(self.levels, start=1):
            value = Shadow(
                tuple(
                    ShadowLayer(
                        color=Color.from_srgb8(*layer.color, alpha=round(layer.alpha, 3)),
                        offset_x=Dimension(layer.offset_x_px),
                        offset_y=Dimension(layer.offset_y_px),
                        blur=Dimension(layer.blur_px),
                        spread=Dimension(layer.spread_px),
                    )
                    for layer in level.layers
                )
            )
            tokens.append(
                Token(
                    path=("shadow", str(n)),
                    type="shadow",
                    value=value,
                    confidence=round(level.confidence, 3),
                    evidence=Evidence(
                        boxes=tuple(self.boxes[e] for e in level.elements[:_MAX_EVIDENCE_BOXES]),
                        count=len(level.elements),
                        image_ids=(image_id,),
                        detail={
                            "elements": list(level.elements),
                            "r2": [round(fits[e].r2, 3) for e in level.elements],
                        },
                    ),
                )
            )
        lighting = self.lighting
        group = GroupInfo(
            path=("shadow",),
            description="Elevation shadows fitted as CSS box-shadow layers (CSS px)",
            reason=self.reason,
            extensions={} if lighting is None else {_NAMESPACE: {"lighting": lighting.to_json()}},
        )
        return Contribution(tokens=tuple(tokens), groups=(group,))


@dataclass(frozen=True)
class _Neighbours:
    """Every element's box as arrays, and which elements contain one another."""

    x: NDArray[np.int64]
    y: NDArray[np.int64]
    right: NDArray[np.int64]
    bottom: NDArray[np.int64]
    related: NDArray[np.bool_]
    fill: NDArray[np.int64]
    """Per element, its box's fill as sRGB8, -1 for ink and fills not uniform."""

    @classmethod
    def of(cls, layout: Layout) -> _Neighbours:
        boxes = np.array([e.box for e in layout.elements], dtype=np.int64).reshape(-1, 4)
        related = np.eye(len(layout.elements), dtype=bool)
        for e in layout.elements:
            parent = e.parent
            while parent is not None:
                related[e.id, parent] = related[parent, e.id] = True
                parent = layout.elements[parent].parent
        x, y, w, h = boxes.T
        fill = np.array(
            [e.fill if e.is_box and e.fill is not None else (-1, -1, -1) for e in layout.elements],
            dtype=np.int64,
        ).reshape(-1, 3)
        return cls(x=x, y=y, right=x + w, bottom=y + h, related=related, fill=fill)


def _halo(
    image: Image,
    layout: Layout,
    e: Element,
    reach_max: int,
    neighbours: _Neighbours,
    min_halo: float,
) -> tuple[HaloProfiles, tuple[int | None, ...]] | None:
    """The side profiles around a box, and per side the id of the sibling facing it.

    Siblings are those of `HaloProfiles.facing` (None where there is none). None when too few
    sides could show a halo, or when the box is a band of a larger card.
    """
    assert e.edges_px is not None
    edges = e.edges_px
    if layout.lossy:
        # The analysis' JPEG boxes can be a few px off just where a shadow starts.
        edges = lossy_edges(
            image.rgb,
            edges,
            clipped=e.clipped,
            dpr=layout.dpr,
            threshold=float(layout.edge_threshold),
        )
    left, top, right, bottom = (round(v) for v in edges)
    height, width = image.height_px, image.width_px
    room = [top, width - right, height - bottom, left]
    reach = [min(reach_max, r) for r in room]
    spans: list[tuple[float, float]] = []
    for side in range(4):
        start, end = (left, right) if side in (0, 2) else (top, bottom)
        margin = _SIDE_MARGIN_SHARE * (end - start)
        spans.append((start + margin, end - margin))
    rgb = image.rgb

    def strip(side: int, distances: tuple[int, int]) -> NDArray[np.float64]:
        """Median colour across the side's span at each distance outwards."""
        lo, hi = spans[side]
        block = side_pixels(
            rgb, (left, top, right, bottom), side, (math.floor(lo), math.ceil(hi)), distances
        )
        return np.asarray(median0(np.swapaxes(block, 0, 1)), dtype=np.float64)

    under = _under(layout, e)

    def own_shading(side: int, far: int) -> bool:
        """Whether the side's profile fades out, without a step, up to `far` px (see below)."""
        if layout.lossy or under is None or far >= room[side]:
            return False
        deviation = np.abs(strip(side, (0, far + 1)) - under).max(axis=1)
        steps = np.diff(deviation)
        return bool(
            deviation[0] >= min_halo
            and steps.max(initial=0.0) <= _SHADING_RISE
            and -steps.min(initial=0.0) <= layout.edge_threshold
        )

    if e.parent is not None:
        p = layout.elements[e.parent]
        if p.edges_px is not None:
            pl, pt, pr, pb = p.edges_px
            bt, br, bb, bl = p.border_px
            limits = (top - (pt + bt), (pr - br) - right, (pb - bb) - bottom, left - (pl + bl))
            reach = [min(r, max(0, int(limit))) for r, limit in zip(reach, limits, strict=True)]
    others = ~neighbours.related[e.id]
    ox, oy, o_right, o_bottom = neighbours.x, neighbours.y, neighbours.right, neighbours.bottom
    facing: list[tuple[float, float] | None] = [None, None, None, None]
    siblings: list[int | None] = [None, None, None, None]
    for side in range(4):
        lo, hi = spans[side]
        if side in (0, 2):
            overlaps = (ox < hi) & (o_right > lo)
            spans_side = (ox <= lo) & (o_right >= hi)
            extent = (oy, o_bottom)
            # Distance from this side out to the neighbour, and whether it lies outwards.
            gap = top - o_bottom if side == 0 else oy - bottom
            ahead = oy < top if side == 0 else o_bottom > bottom
        else:
            overlaps = (oy < hi) & (o_bottom > lo)
            spans_side = (oy <= lo) & (o_bottom >= hi)
            extent = (ox, o_right)
            gap = ox - right if side == 1 else left - o_right
            ahead = o_right > right if side == 1 else ox < left
        blocking = np.flatnonzero(others & overlaps & ahead)
        # A strong shadow's dark core can read as a box of its own against the side (a dark
        # page's, val-1032). The profile through it fades out without the step a box's far edge
        # makes: it is this box's shadow, neither a band nor a neighbour.
        while blocking.size:
            nearest = int(blocking[np.argmin(gap[blocking])])
            far = int(gap[nearest] + (extent[1][nearest] - extent[0][nearest]))
            if not 0 <= gap[nearest] <= _BAND_GAP_PX or not own_shading(side, far):
                break
            blocking = blocking[blocking != nearest]
        if blocking.size == 0:
            continue
        half = max(0, int(gap[nearest] // 2))
        # One fill reads a code value or two apart on different cards of a JPEG.
        same_fill = e.fill is not None and bool(
            np.abs(neighbours.fill[nearest] - np.asarray(e.fill)).max() <= layout.edge_threshold
        )
        if (
            not layout.lossy
            and gap[nearest] <= _BAND_GAP_PX
            and spans_side[nearest]
            and not same_fill
            and layout.elements[nearest].is_box
        ):
            # A box of another fill carries on from this side edge to edge: this one is a band
            # of a larger card (its header or footer, or the body between them), whose shadow
            # its own outline does not cast. On JPEGs a dark shadow's core below a card can
            # read as such a box (val-1028), so there boxes are fitted as before.
            return None
        if half < reach[side]:
            # A neighbour's own shadow fills its half of the gap; one touching or overlapping
            # the side (a table row sharing a rule) leaves no room. A sibling (a box of this
            # one's fill across the whole side: the next card of a grid) is taken to cast this
            # box's shadow, which the fit then models in the gap.
            reach[side] = half
            if same_fill and spans_side[nearest]:
                facing[side] = (float(extent[0][nearest]), float(extent[1][nearest]))
                siblings[side] = int(layout.elements[int(nearest)].id)
    open_sides = [s for s in range(4) if not e.clipped[s] and reach[s] >= _MIN_REACH_PX]
    if len(open_sides) < _MIN_PROFILED_SIDES:
        return None
    if under is not None:
        # Most boxes cast no shadow: their first pixels outside already tell (`_halo_sides` reads
        # a halo's strength there, after `_dequantise` moves it by less than a code value).
        near = [np.abs(strip(s, (0, 2)) - under).max() for s in open_sides]
        if sum(n >= min_halo - 1.0 for n in near) < _MIN_HALO_SIDES:
            return None
    sides: list[NDArray[np.float64] | None] = []
    used: list[tuple[float, float] | None] = []
    for side in range(4):
        if side not in open_sides:
            sides.append(None)
            used.append(None)
            continue
        lo, hi = spans[side]
        profile = _trim(strip(side, (0, reach[side])))
        sides.append(profile if profile.shape[0] >= _MIN_REACH_PX else None)
        used.append(
            (float(math.floor(lo)), float(math.ceil(hi)))
            if profile.shape[0] >= _MIN_REACH_PX
            else None
        )
    background = _background(layout, e, sides)
    if background is None:
        return None
    sides = [None if side is None else _dequantise(side, background) for side in sides]
    halo = HaloProfiles(
        edges=(float(left), float(top), float(right), float(bottom)),
        sides=(sides[0], sides[1], sides[2], sides[3]),
        spans=(used[0], used[1], used[2], used[3]),
        background=background,
        skip_px=_LOSSY_SKIP_PX if layout.lossy else 0,
        facing=(facing[0], facing[1], facing[2], facing[3]),
    )
    return halo, tuple(siblings)


_T = TypeVar("_T")


def _kept(
    values: tuple[_T | None, _T | None, _T | None, _T | None], keep: Sequence[bool]
) -> tuple[_T | None, _T | None, _T | None, _T | None]:
    """Per-side values with the sides not kept set to None."""
    a, b, c, d = (v if k else None for v, k in zip(values, keep, strict=True))
    return a, b, c, d


def _dequantise(
    profile: NDArray[np.float64], background: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Undo, on average, the bias browsers' 8-bit shadow compositing leaves in a halo.

    Chromium renders match, within a code value, this arithmetic: the blurred mask and the layer's
    alpha in 1/255 steps, their product truncated to a whole step a, and the composite
    ``floor(background · (256 − a) / 256)`` for a black shadow. Every pixel the shadow touches
    so ends up on average half a code value darker than the exact composite, less the alpha
    truncation's half step of the distance to the shadow colour (taken as black for a
    darkening, white for a glow). On a near-black background that leaves a tail of pixels one
    code value dark where the exact shadow has all but faded, which reads as a wider, darker
    shadow. Pixels the shadow left unchanged stay as they are.
    """
    deviation = profile - background[None, :]
    darker = deviation + _ROUNDING_BIAS * (1.0 - background[None, :] / _ALPHA_STEPS)
    lighter = deviation + _ROUNDING_BIAS * (1.0 + (255.0 - background[None, :]) / _ALPHA_STEPS)
    fixed = np.where(deviation < 0, np.minimum(darker, 0.0), np.where(deviation > 0, lighter, 0.0))
    return np.asarray(background[None, :] + fixed)


def _box_widths_sigma() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Skia's triple box blur: (σ it stands in for, σ it has) per whole box width d ≥ 2.

    The width for σ is floor(σ · 3 √(2π) / 4 + 0.5) (SVG 1.1's feGaussianBlur rule); an even
    width blurs twice with d and once with d + 1. Each σ of a width's range is taken at the
    range's middle, d / (3 √(2π) / 4).
    """
    scale = 3.0 * math.sqrt(2.0 * math.pi) / 4.0
    d = np.arange(2, _MAX_BOX_WIDTH + 1, dtype=np.float64)
    last = np.where(d % 2 == 1, d, d + 1)
    variance = (2.0 * (d * d - 1.0) + (last * last - 1.0)) / 12.0
    return d / scale, np.sqrt(variance)


_BOX_SIGMA_PX, _BOX_EFFECTIVE_SIGMA_PX = _box_widths_sigma()


def _box_blur_sigma(effective_px: float) -> float:
    """The σ (device px) a box shadow was given, from the σ its halo shows around a rounded box.

    Chromium blurs a rounded box's shadow mask with three box blurs of whole-pixel width (a
    square box's analytically, with the exact σ): measured on its renders, a rounded box's halo
    shows the three boxes' σ, up to 11 % below the one asked for (7.48 px for 8, 22.98 for 24).
    Interpolated between the widths' σ; below the smallest width the halo's σ is kept.
    """
    if effective_px <= _BOX_EFFECTIVE_SIGMA_PX[0]:
        return effective_px
    return float(np.interp(effective_px, _BOX_EFFECTIVE_SIGMA_PX, _BOX_SIGMA_PX))


def _rounded(rgb: NDArray[np.uint8], edges: tuple[float, float, float, float]) -> bool:
    """Whether a box's corners are rounded: its corner pixels show the outside, not the box.

    Each corner pixel is compared with the pixel diagonally outside it and with the box's own
    edge pixel in the middle of that side (fill or border); corners where the box barely differs
    from the outside do not count. False when no corner can tell.
    """
    height, width = rgb.shape[:2]
    left, top, right, bottom = (round(v) for v in edges)
    middle = (left + right) // 2
    votes = []
    for y, x, dy, dx in (
        (top, left, -1, -1),
        (top, right - 1, -1, 1),
        (bottom - 1, left, 1, -1),
        (bottom - 1, right - 1, 1, 1),
    ):
        if not (0 <= y + dy < height and 0 <= x + dx < width):
            continue
        outside = rgb[y + dy, x + dx].astype(np.float64)
        contrast = float(np.abs(rgb[y, middle] - outside).max())
        if contrast < _MIN_CORNER_CONTRAST:
            continue
        showing = float(np.abs(rgb[y, x] - outside).max())
        votes.append(showing < _CORNER_OUTSIDE_SHARE * contrast)
    return bool(votes) and 2 * sum(votes) > len(votes)


def _trim(profile: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cut a profile where it stops fading: past its flattest point something else begins."""
    steps = np.abs(np.diff(profile, axis=0)).max(axis=1)
    level = np.abs(profile - profile[-1]).max(axis=1)
    if steps.shape[0] <= _SETTLE_PX:
        return profile
    # From the point where the profile has settled (steps of at most one code value over a few
    # pixels), a later rise belongs to something else.
    settled = sliding_window_view(steps, _SETTLE_PX).max(axis=1)[:-1] <= 1.0
    rest = np.maximum.accumulate(level[::-1])[::-1]
    index = np.arange(_SETTLE_PX, steps.shape[0])
    cut = np.flatnonzero(settled & (rest[index] > level[index] + 1.0))
    return profile[: index[cut[0]] + 1] if cut.size else profile


def _hard(image: Image, layout: Layout, e: Element) -> ElementShadow | None:
    """A hard offset shadow around a box (`_layout_shadow_hard`), in CSS px; None without one."""
    under = _under(layout, e)
    if under is None or e.edges_px is None or any(e.clipped):
        return None
    left, top, right, bottom = (round(v) for v in e.edges_px)
    found = hard_shadow(
        image.rgb,
        (left, top, right, bottom),
        under,
        tolerance=_HARD_TOLERANCE_THRESHOLDS * layout.edge_threshold,
        offsets_px=(
            max(_MIN_HARD_OFFSET_PX, math.ceil(layout.dpr)),
            round(_MAX_HARD_OFFSET_CSS * layout.dpr),
        ),
        lossy=layout.lossy,
    )
    if found is None:
        return None
    layer = ShadowLayerFit(
        offset_x_px=round(found.offset_x_px / layout.dpr, 2),
        offset_y_px=round(found.offset_y_px / layout.dpr, 2),
        blur_px=0.0,
        spread_px=0.0,
        color=found.color,
        alpha=1.0,
    )
    return ElementShadow(e.id, (layer,), round(found.match, 3), round(found.rms, 2))


def _under(layout: Layout, e: Element) -> NDArray[np.float64] | None:
    """The fill a box stands on (its parent's, else the page's), when known."""
    fill = layout.elements[e.parent].fill if e.parent is not None else layout.background
    return None if fill is None else np.asarray(fill, dtype=np.float64)


def _background(
    layout: Layout, e: Element, sides: Sequence[NDArray[np.float64] | None]
) -> NDArray[np.float64] | None:
    fill = _under(layout, e)
    if fill is not None:
        return fill
    tails = [s[-1] for s in sides if s is not None]
    return np.median(np.array(tails), axis=0) if tails else None


def _halo_sides(halo: HaloProfiles, min_halo: float, *, lossy: bool = False) -> int:
    """Number of sides showing a shadow: dark enough next to the box and fading outwards.

    On lossy images the halo must still show past the JPEG ringing next to the edge on one of
    them at least (the side it is offset towards; a tight shadow fades within the ringing's reach
    on the others, as ringing does all round a box). On lossless images a box with one such side
    whose other sides fade from `_FAINT_HALO` at least on `_FAINT_SIDES` or more counts as having
    `_MIN_HALO_SIDES`: a shadow offset downwards and shrunk by a spread as large as its blur
    shows strongly only below the box, and by a code value or two on its flanks.
    """
    count = 0
    faint = 0
    beyond_ringing = False
    for side in halo.sides:
        if side is None or side.shape[0] < _MIN_REACH_PX:
            continue
        deviation = np.abs(side - halo.background).max(axis=1)
        near = float(deviation[:2].max())
        far = float(deviation[-2:].min())
        # Content crossing the profile shows as bumps; a shadow only fades, and it fades over
        # more than one pixel (a lone dark pixel is an anti-aliased edge or a neighbour's).
        rises = float(np.maximum(np.diff(deviation), 0.0).sum())
        lasting = float(deviation[1]) >= _SECOND_PIXEL_SHARE * float(deviation[0])
        fading = lasting and far <= _FADE_SHARE * near and rises <= _FADE_SHARE * near
        if fading and near >= min_halo:
            count += 1
            beyond_ringing |= float(deviation[_RINGING_PX]) >= 0.5 * min_halo
        elif fading and near >= _FAINT_HALO:
            faint += 1
    if lossy:
        return count if beyond_ringing else 0
    return _MIN_HALO_SIDES if count == 1 and faint >= _FAINT_SIDES else count


def _color_alpha(
    k: NDArray[np.float64], background: NDArray[np.float64]
) -> tuple[tuple[int, int, int], float]:
    """The darkest (or, for a glow, lightest) colour and smallest alpha giving k over background."""
    darker = float(k.sum()) < 0
    if darker:
        room = np.where(background > 0, -k / np.maximum(background, 1e-6), 0.0)
    else:
        room = np.where(background < 255, k / np.maximum(255.0 - background, 1e-6), 0.0)
    alpha = float(np.clip(room.max(), 1e-3, 1.0))
    colour = np.clip(background + k / alpha, 0, 255)
    r, g, b = (round(float(c)) for c in colour)
    return (r, g, b), alpha


def _visible(layer: LayerFit, background: NDArray[np.float64]) -> bool:
    """Whether a layer at full strength differs visibly from the background it falls on."""
    strongest = np.clip(background + layer.k, 0.0, 255.0)
    distance = float(delta_e_2000_srgb(background / 255.0, strongest / 255.0))
    return distance >= _MIN_VISIBLE_DELTA_E


def _to_css(
    fit: ShadowFit, background: NDArray[np.float64], dpr: float, *, rounded: bool
) -> tuple[ShadowLayerFit, ...]:
    """A fit's layers in CSS px; `rounded`: the box has rounded corners (see `_box_blur_sigma`)."""
    out = []
    for layer in fit.layers:
        colour, alpha = _color_alpha(layer.k, background)
        sigma_px = _box_blur_sigma(layer.sigma_px) if rounded else layer.sigma_px
        out.append(
            ShadowLayerFit(
                offset_x_px=round(layer.offset_x_px / dpr, 2),
                offset_y_px=round(layer.offset_y_px / dpr, 2),
                blur_px=round(2.0 * sigma_px / dpr, 2),
                spread_px=round(layer.spread_px / dpr, 2),
                color=colour,
                alpha=round(alpha, 3),
            )
        )
    return tuple(out)


def _plausible(
    fit: ShadowFit,
    *,
    background: NDArray[np.float64],
    dpr: float,
    lossy: bool,
    rounded: bool,
    opts: ShadowOptions,
) -> bool:
    """Whether a fit is a shadow: it explains the halo, and every layer is translucent and soft."""
    if fit.r2 < opts.min_r2 or fit.rms > _MAX_RMS:
        return False
    layers = _to_css(fit, background, dpr, rounded=rounded)
    if any(layer.alpha > _MAX_ALPHA or layer.blur_px <= _MIN_BLUR_CSS for layer in layers):
        return False
    # JPEG smears the chroma of a saturated box a pixel or two outwards, which fits like a tight
    # coloured halo; a shadow darkens (or lightens) mostly in luma.
    if lossy and any(
        abs(float(LUMA @ layer.k)) < _LOSSY_MIN_LUMA_SHARE * float(np.abs(layer.k).max())
        for layer in fit.layers
    ):
        return False
    # On JPEGs a halo no wider than the ringing next to every edge is not a shadow.
    return not (lossy and all(layer.blur_px < _LOSSY_MIN_BLUR_CSS for layer in layers))


def _same(a: Sequence[ShadowLayerFit], b: Sequence[ShadowLayerFit]) -> bool:
    if len(a) != len(b):
        return False
    return all(
        abs(x.offset_x_px - y.offset_x_px) <= 1.0
        and abs(x.offset_y_px - y.offset_y_px) <= 1.0
        and abs(x.blur_px - y.blur_px) <= 0.25 * max(x.blur_px, y.blur_px, 1.0)
        and abs(x.spread_px - y.spread_px) <= _SAME_SPREAD_PX
        for x, y in zip(a, b, strict=True)
    )


def _median_layers(group: Sequence[ElementShadow]) -> tuple[ShadowLayerFit, ...]:
    layers = []
    for i in range(len(group[0].layers)):
        column = [g.layers[i] for g in group]

        def med(values: Sequence[float]) -> float:
            return round(float(np.median(values)), 1)

        colours = np.array([c.color for c in column], dtype=np.float64)
        r, g, b = (round(float(v)) for v in np.median(colours, axis=0))
        layers.append(
            ShadowLayerFit(
                offset_x_px=med([c.offset_x_px for c in column]),
                offset_y_px=med([c.offset_y_px for c in column]),
                blur_px=med([c.blur_px for c in column]),
                spread_px=med([c.spread_px for c in column]),
                color=(r, g, b),
                alpha=round(float(np.median([c.alpha for c in column])), 3),
            )
        )
    return tuple(layers)


def extract_shadows(
    image: Image, layout: Layout, *, options: ShadowOptions | None = None
) -> ShadowResult:
    """Measure the elevation shadows of an analysed image.

    Parameters
    ----------
    image : Image
        The image the layout was computed from.
    layout : Layout
        Its layout (`copy_that.analysis.analyse`).
    options : ShadowOptions, optional
        Defaults as documented on `ShadowOptions`.

    Returns
    -------
    ShadowResult
        Elevation levels and per-box fits.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    opts = options or ShadowOptions()
    check_layout(image, layout)
    boxes = [e for e in layout.elements if e.is_box and e.kind != "divider"]
    if not boxes:
        return ShadowResult(
            (), (), {}, reason="; ".join(layout.notes) or "no boxes to look for shadows around"
        )
    dpr = layout.dpr
    max_sigma = opts.max_blur_px / 2.0 * dpr
    reach_max = math.ceil(3.0 * max_sigma)
    found: list[ElementShadow] = []
    seeds: list[NDArray[np.float64]] = []
    neighbours = _Neighbours.of(layout)
    # On JPEGs the ringing around a small box (a badge, an avatar) looks like a tight halo on
    # every side; only boxes of at least `_LOSSY_MIN_SIDE_CSS` are read there.
    min_side = (_LOSSY_MIN_SIDE_CSS if layout.lossy else 0.0) * dpr

    def fitted(
        e: Element, halo: HaloProfiles, seeds: Sequence[NDArray[np.float64]]
    ) -> tuple[ElementShadow, ShadowFit] | None:
        """A box's shadow fitted to its halo, None when none is plausible and visible."""
        if (
            sum(side is not None for side in halo.sides) < _MIN_PROFILED_SIDES
            or _halo_sides(halo, opts.min_halo, lossy=layout.lossy) < _MIN_HALO_SIDES
        ):
            return None
        rounded = _rounded(image.rgb, halo.edges)
        fit = fit_shadow(
            halo,
            max_sigma_px=max_sigma,
            max_offset_px=max_sigma,
            dpr=dpr,
            seeds=seeds,
            good_rms=_LOSSY_GOOD_RMS if layout.lossy else None,
            fit_spread=not layout.lossy,
            min_luma_share=_LOSSY_MIN_LUMA_SHARE if layout.lossy else 0.0,
            censor_glow=not layout.lossy,
            noise_floor=_LOSSY_NOISE_FLOOR if layout.lossy else None,
            accept=partial(
                _plausible,
                background=halo.background,
                dpr=dpr,
                lossy=layout.lossy,
                rounded=rounded,
                opts=opts,
            ),
        )
        if fit is None:
            return None
        layers = tuple(
            css
            for css, layer in zip(
                _to_css(fit, halo.background, dpr, rounded=rounded), fit.layers, strict=True
            )
            if _visible(layer, halo.background)
        )
        if not layers:
            return None
        return ElementShadow(e.id, layers, round(fit.r2, 3), round(fit.rms, 2)), fit

    faced: dict[int, tuple[Element, HaloProfiles, tuple[int | None, ...]]] = {}
    for e in boxes:
        if min(e.box[2], e.box[3]) < min_side:
            continue
        hard = _hard(image, layout, e)
        if hard is not None:
            found.append(hard)
            continue
        read = _halo(image, layout, e, reach_max, neighbours, opts.min_halo)
        if read is None:
            continue
        halo, siblings = read
        first = fitted(e, halo, seeds)
        if first is None:
            continue
        found.append(first[0])
        seeds.append(layer_params(first[1]))
        # On JPEGs the fits of equal cards scatter beyond a level's tolerance: no second look.
        if not layout.lossy and any(s is not None for s in siblings):
            faced[e.id] = (e, halo, siblings)
    # A facing sibling was taken to cast this box's shadow into the gap between them (a grid of
    # equal cards). Where its own fit says otherwise (a featured card raised above its row), the
    # gap holds another shadow: the box is fitted again without those sides, when enough remain.
    by_element = {shadow.element: shadow for shadow in found}
    for index, own in enumerate(found):
        if own.element not in faced:
            continue
        e, halo, siblings = faced[own.element]
        # Only sides with a profile: dropping one the fit never saw changes nothing.
        differ = [
            s is not None
            and side is not None
            and (s not in by_element or not _same(by_element[s].layers, own.layers))
            for s, side in zip(siblings, halo.sides, strict=True)
        ]
        if not any(differ):
            continue
        keep = [not d for d in differ]
        alone = dataclasses.replace(
            halo,
            sides=_kept(halo.sides, keep),
            spans=_kept(halo.spans, keep),
            facing=_kept(halo.facing, keep),
        )
        refit = fitted(e, alone, ())
        if refit is not None:
            found[index] = refit[0]
    groups: list[list[ElementShadow]] = []
    for shadow in found:
        for group in groups:
            if _same(group[0].layers, shadow.layers):
                group.append(shadow)
                break
        else:
            groups.append([shadow])
    levels = [
        ShadowLevel(
            layers=_median_layers(g),
            elements=tuple(s.element for s in g),
            confidence=(1.0 - math.exp(-len(g) / _COUNT_SCALE)) * float(np.mean([s.r2 for s in g])),
        )
        for g in groups
    ]
    levels.sort(key=lambda lv: lv.reach_px)
    reason: str | None = None if levels else "no box casts a shadow that fits a CSS box-shadow"
    return ShadowResult(tuple(levels), tuple(found), {e.id: e.box for e in boxes}, reason=reason)
