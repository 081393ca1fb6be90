"""Flat design colours from run statistics: evidence filters, CIEDE2000 merging, pixel shares.

A colour is a candidate when it is mostly seen flat (solid pixels or word ink) rather than as a
transition, and when it is not mostly partial coverage of another ink. Candidates are merged
greedily, strongest evidence first, with every candidate within ``merge_delta_e`` (CIEDE2000) of
the seed joining it; a merged colour needs ``min_evidence_px`` flat pixels in all. A thin line
that is only a partial-coverage copy of a stronger line is folded into it. Every pixel colour
within `SHARE_DELTA_E` of a flat colour then counts towards that colour's pixel share. In lossy
images (JPEG) only fills and solid strokes count as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.extract._color_runs import AREA, LINE, STROKE, RunAnalysis
from copy_that.imaging import (
    delta_e_2000,
    delta_e_2000_srgb,
    lab_from_srgb,
    oklab_from_srgb8,
    unpack_keys,
)

__all__ = ["SHARE_DELTA_E", "Claims", "FlatColor", "find_flat_colors", "lab_of_keys"]

#: Pixels within this CIEDE2000 of a flat colour count towards its share: rounding and JPEG noise
#: move flat colours by up to about 2 units.
SHARE_DELTA_E = 2.5

# At least this fraction of a colour's pixels must be flat evidence: gradient steps and shadow
# rings are mostly seen as transitions (under 10 %), design colours mostly flat (over 50 %).
_MIN_FLAT_FRACTION = 0.25
# Text-like colours whose row runs are partial coverage of another ink this often are lighter
# copies of that ink (glyph stems at fractional positions), not colours of their own.
_MAX_PARTIAL_FRACTION = 0.25
# A colour is text-like when its stroke evidence is at least this many times its other evidence.
_TEXT_LIKE_RATIO = 2
# A seed with less than this part of the evidence threshold cannot start a colour (its merged
# neighbours could still lift it over the threshold).
_SEED_FRACTION = 0.25
# Partial lines: a line colour at least this far (α) from an area colour towards a stronger line
# colour, within _PARTIAL_LINE_TOLERANCE code values (plus 10 % of the span) of that segment,
# is the stronger line seen at partial coverage.
_PARTIAL_LINE_MIN_ALPHA = 0.6
_PARTIAL_LINE_TOLERANCE = 3.0
# A colour touches another when at least this part of its run boundaries is with it.
_TOUCH_FRACTION = 0.1
# OKLab distance pre-filter before CIEDE2000 when assigning shares: sRGB pairs within
# `SHARE_DELTA_E` are at most about 0.145 apart in OKLab (near black OKLab is the more
# sensitive of the two), so 0.15 loses nothing.
_PREFILTER_OK = 0.15


@dataclass(frozen=True)
class FlatColor:
    """A design colour found flat in the image.

    Parameters
    ----------
    srgb8 : tuple of 3 ints
        Representative colour (the evidence-weighted mean of the exact members, rounded).
    members : ndarray of shape (M,), dtype uint32
        Packed keys of the flat colours merged into this one.
    absorbed : ndarray of shape (A,), dtype uint32
        Packed keys of the other pixel colours counted towards its share (noise, rounding);
        each key belongs to one flat colour only, as a member or absorbed.
    evidence_px : int
        Flat evidence: solid pixels and word-ink pixels of all members.
    usage_px : tuple of 3 ints
        Evidence per usage: strokes (text), lines (borders), areas (fills).
    pixel_count : int
        Pixels within `SHARE_DELTA_E` of the colour (its share numerator).
    purity : float
        Fraction of the evidence carried by the single most frequent exact member (1.0 for
        lossless screenshots, lower for JPEG noise).
    """

    srgb8: tuple[int, int, int]
    members: NDArray[np.uint32]
    absorbed: NDArray[np.uint32]
    evidence_px: int
    usage_px: tuple[int, int, int]
    pixel_count: int
    purity: float


class Claims:
    """The colours found so far and the pixel colours they hold, for adding colours they missed.

    The text-line inks (`_color_textlines`) and box fills (`_color_fills`) of compressed images
    each propose a colour with the packed pixel colours that show it; a proposal within a few
    CIEDE2000 of a colour already found is that colour, and a new colour takes only pixel
    colours no other colour holds.

    Parameters
    ----------
    flat : sequence of FlatColor
        The colours found so far.
    colors : ndarray of uint32
        Packed keys of the run analysis' colours (`RunAnalysis.colors`): the only pixel colours
        a colour may hold.
    """

    def __init__(self, flat: Sequence[FlatColor], colors: NDArray[np.uint32]) -> None:
        held = [np.concatenate([c.members, c.absorbed]) for c in flat]
        self._taken = np.concatenate(held) if held else np.zeros(0, np.uint32)
        self._known = np.array([c.srgb8 for c in flat], dtype=np.float64).reshape(-1, 3) / 255.0
        self._colors = colors

    def stands_for(self, srgb8: tuple[int, int, int], delta_e: float) -> bool:
        """Whether a colour found already lies within `delta_e` (CIEDE2000) of `srgb8`."""
        if not self._known.size:
            return False
        colour = np.array(srgb8, dtype=np.float64) / 255.0
        return float(delta_e_2000_srgb(colour, self._known).min()) <= delta_e

    def claim(
        self,
        srgb8: tuple[int, int, int],
        keys: NDArray[np.uint32],
        counts: NDArray[np.int64],
        *,
        usage: int,
        min_evidence_px: float = 1.0,
    ) -> FlatColor | None:
        """A new colour from the pixel colours `keys` (seen `counts` times) no colour holds.

        `usage` is the column of `FlatColor.usage_px` its evidence counts in (`STROKE`, `LINE`
        or `AREA`). None when those pixels are fewer than `min_evidence_px`.
        """
        own = ~np.isin(keys, self._taken) & np.isin(keys, self._colors)
        evidence = int(counts[own].sum())
        if evidence < max(min_evidence_px, 1.0):
            return None
        usage_px = [0, 0, 0]
        usage_px[usage] = evidence
        self._taken = np.concatenate([self._taken, keys[own].astype(np.uint32)])
        self._known = np.vstack([self._known, np.array(srgb8, dtype=np.float64)[None, :] / 255.0])
        return FlatColor(
            srgb8=srgb8,
            members=keys[own].astype(np.uint32),
            absorbed=np.zeros(0, dtype=np.uint32),
            evidence_px=evidence,
            usage_px=(usage_px[0], usage_px[1], usage_px[2]),
            pixel_count=evidence,
            purity=float(counts[own].max() / evidence),
        )


def lab_of_keys(keys: NDArray[np.uint32]) -> NDArray[np.float64]:
    """CIELAB (D65) of packed sRGB keys, shape (N, 3)."""
    return lab_from_srgb(unpack_keys(keys) / 255.0)


def _candidates(
    analysis: RunAnalysis, ink_px: NDArray[np.int64], *, lossy: bool
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Indices (into `analysis.colors`) of candidate colours and their evidence, strongest first."""
    solid = (
        analysis.solid_usage[:, AREA] + analysis.solid_usage[:, STROKE]
        if lossy
        else analysis.solid_px
    )
    evidence = np.maximum(solid, ink_px)
    # Only colours seen mostly as strokes can be partial copies of an ink; a fill that words
    # are written on (a tinted badge) is often "between" its paper and its ink, and is a colour.
    text_like = (analysis.solid_usage[:, STROKE] + ink_px) >= _TEXT_LIKE_RATIO * (
        analysis.solid_usage[:, LINE] + analysis.solid_usage[:, AREA]
    )
    partial_fraction = analysis.partial_px / np.maximum(analysis.partial_px + ink_px, 1)
    keep = (
        (evidence > 0)
        & (evidence >= _MIN_FLAT_FRACTION * analysis.counts)
        & ~(text_like & (partial_fraction > _MAX_PARTIAL_FRACTION))
    )
    index = np.flatnonzero(keep)
    order = np.lexsort((analysis.colors[index], -evidence[index]))
    return index[order], evidence[index[order]]


