"""Corner radii of a layout's boxes, fitted per corner and clustered into a radius scale.

Each corner of each measured box is fitted by `_layout_corner.fit_corners` (sub-pixel, from the
anti-aliased arc: a bordered box's at the edge where its fill meets the border, which neither a
shadow nor the page's colour can disturb; a borderless box's at its outer edge). A box whose
corners reach half its short side is a pill (or a circle) and feeds the ``radius.full`` token;
other rounded corners are clustered in CSS px and named from small to large (``radius.sm``,
``radius.md``, ``radius.lg`` …). Square corners and corners that do not fit a circular arc are
left out.

On lossy (JPEG) images a reading is good to about a CSS px, not a tenth: values that close are
merged into the better-supported one, a value needs two corners, and readings JPEG makes up
(small arcs on thin borders' square corners, glyph pieces read as boxes) are left out.
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
from copy_that.extract._layout_scale import Cluster, cluster_values
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
# A radius this close (CSS px) to half the box's short side rounds it fully: CSS radii are whole
# px, so on a side of odd length the largest is half a px short of half of it, and a box read a
# pixel short of its circle reads the circle's cut corners a quarter px shorter still.
_PILL_SLACK_CSS = 0.75
# Boxes smaller than this on a side (px) are too small for a corner fit.
_MIN_SIDE_PX = 6
# On lossy images a corner reading is good to about a CSS px: JPEG's blur and ringing move an arc
# read on a light 1-px border or a low-contrast fill by 0.5-1.5 px, the same way on every corner
# of a box. Scale values closer than this are one radius read apart (the benchmark renders at
# quality 75 spread one 8-px radius over 6.5, 7, 7.5 and 8); designers tell radii apart at 2 px.
_LOSSY_SAME_RADIUS_CSS = 1.0
# On lossy images a pill's corners may read this much further (CSS px) short of half its side:
# JPEG's blur moves a small pill's sides by a px (a 24-px chip read 24 x 23) and its corners read
# up to 1.3 px short of half the side read.
_LOSSY_PILL_SLACK_CSS = 0.75
# On lossy images a box narrower than this (px) gives no scale radius: on JPEG the analysis reads
# pieces of glyphs (strokes and counters of large text that compression split off their words)
# as boxes, and their ends fit 2-5 px arcs. Every such box on the benchmark's JPEG renders was
# one; real boxes that narrow are dots and bars, which are pills and still count as such.
_LOSSY_MIN_SIDE_PX = 10
# On lossy images a bordered box's radius under this (image px) cannot be told from a square
# corner: JPEG at quality 75 turns the square corner of a 1-px border into an arc read at up to
# 3.5 px (median 1-2 px, at fill/border contrasts of 20-100, light and dark), where a true 2-px
# corner reads 0.9-3.8 px. A table's square rows read 2 and 3 px.
_LOSSY_BORDER_FLOOR_PX = 3.5
# On lossy images a radius seen at a single corner is not a scale value: ringing at one corner of
# a large box fits an arc as well as a real one does.
_LOSSY_MIN_CORNERS = 2


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
    misfit_px : tuple of 4 (float or None)
        RMS difference between each corner's measured and modelled arc, image px; None where the
        radius is.
    """

    element: int
    corners_px: tuple[float | None, float | None, float | None, float | None]
    pill: bool
    misfit_px: tuple[float | None, float | None, float | None, float | None] = (
        None,
        None,
        None,
        None,
    )


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


def _colour(c: tuple[int, int, int] | None) -> tuple[float, float, float] | None:
    """An sRGB8 colour as floats, None kept."""
    return None if c is None else (float(c[0]), float(c[1]), float(c[2]))


@dataclass(frozen=True)
class _Plan:
    """The corners of one box to fit: which, where, and with what colours."""

    element: Element
    zone_px: int
    open_corners: tuple[int, ...]
    corners: tuple[tuple[int, int], ...]
    fill: tuple[float, float, float] | None
    border: tuple[float, float, float] | None
    widths: tuple[int, ...]


