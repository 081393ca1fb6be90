"""One-dimensional scales from measurements: clusters of nearby values and the grid they share.

`cluster_values` groups measurements (CSS px) that differ by no more than the measurement can
(one image pixel, plus a little for JPEG), takes each group's median, and snaps it to the
resolution CSS values have at the image's DPR (whole px at 1×, half px at 2×).

`infer_base_unit` asks which unit most of the (count-weighted) values are multiples of, beyond
what chance explains. A value on a multiple (within its tolerance) scores 1; one a CSS px off
scores its `near_credit` (measurements carry a pixel of anti-aliasing, JPEG ringing or inline
line-box slack, so 21 px is usually a 20 px padding). A whole-px value lands on a multiple of u
by chance at a rate 1/u and a px off at 2/u, so each unit's score h is compared with the chance
rate c = (1 + 2·credit)/u as the chance-corrected agreement κ = (h − c) / (1 − c); units that
chance alone fills (c ≥ 1) cannot be told from noise and are skipped. The largest unit whose κ
is within `_KAPPA_TIE` of the best wins (8 over 4 when both fit every value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["BaseUnit", "Cluster", "cluster_values", "infer_base_unit"]

# A cluster with at most this share of a neighbouring cluster's count, one snap step away, is
# read as that neighbour's measurement noise and merged into it.
_NOISE_SHARE = 1.0 / 3.0
# Units whose chance-corrected fit is this close to the best count as tied (larger unit wins).
_KAPPA_TIE = 0.05
# A value within this many CSS px of a multiple of the unit is on the grid (unless the caller
# gives per-value tolerances).
_ON_GRID_PX = 0.5
# A value this many CSS px from a multiple is "near" it: the scoring tolerance of the benchmark
# and of designers (±1 px). The small epsilon absorbs float error in the division.
_NEAR_PX = 1.0 + 1e-6


@dataclass(frozen=True)
class Cluster:
    """Measurements grouped around one value.

    Parameters
    ----------
    value : float
        The snapped median, CSS px.
    members : tuple of int
        Indices of the measurements in the group.
    """

    value: float
    members: tuple[int, ...]

    @property
    def count(self) -> int:
        """Number of measurements."""
        return len(self.members)


@dataclass(frozen=True)
class BaseUnit:
    """The grid a scale sits on.

    Parameters
    ----------
    unit : float
        The base unit, CSS px.
    kappa : float
        Chance-corrected share of the weight on the grid (1 = all of it, 0 = chance).
    on_grid : tuple of bool
        Per value passed in, whether it is a multiple of the unit (within its tolerance).
    runner_up : float or None
        The next best unit that is not a divisor or multiple of this one, if any.
    near_grid : tuple of bool
        Per value passed in, whether it is not on the grid but a CSS px from a multiple and has
        a positive near credit (empty when no credits were given).
    """

    unit: float
    kappa: float
    on_grid: tuple[bool, ...]
    runner_up: float | None
    near_grid: tuple[bool, ...] = ()


def _snap(value: float, step: float) -> float:
    return round(value / step) * step


def cluster_values(values_css: Sequence[float], *, snap_css: float) -> list[Cluster]:
    """Cluster measurements.

    Parameters
    ----------
    values_css : sequence of float
        Measurements, CSS px.
    snap_css : float
        Resolution of CSS values at this DPR (1.0 at 1×, 0.5 at 2×).

    Returns
    -------
    list of Cluster
        Clusters by ascending value.
    """
    if not values_css:
        return []
    snapped = np.array([_snap(v, snap_css) for v in values_css], dtype=np.float64)
    bins: dict[float, list[int]] = {}
    for i, v in enumerate(snapped.tolist()):
        bins.setdefault(v, []).append(i)
    keys = sorted(bins)
    # Merge noise bins (one snap step from a much larger neighbour) into that neighbour.
    for key in sorted(keys, key=lambda k: len(bins[k])):
        if key not in bins:
            continue
        neighbours = [k for k in (key - snap_css, key + snap_css) if k in bins]
        if not neighbours:
            continue
        big = max(neighbours, key=lambda k: len(bins[k]))
        if len(bins[key]) <= _NOISE_SHARE * len(bins[big]):
            bins[big].extend(bins.pop(key))
    clusters = []
    for key in sorted(bins):
        members = tuple(sorted(bins[key]))
        median = float(np.median(np.asarray(values_css, dtype=np.float64)[list(members)]))
        clusters.append(Cluster(value=_snap(median, snap_css), members=members))
    return clusters


def infer_base_unit(
    values_css: Sequence[float],
    weights: Sequence[float],
    *,
    candidates: Sequence[float],
    tolerances_css: Sequence[float] | None = None,
    near_credits: Sequence[float] | None = None,
) -> BaseUnit | None:
    """Infer the base unit of a scale.

    Parameters
    ----------
    values_css : sequence of float
        Distinct scale values, CSS px.
    weights : sequence of float
        Weight of each value (its number of measurements).
    candidates : sequence of float
        Units to consider, CSS px.
    tolerances_css : sequence of float, optional
        How far each value may lie from a multiple and still be on the grid, CSS px; half a
        pixel for all when omitted.
    near_credits : sequence of float, optional
        Score (0–1) of each value when it lies a CSS px from a multiple rather than on it; 0
        for all when omitted (only values within their tolerance count).

    Returns
    -------
    BaseUnit or None
        None when no values are given.
    """
    if not values_css or not candidates:
        return None
    values = np.asarray(values_css, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    tolerance = (
        np.full(values.shape, _ON_GRID_PX)
        if tolerances_css is None
        else np.asarray(tolerances_css, dtype=np.float64)
    )
    credit = (
        np.zeros(values.shape)
        if near_credits is None
        else np.clip(np.asarray(near_credits, dtype=np.float64), 0.0, 1.0)
    )
    total = float(w.sum())
    # Chance rate per value, weighted: on a multiple 1/u of the time, a px off 2/u.
    chance_numerator = float((w * (1.0 + 2.0 * credit)).sum()) / total
    scored: list[tuple[float, float, np.ndarray, np.ndarray]] = []
    for unit in candidates:
        chance = chance_numerator / unit
        if chance >= 1.0:
            continue
        offset = np.abs(values - unit * np.round(values / unit))
        exact = offset <= tolerance
        near = ~exact & (offset <= _NEAR_PX) & (credit > 0.0)
        large_enough = values >= unit - np.maximum(tolerance, np.where(credit > 0.0, _NEAR_PX, 0.0))
        exact &= large_enough
        near &= large_enough
        share = float((w * np.where(exact, 1.0, np.where(near, credit, 0.0))).sum()) / total
        kappa = (share - chance) / (1.0 - chance)
        scored.append((unit, kappa, exact, near))
    if not scored:
        return None
    best_kappa = max(s[1] for s in scored)
    unit, kappa, hit, near_hit = max(
        (s for s in scored if s[1] >= best_kappa - _KAPPA_TIE), key=lambda s: s[0]
    )
    others = [
        s for s in scored if s[0] != unit and (max(s[0], unit) / min(s[0], unit)) % 1.0 > 1e-9
    ]
    runner = max(others, key=lambda s: s[1])[0] if others else None
    return BaseUnit(
        unit=unit,
        kappa=max(0.0, kappa),
        on_grid=tuple(bool(h) for h in hit),
        runner_up=runner,
        near_grid=tuple(bool(h) for h in near_hit) if near_credits is not None else (),
    )