def find_flat_colors(
    analysis: RunAnalysis, *, merge_delta_e: float, min_evidence_px: float, lossy: bool = False
) -> tuple[list[FlatColor], NDArray[np.bool_]]:
    """Merge candidate colours into design colours and measure their shares.

    Parameters
    ----------
    analysis : RunAnalysis
        Run statistics of the image.
    merge_delta_e : float
        Candidates within this CIEDE2000 of a stronger seed join it.
    min_evidence_px : float
        Flat pixels a merged colour needs to be reported.
    lossy : bool
        The image is noisy (JPEG): compression smears thin glyphs and rings along edges, so
        only fills and solid strokes count as evidence, not word ink or thin lines.

    Returns
    -------
    colors : list of FlatColor
        Strongest evidence first.
    covered : ndarray of shape (U,), dtype bool
        Which of `analysis.colors` count towards some flat colour's share.
    """
    ink_px = np.zeros_like(analysis.ink_px) if lossy else analysis.ink_px
    index, evidence = _candidates(analysis, ink_px, lossy=lossy)
    if index.size == 0:
        return [], np.zeros(analysis.colors.size, dtype=bool)
    keys = analysis.colors[index]
    lab = lab_of_keys(keys)
    usage = analysis.solid_usage[index].copy()
    usage[:, STROKE] = np.maximum(usage[:, STROKE], ink_px[index])
    free = np.ones(index.size, dtype=bool)
    groups: list[NDArray[np.intp]] = []
    for seed in range(index.size):
        if not free[seed]:
            continue
        if evidence[seed] < _SEED_FRACTION * min_evidence_px:
            break
        open_ = np.flatnonzero(free)
        near = open_[delta_e_2000(lab[seed], lab[open_]) <= merge_delta_e]
        free[near] = False
        if evidence[near].sum() >= min_evidence_px:
            groups.append(near)
    colors = []
    for core, members in _merge_partial_lines(groups, index, evidence, usage, analysis):
        weights = evidence[members].astype(np.float64)
        core_weights = evidence[core].astype(np.float64)
        rgb = unpack_keys(keys[core]).astype(np.float64)
        mean = np.round(core_weights @ rgb / core_weights.sum()).astype(int)
        colors.append(
            FlatColor(
                srgb8=(int(mean[0]), int(mean[1]), int(mean[2])),
                members=np.sort(keys[members]),
                absorbed=np.zeros(0, dtype=np.uint32),
                evidence_px=int(weights.sum()),
                usage_px=(
                    int(usage[members, STROKE].sum()),
                    int(usage[members, LINE].sum()),
                    int(usage[members, AREA].sum()),
                ),
                pixel_count=0,
                purity=float(core_weights.max() / weights.sum()),
            )
        )
    return _with_shares(colors, analysis)