def _plan(e: Element, dpr: float, opts: RadiusOptions) -> _Plan | None:
    x, y, w, h = e.box
    border = _colour(e.border_color) if any(e.border_px) else None
    fill = _colour(e.fill)
    if (border is None and fill is None) or min(w, h) < _MIN_SIDE_PX:
        return None
    # Radii beyond `max_radius_px` would cost a large corner zone for nothing: UI corners stay
    # well under it, and small boxes that round fully are pills whatever the limit.
    zone = min(min(w, h) // 2, math.ceil(opts.max_radius_px * dpr))
    top, right, bottom, left = e.clipped
    corners = ((x, y), (x + w - 1, y), (x + w - 1, y + h - 1), (x, y + h - 1))
    blocked = (top or left, top or right, bottom or right, bottom or left)
    # A corner's inner edge is the fill's, rounded by r − b, only where both sides' borders
    # are b; elsewhere the corner is read at its outer edge.
    b_top, b_right, b_bottom, b_left = e.border_px
    sides = ((b_top, b_left), (b_top, b_right), (b_bottom, b_right), (b_bottom, b_left))
    open_corners = tuple(i for i, skip in enumerate(blocked) if not skip)
    return _Plan(
        element=e,
        zone_px=zone,
        open_corners=open_corners,
        corners=tuple(corners[i] for i in open_corners),
        fill=fill,
        border=border,
        widths=tuple(a if a == b else 0 for a, b in (sides[i] for i in open_corners)),
    )


def _fit_plans(image: Image, plans: Sequence[_Plan]) -> list[list[CornerFit | None]]:
    """Each plan's corner fits; boxes with the same zone are fitted in one call."""
    by_zone: dict[int, list[int]] = {}
    for k, plan in enumerate(plans):
        by_zone.setdefault(plan.zone_px, []).append(k)
    found: list[list[CornerFit | None]] = [[] for _ in plans]
    for zone, members in by_zone.items():
        group = [plans[k] for k in members]
        fits = fit_corners(
            image.rgb,
            corners=[c for p in group for c in p.corners],
            directions=[_DIRECTIONS[i] for p in group for i in p.open_corners],
            zone_px=zone,
            fills=[p.fill for p in group for _ in p.corners],
            borders=[p.border for p in group for _ in p.corners],
            border_px=[w for p in group for w in p.widths],
        )
        start = 0
        for k, plan in zip(members, group, strict=True):
            found[k] = fits[start : start + len(plan.corners)]
            start += len(plan.corners)
    return found


def _element_fit(
    plan: _Plan,
    found: Sequence[CornerFit | None],
    dpr: float,
    opts: RadiusOptions,
    *,
    pill_slack_css: float = _PILL_SLACK_CSS,
) -> ElementRadii | None:
    fits: list[CornerFit | None] = [None] * len(_DIRECTIONS)
    for i, fit in zip(plan.open_corners, found, strict=True):
        fits[i] = fit if fit is not None and fit.rms_px <= opts.max_rms_px else None
    if all(f is None for f in fits):
        return None
    radii = tuple(None if f is None else round(f.radius_px / dpr, 2) for f in fits)
    misfits = tuple(None if f is None else round(f.rms_px, 3) for f in fits)
    _, _, w, h = plan.element.box
    half_css = min(w, h) / 2.0 / dpr
    # Pill: the box's agreeing corners within `_PILL_SLACK_CSS` of the largest radius the box
    # allows; a radius one px short of that (20 px on a 42-px button) is no pill. Rounded corners
    # outside the group were read against something else (a knob's corners next to the end of
    # its track); a corner read square says the box is not fully rounded.
    group = _agreeing(radii, misfits, opts.min_radius_px)
    square = any(c is not None and c < opts.min_radius_px for c in radii)
    full = bool(group) and min(c for c, _ in group) >= half_css - pill_slack_css
    pill = full and not square
    return ElementRadii(
        element=plan.element.id,
        corners_px=(radii[0], radii[1], radii[2], radii[3]),
        pill=pill,
        misfit_px=(misfits[0], misfits[1], misfits[2], misfits[3]),
    )


def _agreeing(
    corners_px: Sequence[float | None], misfit_px: Sequence[float | None], min_radius_px: float
) -> list[tuple[float, float]]:
    """(radius, misfit) of a box's rounded corners that agree on one radius.

    Corners within `_SAME_CORNER_PX` of each other are one radius; a box rounded on some
    corners only (a tab, a bar) keeps the largest group of agreeing corners, and of two groups
    as large (two corners read well, two disturbed by something), the one whose arcs fit best.
    """
    rounded = sorted(
        (c, m if m is not None else math.inf)
        for c, m in zip(corners_px, misfit_px, strict=True)
        if c is not None and c >= min_radius_px
    )
    best: list[tuple[float, float]] = []
    for start in range(len(rounded)):
        group = [c for c in rounded[start:] if c[0] - rounded[start][0] <= _SAME_CORNER_PX]
        if (len(group), -_mean_misfit(group)) > (len(best), -_mean_misfit(best)):
            best = group
    return best


def _element_radius(fit: ElementRadii, opts: RadiusOptions) -> tuple[float, int, int] | None:
    """(radius CSS px, element id, corners) of a box's agreeing rounded corners, if any.

    The radius is the median of the group `_agreeing` keeps.
    """
    best = _agreeing(fit.corners_px, fit.misfit_px, opts.min_radius_px)
    if not best:
        return None
    return (float(np.median([c for c, _ in best])), fit.element, len(best))


def _mean_misfit(group: Sequence[tuple[float, float]]) -> float:
    """Mean misfit of a group of (radius, misfit) corners; infinite for no corners."""
    return sum(m for _, m in group) / len(group) if group else math.inf


def _resolved_on_lossy(found: tuple[float, int, int], element: Element, dpr: float) -> bool:
    """Whether a box's radius on a lossy image is told apart from JPEG's artefacts.

    See `_LOSSY_MIN_SIDE_PX` and `_LOSSY_BORDER_FLOOR_PX`.
    """
    radius_css, _, _ = found
    if min(element.box[2:]) < _LOSSY_MIN_SIDE_PX:
        return False
    return not any(element.border_px) or radius_css * dpr >= _LOSSY_BORDER_FLOOR_PX


def _merge_close(
    clusters: Sequence[Cluster], observed: Sequence[tuple[float, int, int]], within_css: float
) -> list[Cluster]:
    """Clusters within `within_css` of a better-supported one merged into it.

    The cluster with the most corners keeps its value and takes every cluster within
    `within_css` of it; then the best-supported of the rest, and so on. No chaining: 2, 3 and
    4 px within a px, with most corners at 3, become one 3-px value; with most at 2 they stay
    2 and 4.
    """
    corners = [sum(observed[i][2] for i in c.members) for c in clusters]
    # Most corners first; of equal support, the smaller value (JPEG's blur adds to a radius).
    order = sorted(range(len(clusters)), key=lambda k: (-corners[k], clusters[k].value))
    taken: set[int] = set()
    merged: list[Cluster] = []
    for k in order:
        if k in taken:
            continue
        near = [
            j
            for j in order
            if j not in taken and abs(clusters[j].value - clusters[k].value) <= within_css + 1e-9
        ]
        taken.update(near)
        members = tuple(sorted(m for j in near for m in clusters[j].members))
        merged.append(Cluster(value=clusters[k].value, members=members))
    return sorted(merged, key=lambda c: c.value)


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
    plans = [p for e in boxes if (p := _plan(e, layout.dpr, opts)) is not None]
    lossy = layout.lossy
    slack = _PILL_SLACK_CSS + (_LOSSY_PILL_SLACK_CSS if lossy else 0.0)
    fitted = [
        r
        for plan, found in zip(plans, _fit_plans(image, plans), strict=True)
        if (r := _element_fit(plan, found, layout.dpr, opts, pill_slack_css=slack)) is not None
    ]
    box_of = {e.id: e.box for e in boxes}
    element_of = {e.id: e for e in boxes}
    pills = [r for r in fitted if r.pill]
    observed = [
        found for r in fitted if not r.pill and (found := _element_radius(r, opts)) is not None
    ]
    if lossy:
        observed = [o for o in observed if _resolved_on_lossy(o, element_of[o[1]], layout.dpr)]
    snap = 1.0 / max(1.0, round(layout.dpr))
    clusters = cluster_values([radius for radius, _, _ in observed], snap_css=snap)
    if lossy:
        clusters = _merge_close(clusters, observed, _LOSSY_SAME_RADIUS_CSS)
        counts = [sum(observed[i][2] for i in c.members) for c in clusters]
        clusters = [c for c, n in zip(clusters, counts, strict=True) if n >= _LOSSY_MIN_CORNERS]
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
