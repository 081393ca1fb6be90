"""Corner radii of a layout's boxes, fitted per corner and clustered into a radius scale.

Each corner of each measured box is fitted by `_layout_corner.fit_corners` (sub-pixel, from the
anti-aliased arc). A box whose corners reach half its short side is a pill (or a circle) and
feeds the ``radius.full`` token; other rounded corners are clustered in CSS px and named from
small to large (``radius.sm``, ``radius.md``, ``radius.lg`` …). Square corners and corners that
do not fit a circular arc are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from copy_that.analysis.model import Element, Layout
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract._layout_check import check_layout
from copy_that.extract._layout_corner import CornerFit, fit_corners
from copy_that.extract._layout_scale import cluster_values
from copy_that.imaging import Image
from copy_that.tokens.model import Dimension, Evidence, GroupInfo, Token

__all__ = ["ElementRadii", "RadiusOptions", "RadiusResult", "RadiusValue", "extract_radii"]

_NAMESPACE = "com.copy-that"
# Names of the scale, small to large; a scale of n values takes a window centred on "md".
_SCALE_NAMES = ("xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl")
_MIDDLE = 2
_MAX_EVIDENCE_BOXES = 24
# Confidence from the number of corners behind a value reaches about 0.86 at this count.
_COUNT_SCALE = 4.0
# Corner order in CSS: top-left, top-right, bottom-right, bottom-left, as (dx, dy) into the box.
_DIRECTIONS = ((1, 1), (-1, 1), (-1, -1), (1, -1))
# Corners of one box within this many CSS px of each other share one radius.
_SAME_CORNER_PX = 1.5
# Boxes smaller than this on a side (px) are too small for a corner fit.
_MIN_SIDE_PX = 6


@dataclass(frozen=True)
class RadiusOptions:
    """Options of `extract_radii`.

    Parameters
    ----------
    min_radius_px : float
        Smallest radius reported, CSS px; below it a corner counts as square. Default 1.
    max_rms_px : float
        Largest misfit (RMS inset difference, image px) for a corner to count. Default 0.75.
    max_radius_px : float
        Largest radius measured, CSS px; a box rounder than that on a long side reads as this
        value. Default 64.
    """

    min_radius_px: float = 1.0
    max_rms_px: float = 0.75
    max_radius_px: float = 64.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.min_radius_px) and self.min_radius_px >= 0):
            raise OptionsError(
                "min_radius_px must be a non-negative number of CSS px, "
                f"got {self.min_radius_px!r}",
                option="min_radius_px",
            )
        if not (math.isfinite(self.max_radius_px) and self.max_radius_px >= 1.0):
            raise OptionsError(
                f"max_radius_px must be at least 1 CSS px, got {self.max_radius_px!r}",
                option="max_radius_px",
            )
        if not (math.isfinite(self.max_rms_px) and self.max_rms_px > 0):
            raise OptionsError(
                f"max_rms_px must be a positive number of px, got {self.max_rms_px!r}",
                option="max_rms_px",
            )


@dataclass(frozen=True)
class ElementRadii:
    """The fitted corners of one box.

    Parameters
    ----------
    element : int
        Element id.
    corners_px : tuple of 4 (float or None)
        Radius of the top-left, top-right, bottom-right, bottom-left corner in CSS px; None where
        the corner could not be measured or did not fit an arc.
    pill : bool
        Whether every measured corner reaches half the short side (a pill or circle).
    """

    element: int
    corners_px: tuple[float | None, float | None, float | None, float | None]
    pill: bool


@dataclass(frozen=True)
class RadiusValue:
    """One value of the radius scale.

    Parameters
    ----------
    name : str
        Token name (``sm``, ``md`` … or ``full``).
    value_px : float
        CSS px (for ``full``: the largest pill radius seen; the token says 9999 px).
    elements : tuple of int
        Ids of the boxes with such corners.
    corners : int
        Number of corners behind the value (each box contributes its agreeing corners).
    confidence : float
        0–1, from the number of corners and how well they fit.
    """

    name: str
    value_px: float
    elements: tuple[int, ...]
    corners: int
    confidence: float


@dataclass(frozen=True)
class RadiusResult:
    """The radius scale measured in one image.

    Parameters
    ----------
    values : tuple of RadiusValue
        The scale, small to large, then ``full`` when pills were seen.
    elements : tuple of ElementRadii
        Per-box corner fits.
    boxes : dict of int to Box
        Element boxes (image px), for evidence.
    reason : str or None
        Why the scale is empty, when it is.
    """

    values: tuple[RadiusValue, ...]
    elements: tuple[ElementRadii, ...]
    boxes: dict[int, tuple[int, int, int, int]]
    reason: str | None = None

    def contribution(self, image_id: str) -> Contribution:
        """The ``radius`` tokens and group info of this result.

        Parameters
        ----------
        image_id : str
            Id of the analysed image, recorded as the evidence source.
        """
        tokens = []
        for value in self.values:
            full = value.name == "full"
            tokens.append(
                Token(
                    path=("radius", value.name),
                    type="dimension",
                    # DTCG has no "fully rounded" keyword; 9999 px is the CSS idiom for a pill.
                    value=Dimension(9999.0 if full else value.value_px, "px"),
                    confidence=round(value.confidence, 3),
                    evidence=Evidence(
                        boxes=tuple(self.boxes[e] for e in value.elements[:_MAX_EVIDENCE_BOXES]),
                        count=value.corners,
                        image_ids=(image_id,),
                        detail={
                            "elements": list(value.elements),
                            "measuredPx": value.value_px,
                        },
                    ),
                )
            )
        group = GroupInfo(
            path=("radius",),
            description="Corner radii fitted to anti-aliased corners (CSS px)",
            reason=self.reason,
        )
        return Contribution(tokens=tuple(tokens), groups=(group,))


def _own_colors(e: Element) -> tuple[tuple[float, float, float], ...]:
    """The box's border (if any) and fill colours."""
    found = [c for c in (e.border_color if any(e.border_px) else None, e.fill) if c is not None]
    return tuple((float(c[0]), float(c[1]), float(c[2])) for c in found)