def _merge_partial_lines(
    groups: list[NDArray[np.intp]],
    index: NDArray[np.intp],
    evidence: NDArray[np.int64],
    usage: NDArray[np.int64],
    analysis: RunAnalysis,
) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """Fold lines that are partial coverage of a stronger line into it: (core, all) per colour.

    A 1-px line at a fractional position covers two pixels partly and neither fully. When the
    same line is exact elsewhere (the aligned edges of a card), the partial colour C lies on the
    segment from that line colour L towards an area colour A that C touches, close to L
    (``C = α L + (1 − α) A`` with α of `_PARTIAL_LINE_MIN_ALPHA` or more): it is L, not a colour
    of its own. Designed line colours of one scale sit further apart (#e5e7eb is 0.56 of
    #d1d5db towards white). The representative colour comes from the core (L's own members).
    """
    if len(groups) < 3:
        return [(g, g) for g in groups]
    keys = analysis.colors[index]
    rgb = unpack_keys(keys[np.array([g[0] for g in groups])]).astype(np.float64)
    weight = np.array([evidence[g].sum() for g in groups])
    totals = np.array([usage[g].sum(axis=0) for g in groups])
    is_line = totals[:, LINE] >= totals[:, STROKE] + totals[:, AREA]
    is_area = totals[:, AREA] >= totals[:, STROKE] + totals[:, LINE]
    if np.count_nonzero(is_line) < 2 or not is_area.any():
        return [(g, g) for g in groups]
    areas = np.flatnonzero(is_area)
    target = np.arange(len(groups))
    for c in np.flatnonzero(is_line):
        # Colour geometry first (cheap); adjacency only once some area colour fits it.
        touched: set[int] | None = None
        for line in np.flatnonzero(is_line & (weight > weight[c])):
            span = rgb[line] - rgb[areas]
            offset = rgb[c] - rgb[areas]
            span_sq = np.maximum((span * span).sum(axis=1), 1.0)
            alpha = (offset * span).sum(axis=1) / span_sq
            residual = np.linalg.norm(offset - alpha[:, None] * span, axis=1)
            tolerance = _PARTIAL_LINE_TOLERANCE + 0.1 * np.sqrt(span_sq)
            ok = (alpha >= _PARTIAL_LINE_MIN_ALPHA) & (alpha < 1.0) & (residual <= tolerance)
            if not ok.any():
                continue
            if touched is None:
                touched = _touching(keys[groups[c]], keys, groups, analysis)
            if touched & {int(a) for a in areas[ok]}:
                target[c] = line
                break
    return [
        (groups[i], np.concatenate([groups[j] for j in np.flatnonzero(target == i)]))
        for i in range(len(groups))
        if target[i] == i
    ]


