"""The spacing scale of a layout: measured gaps and paddings, clustered, on an inferred base unit.

Measurements come from `_layout_gaps` (gaps between siblings in rows and columns, paddings,
page gutters), in CSS px (image px / DPR). Vertical distances to text end at the text's line box
as `_layout_lines` estimates it (good to about a CSS px, so they weigh like distances to ink and
count for less when the base unit is chosen); where no line box could be estimated they end at
the ink, which sits inside the line box by the half-leading, and are kept out of the scale, as
are gaps between pieces of text narrower than half their height (word spaces).
The remaining values are clustered (`_layout_scale.cluster_values`), the base unit inferred
(`_layout_scale.infer_base_unit`), and every cluster on that grid becomes a ``spacing.<n>``
token, n being the value in base units (measurements within half a CSS px of one multiple are
that multiple, and box-to-box ones a CSS px off count for it too); each keeps the element
pairs that produced it. Well-measured values halfway between two small multiples of an 8 px or
larger unit (12 px on an 8 px grid) join as half steps, ``spacing.1-5``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from copy_that.analysis.model import Layout
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract._layout_check import check_layout
from copy_that.extract._layout_gaps import Gap, measure_gaps
from copy_that.extract._layout_lines import line_boxes
from copy_that.extract._layout_scale import BaseUnit, Cluster, cluster_values, infer_base_unit
from copy_that.imaging import Image
from copy_that.tokens.model import Dimension, Evidence, GroupInfo, Token

__all__ = ["SpacingOptions", "SpacingResult", "SpacingValue", "extract_spacing"]

_NAMESPACE = "com.copy-that"
# At most this many gap rectangles are kept as a token's evidence boxes.
_MAX_EVIDENCE_BOXES = 24
# Number of measurements at which a value's confidence from its count reaches about 0.86.
_COUNT_SCALE = 2.0
# Distances to text ink carry the glyphs' side bearings (about a CSS px): they weigh half as
# much as box-to-box distances when the base unit is inferred, may sit a pixel off the grid
# (box-to-box ones half a pixel), and a scale value needs one box-to-box measurement or
# `_MIN_INK_ONLY` ink ones.
_INK_WEIGHT = 0.5
_EXACT_SLACK_PX = 0.5
_INK_SLACK_PX = 1.0
_MIN_INK_ONLY = 2
# Distances to estimated line boxes (a few per cent of the font size off, a CSS px or two) weigh
# half as much again when the base unit is chosen: that error is as large as the difference
# between neighbouring units' multiples.
_LINE_BOX_UNIT_WEIGHT = 0.5 * _INK_WEIGHT
# A value halfway between two multiples (15 px on a 10 px grid, 6 px on a 4 px one) joins the
# scale as a half step only with this much weight (three ink readings, or two box-to-box ones
# and one at ink): designers use half steps, stray readings land there too.
_MIN_HALF_STEP_WEIGHT = 1.5
# Half steps of units under this many CSS px are 2-px steps, where stray readings land as often
# as design values; half steps are whole CSS px (no 7.5 px on a 5 px grid).
_MIN_HALF_STEP_UNIT_PX = 8.0
# Half steps come at the small end of a scale (1.5, 2.5, 3.5 units, as in Tailwind's); further
# up, designers step whole units or more, so a value between is a stray reading. In halves.
_MAX_HALF_STEP_HALVES = 7
# Prior weight of each base unit: how common it is among published design systems. 4 and 8 px
# grids dominate (Material, Tailwind, Carbon, Polaris, Atlassian); 5, 6 and 10 px occur; 3, 12
# and 16 px are rare as the *base* (they show up as steps of a 4 or 8 px grid). The prior only
# decides between units the measurements fit about equally well.
_UNIT_PRIOR = {4.0: 1.0, 8.0: 1.0, 5.0: 0.6, 6.0: 0.6, 10.0: 0.6, 12.0: 0.4, 16.0: 0.4, 3.0: 0.3}
# Prior of a unit the caller adds that the table does not know.
_OTHER_UNIT_PRIOR = 0.5
# A value a px off the grid joins the scale only with this much weight (two box-to-box
# measurements): a single off-by-one reading is as often a stray edge as a real step.
_MIN_NEAR_WEIGHT = 2.0
# A page uses a few steps of its scale: the benchmark's pages at most 8 values, and at most 6
# consecutive multiples (4 to 24 px on a 4 px grid). Distances between marks placed at random
# take every multiple of a small unit (the Hubble deep field's stars: 3 to 120 px on 3): more
# consecutive multiples than this are no designed scale.
_MAX_STEP_RUN = 16
# Nor are more values than this in all, consecutive or not: 700 specks scattered over a flat
# page took 25 multiples of 4 px between 4 and 124 px, with holes in the run.
_MAX_STEPS = 16


@dataclass(frozen=True)
class SpacingOptions:
    """Options of `extract_spacing`.

    Parameters
    ----------
    max_spacing_px : float
        Largest distance in CSS px read as spacing; wider ones are layout (centring,
        ``space-between``). Default 128.
    min_count : int
        Measurements a value needs to become a token. Default 1.
    base_units_px : tuple of float
        Base units considered, CSS px. Default 3, 4, 5, 6, 8, 10, 12, 16 (every even value is a
        multiple of 2, so 2 says nothing about a design).
    include_text_vertical : bool
        Also use vertical distances that end at text ink (they include half-leading). Default
        False.
    """

    max_spacing_px: float = 128.0
    min_count: int = 1
    base_units_px: tuple[float, ...] = (3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0)
    include_text_vertical: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_spacing_px) and self.max_spacing_px > 0):
            raise OptionsError(
                f"max_spacing_px must be a positive number of CSS px, got {self.max_spacing_px!r}",
                option="max_spacing_px",
            )
        if self.min_count < 1:
            raise OptionsError(
                f"min_count must be at least 1, got {self.min_count!r}", option="min_count"
            )
        if not self.base_units_px or any(
            not (math.isfinite(u) and u >= 1.0) for u in self.base_units_px
        ):
            raise OptionsError(
                f"base_units_px must be CSS px values of at least 1, got {self.base_units_px!r}",
                option="base_units_px",
            )


@dataclass(frozen=True)
class SpacingValue:
    """One value of the spacing scale.

    Parameters
    ----------
    value_px : float
        CSS px.
    steps : float
        The value in base units.
    gaps : tuple of Gap
        The measurements behind it (image px).
    confidence : float
        0–1: grows with the number of measurements, scaled by the base unit's fit.
    """

    value_px: float
    steps: float
    gaps: tuple[Gap, ...]
    confidence: float


@dataclass(frozen=True)
class SpacingResult:
    """The spacing scale measured in one image.

    Parameters
    ----------
    values : tuple of SpacingValue
        The scale, ascending; only values on the base-unit grid.
    base_unit_px : float or None
        Inferred base unit, CSS px; None when there was nothing to infer it from.
    base_unit_confidence : float
        0–1.
    left_out_px : tuple of float
        Clustered values kept out of the scale: off the grid, or on it but seen only once and
        only at text ink.
    gaps : tuple of Gap
        Every measurement, including those not used for the scale.
    dpr : float
        The DPR the CSS values were computed with.
    reason : str or None
        Why the scale is empty, when it is.
    """

    values: tuple[SpacingValue, ...]
    base_unit_px: float | None
    base_unit_confidence: float
    left_out_px: tuple[float, ...]
    gaps: tuple[Gap, ...]
    dpr: float
    reason: str | None = None

    @classmethod
    def empty(
        cls, gaps: tuple[Gap, ...], dpr: float, reason: str, *, left_out_px: tuple[float, ...] = ()
    ) -> SpacingResult:
        """No scale, and why: every measurement kept, with the values left out if any."""
        return cls((), None, 0.0, left_out_px, gaps, dpr, reason=reason)

    def contribution(self, image_id: str) -> Contribution:
        """The ``spacing`` tokens and group info of this result.

        Parameters
        ----------
        image_id : str
            Id of the analysed image, recorded as the evidence source.
        """
        tokens = []
        for value in self.values:
            name = _step_name(value.steps)
            tokens.append(
                Token(
                    path=("spacing", name),
                    type="dimension",
                    value=Dimension(value.value_px, "px"),
                    confidence=round(value.confidence, 3),
                    evidence=Evidence(
                        boxes=tuple(g.rect for g in value.gaps[:_MAX_EVIDENCE_BOXES]),
                        count=len(value.gaps),
                        image_ids=(image_id,),
                        detail={
                            "pairs": [[g.first, g.second, g.kind] for g in value.gaps],
                            "measuredPx": [round(g.value_px / self.dpr, 2) for g in value.gaps],
                        },
                    ),
                )
            )
        extensions: dict[str, object] = {}
        if self.base_unit_px is not None:
            extensions = {
                _NAMESPACE: {
                    "baseUnit": {"value": self.base_unit_px, "unit": "px"},
                    "baseUnitConfidence": round(self.base_unit_confidence, 3),
                    "leftOutPx": list(self.left_out_px),
                    "dpr": self.dpr,
                }
            }
        group = GroupInfo(
            path=("spacing",),
            description="Spacing scale measured from gaps between elements and paddings (CSS px)",
            reason=self.reason,
            extensions=extensions,
        )
        return Contribution(tokens=tuple(tokens), groups=(group,))


def _step_name(steps: float) -> str:
    """``spacing`` token name for a value of `steps` base units (``"3"``, ``"1-5"``)."""
    if abs(steps - round(steps)) < 1e-6:
        return str(round(steps))
    return f"{steps:g}".replace(".", "-")


def _usable(gaps: Sequence[Gap], layout: Layout, options: SpacingOptions) -> list[Gap]:
    out = []
    for gap in gaps:
        css = gap.value_px / layout.dpr
        if css < 1.0 or css > options.max_spacing_px:
            continue
        if gap.ink_vertical and not options.include_text_vertical:
            continue
        if gap.within_text:
            continue
        out.append(gap)
    return out


def extract_spacing(
    image: Image, layout: Layout, *, options: SpacingOptions | None = None
) -> SpacingResult:
    """Measure the spacing scale of an analysed image.

    Parameters
    ----------
    image : Image
        The image the layout was computed from.
    layout : Layout
        Its layout (`copy_that.analysis.analyse`).
    options : SpacingOptions, optional
        Defaults as documented on `SpacingOptions`.

    Returns
    -------
    SpacingResult
        The scale, its base unit and every measurement.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    opts = options or SpacingOptions()
    check_layout(image, layout)
    # Line boxes are estimated only for the text that ends a vertical distance (the cost is in
    # reading each text's glyphs).
    ends = {
        i
        for gap in measure_gaps(layout)
        if gap.ink_vertical
        for i in (gap.first, gap.second)
        if i is not None and layout.elements[i].kind == "text"
    }
    all_gaps = tuple(measure_gaps(layout, line_boxes(image, layout, ends)))
    if not layout.elements:
        reason = "; ".join(layout.notes) or "no UI elements detected"
        return SpacingResult.empty(all_gaps, layout.dpr, reason)
    used = _usable(all_gaps, layout, opts)
    if not used:
        return SpacingResult.empty(
            all_gaps, layout.dpr, "no gaps or paddings between elements could be measured"
        )
    # Design spacing is whole CSS px; a half-px reading at 2× is an edge snapped to a device px.
    snap = 1.0
    clusters = [
        c
        for c in cluster_values([g.value_px / layout.dpr for g in used], snap_css=snap)
        if c.count >= opts.min_count
    ]
    if not clusters:
        return SpacingResult.empty(
            all_gaps, layout.dpr, f"no spacing value was measured at least {opts.min_count} times"
        )
    exact_counts = [sum(1 for i in c.members if used[i].exact) for c in clusters]
    weights = [n + _INK_WEIGHT * (c.count - n) for n, c in zip(exact_counts, clusters, strict=True)]
    unit_weights = [sum(_unit_weight(used[i]) for i in c.members) for c in clusters]
    base = infer_base_unit(
        [c.value for c in clusters],
        # A value is one design decision however often it repeats: it weighs by how sure its
        # measurements make it real, not by their number.
        [_support(weight) for weight in unit_weights],
        candidates=opts.base_units_px,
        tolerances_css=[_EXACT_SLACK_PX if n else _INK_SLACK_PX for n in exact_counts],
        # Values a CSS px off a multiple are often real (an inline-block chip sits a px below its
        # cell's padding in a taller line box; JPEG ringing moves an edge): see `_MIN_NEAR_WEIGHT`.
        near=True,
        priors=[_UNIT_PRIOR.get(unit, _OTHER_UNIT_PRIOR) for unit in opts.base_units_px],
        range_css=opts.max_spacing_px,
    )
    if base is None:
        return SpacingResult.empty(
            all_gaps,
            layout.dpr,
            "every candidate base unit is so small that any measurement lies near it",
            left_out_px=tuple(c.value for c in clusters),
        )
    values, left_out = _scale(clusters, used, base, weights)
    run = _longest_run([v.steps for v in values])
    if run > _MAX_STEP_RUN or len(values) > _MAX_STEPS:
        taken = f"{run} consecutive" if run > _MAX_STEP_RUN else str(len(values))
        return SpacingResult.empty(
            all_gaps,
            layout.dpr,
            (
                f"the gaps take {taken} multiples of {base.unit:g} px, as distances between "
                "scattered marks do (a star field, a texture), not a designed scale"
            ),
            left_out_px=tuple(c.value for c in clusters),
        )
    return SpacingResult(
        values=values,
        base_unit_px=base.unit,
        base_unit_confidence=_base_confidence(base),
        left_out_px=left_out,
        gaps=all_gaps,
        dpr=layout.dpr,
        reason=None if values else "no measured spacing value lies on a common grid",
    )