def _fit_element(image: Image, e: Element, dpr: float, opts: RadiusOptions) -> ElementRadii | None:
    x, y, w, h = e.box
    colours = _own_colors(e)
    if not colours or min(w, h) < _MIN_SIDE_PX:
        return None
    # Radii beyond `max_radius_px` would cost a large corner zone for nothing: UI corners stay
    # well under it, and small boxes that round fully are pills whatever the limit.
    zone = min(min(w, h) // 2, math.ceil(opts.max_radius_px * dpr))
    top, right, bottom, left = e.clipped
    corners = ((x, y), (x + w - 1, y), (x + w - 1, y + h - 1), (x, y + h - 1))
    blocked = (top or left, top or right, bottom or right, bottom or left)
    open_corners = [i for i, skip in enumerate(blocked) if not skip]
    found = fit_corners(
        image.rgb,
        corners=[corners[i] for i in open_corners],
        directions=[_DIRECTIONS[i] for i in open_corners],
        zone_px=zone,
        colors=colours,
    )
    fits: list[CornerFit | None] = [None] * len(corners)
    for i, fit in zip(open_corners, found, strict=True):
        fits[i] = fit if fit is not None and fit.rms_px <= opts.max_rms_px else None
    measured = [f for f in fits if f is not None]
    if not measured:
        return None
    half = min(w, h) / 2.0
    # Pill: every measured corner within half a CSS px of the largest radius the box allows.
    pill = all(f.radius_px >= half - 0.5 * dpr - 0.5 for f in measured)
    radii = tuple(None if f is None else round(f.radius_px / dpr, 2) for f in fits)
    return ElementRadii(
        element=e.id, corners_px=(radii[0], radii[1], radii[2], radii[3]), pill=pill
    )


def _element_radius(fit: ElementRadii, opts: RadiusOptions) -> tuple[float, int, int] | None:
    """(radius CSS px, element id, corners) of a box's rounded corners that agree, if any.

    Corners within `_SAME_CORNER_PX` of each other are one radius (the median); a box rounded
    on some corners only (a tab, a bar) keeps the largest group of agreeing corners.
    """
    rounded = sorted(c for c in fit.corners_px if c is not None and c >= opts.min_radius_px)
    if not rounded:
        return None
    best: list[float] = []
    for start in range(len(rounded)):
        group = [c for c in rounded[start:] if c - rounded[start] <= _SAME_CORNER_PX]
        if len(group) > len(best):
            best = group
    return (float(np.median(best)), fit.element, len(best))


def _names(count: int) -> Sequence[str]:
    start = max(0, _MIDDLE - (count - 1) // 2)
    names = list(_SCALE_NAMES[start : start + count])
    while len(names) < count:
        names.append(f"{len(names) + 1}xl")
    return names


def extract_radii(
    image: Image, layout: Layout, *, options: RadiusOptions | None = None
) -> RadiusResult:
    """Measure the corner radii of an analysed image.

    Parameters
    ----------
    image : Image
        The image the layout was computed from.
    layout : Layout
        Its layout (`copy_that.analysis.analyse`).
    options : RadiusOptions, optional
        Defaults as documented on `RadiusOptions`.

    Returns
    -------
    RadiusResult
        The radius scale and per-box corner fits.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    opts = options or RadiusOptions()
    check_layout(image, layout)
    boxes = [e for e in layout.elements if e.is_box and e.kind != "divider"]
    if not boxes:
        return RadiusResult(
            (), (), {}, reason="; ".join(layout.notes) or "no boxes to measure corners on"
        )
    fitted = [r for e in boxes if (r := _fit_element(image, e, layout.dpr, opts)) is not None]
    box_of = {e.id: e.box for e in boxes}
    pills = [r for r in fitted if r.pill]
    observed = [
        found for r in fitted if not r.pill and (found := _element_radius(r, opts)) is not None
    ]
    snap = 1.0 / max(1.0, round(layout.dpr))
    clusters = cluster_values([radius for radius, _, _ in observed], snap_css=snap)
    names = _names(len(clusters))
    values: list[RadiusValue] = []
    for name, cluster in zip(names, clusters, strict=True):
        corners = sum(observed[i][2] for i in cluster.members)
        values.append(
            RadiusValue(
                name=name,
                value_px=cluster.value,
                elements=tuple(sorted(observed[i][1] for i in cluster.members)),
                corners=corners,
                confidence=1.0 - math.exp(-corners / _COUNT_SCALE),
            )
        )
    if pills:
        corners = sum(1 for r in pills for c in r.corners_px if c is not None)
        largest = max(c for r in pills for c in r.corners_px if c is not None)
        values.append(
            RadiusValue(
                name="full",
                value_px=largest,
                elements=tuple(r.element for r in pills),
                corners=corners,
                confidence=1.0 - math.exp(-corners / _COUNT_SCALE),
            )
        )
    reason: str | None = None if values else "no rounded corners found on the detected boxes"
    return RadiusResult(tuple(values), tuple(fitted), box_of, reason=reason)