def _touching(
    own: NDArray[np.uint32],
    keys: NDArray[np.uint32],
    groups: list[NDArray[np.intp]],
    analysis: RunAnalysis,
) -> set[int]:
    """Groups that a colour (its member keys `own`) touches for a real part of its boundary.

    Neighbouring runs in rows and columns count; a group is touched when at least
    `_TOUCH_FRACTION` of the colour's run boundaries are with it.
    """
    group_keys = np.concatenate([keys[g] for g in groups])
    group_ids = np.concatenate([np.full(g.size, i, dtype=np.intp) for i, g in enumerate(groups)])
    order = np.argsort(group_keys)
    group_keys, group_ids = group_keys[order], group_ids[order]
    counts = np.zeros(len(groups), dtype=np.int64)
    for runs in (analysis.rows, analysis.columns):
        mine = np.flatnonzero(np.isin(runs.keys, own))
        neighbours = np.concatenate([mine[mine > 0] - 1, mine[mine < runs.keys.size - 1] + 1])
        sources = np.concatenate([mine[mine > 0], mine[mine < runs.keys.size - 1]])
        neighbours = neighbours[runs.lines[neighbours] == runs.lines[sources]]
        found = np.minimum(np.searchsorted(group_keys, runs.keys[neighbours]), group_keys.size - 1)
        hit = group_keys[found] == runs.keys[neighbours]
        counts += np.bincount(group_ids[found[hit]], minlength=len(groups))
    total = max(int(counts.sum()), 1)
    return {int(g) for g in np.flatnonzero(counts >= _TOUCH_FRACTION * total)}


def _with_shares(
    colors: list[FlatColor], analysis: RunAnalysis
) -> tuple[list[FlatColor], NDArray[np.bool_]]:
    """Assign every pixel colour within `SHARE_DELTA_E` to its nearest flat colour."""
    covered = np.zeros(analysis.colors.size, dtype=bool)
    if not colors:
        return colors, covered
    center_rgb = np.array([c.srgb8 for c in colors], dtype=np.uint8)
    centers_ok = oklab_from_srgb8(center_rgb)
    colors_ok = oklab_from_srgb8(unpack_keys(analysis.colors))
    distance = np.full(analysis.colors.size, np.inf, dtype=np.float32)
    nearest = np.zeros(analysis.colors.size, dtype=np.intp)
    for i, center in enumerate(centers_ok):
        d = np.sqrt(((colors_ok - center) ** 2).sum(axis=1))
        closer = d < distance
        distance[closer] = d[closer]
        nearest[closer] = i
    near = np.flatnonzero(distance <= _PREFILTER_OK)
    centers = lab_from_srgb(center_rgb / 255.0)
    close = (
        delta_e_2000(lab_of_keys(analysis.colors[near]), centers[nearest[near]]) <= SHARE_DELTA_E
    )
    counts = np.bincount(
        nearest[near[close]], weights=analysis.counts[near[close]], minlength=len(colors)
    )
    covered[near[close]] = True
    merged = np.concatenate([c.members for c in colors])
    absorbed = near[close]
    absorbed = absorbed[~np.isin(analysis.colors[absorbed], merged)]
    shared = [
        FlatColor(
            srgb8=c.srgb8,
            members=c.members,
            absorbed=analysis.colors[absorbed[nearest[absorbed] == i]],
            evidence_px=c.evidence_px,
            usage_px=c.usage_px,
            pixel_count=max(int(counts[i]), c.evidence_px),
            purity=c.purity,
        )
        for i, c in enumerate(colors)
    ]
    return shared, covered