def _longest_run(steps: Sequence[float]) -> int:
    """The most consecutive whole multiples among `steps` (half steps left aside)."""
    whole = sorted({int(v) for v in steps if v == int(v)})
    longest = current = 0
    for i, value in enumerate(whole):
        current = current + 1 if i and value == whole[i - 1] + 1 else 1
        longest = max(longest, current)
    return longest


def _unit_weight(gap: Gap) -> float:
    """How much one measurement counts when the base unit is chosen."""
    if gap.exact:
        return 1.0
    return _LINE_BOX_UNIT_WEIGHT if gap.line_box else _INK_WEIGHT


def _support(weight: float) -> float:
    """0–1 confidence from a measurement weight (box-to-box readings 1, ink ones `_INK_WEIGHT`)."""
    return 1.0 - math.exp(-weight / _COUNT_SCALE)


def _base_confidence(base: BaseUnit) -> float:
    """The unit's posterior, scaled by how many distinct values lie on its grid."""
    return max(0.0, min(1.0, base.confidence * _support(sum(base.on_grid))))


def _half_step(cluster: Cluster, used: Sequence[Gap], unit: float) -> float | None:
    """The half step (1.5, 2.5 … units) a cluster lies on, within its slack, if any.

    See `_MIN_HALF_STEP_UNIT_PX` for which units have half steps.
    """
    exact = any(used[i].exact for i in cluster.members)
    halves = round(2.0 * cluster.value / unit)
    slack = _EXACT_SLACK_PX if exact else _INK_SLACK_PX
    value = halves * unit / 2.0
    if (
        unit >= _MIN_HALF_STEP_UNIT_PX
        and halves % 2 == 1
        and 1 < halves <= _MAX_HALF_STEP_HALVES
        and value == round(value)
        and abs(cluster.value - value) <= slack
    ):
        return halves / 2.0
    return None


def _scale(
    clusters: Sequence[Cluster], used: Sequence[Gap], base: BaseUnit, weights: Sequence[float]
) -> tuple[tuple[SpacingValue, ...], tuple[float, ...]]:
    """Scale values (clusters on the grid, merged per multiple) and the values left out."""
    members: dict[float, list[int]] = {}
    off: list[float] = []
    for cluster, on, close, weight in zip(
        clusters, base.on_grid, base.near_grid, weights, strict=True
    ):
        if on or (close and weight >= _MIN_NEAR_WEIGHT):
            members.setdefault(float(round(cluster.value / base.unit)), []).extend(cluster.members)
        elif (half := _half_step(cluster, used, base.unit)) is not None and (
            weight >= _MIN_HALF_STEP_WEIGHT
        ):
            members.setdefault(half, []).extend(cluster.members)
        else:
            off.append(cluster.value)
    values = []
    for steps, indices in sorted(members.items()):
        exact = sum(1 for i in indices if used[i].exact)
        if exact == 0 and len(indices) < _MIN_INK_ONLY:
            off.append(steps * base.unit)
            continue
        support = _support(exact + _INK_WEIGHT * (len(indices) - exact))
        values.append(
            SpacingValue(
                # On the grid the measurements lie within a CSS px of this multiple.
                value_px=steps * base.unit,
                steps=steps,
                gaps=tuple(used[i] for i in sorted(indices)),
                confidence=max(0.0, min(1.0, support * (0.5 + 0.5 * base.confidence))),
            )
        )
    return tuple(values), tuple(sorted(off))
