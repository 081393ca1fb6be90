"""One-dimensional scales from measurements: clusters of nearby values and the grid they share.

`cluster_values` groups measurements (CSS px) that differ by no more than the measurement can
(one image pixel, plus a little for JPEG), takes each group's median, and snaps it to the
resolution CSS values have at the image's DPR (whole px at 1×, half px at 2×).

`infer_base_unit` asks which unit the values are most likely measured on. Each candidate unit u
is a model of the measurements: a share `_GRID_SHARE` of them lie on a multiple of u (any of the
multiples up to the largest spacing read, equally likely, each reading blurred by its own
spread σ — anti-aliasing, JPEG ringing, a glyph's side bearing), the rest are stray readings
spread evenly over the range. The unit whose model gives the weighted values the highest
likelihood, times the unit's prior, wins; its posterior over the candidates is its confidence.

The model prefers the coarsest grid the values support without any tie rule: a multiple of 8
is twice as likely under u = 8 as under u = 4 (the grid's mass spreads over half as many
multiples), while a value at 12 is a stray reading under 8 and on the grid under 4. So a run
of 8, 16, 32, 48 reads as 8, and one well-measured 12 among them tips it to 4 — but a single
faint reading does not, and a value repeated many times (the gutter of every table row) counts
as the one design decision it is when the caller weighs values by their support, not their count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["BaseUnit", "Cluster", "cluster_values", "infer_base_unit"]

# A cluster with at most this share of a neighbouring cluster's count, one snap step away, is
# read as that neighbour's measurement noise and merged into it.
_NOISE_SHARE = 1.0 / 3.0
# A value within this many CSS px of a multiple of the unit is on the grid (unless the caller
# gives per-value tolerances).
_ON_GRID_PX = 0.5
# A value this many CSS px from a multiple is "near" it: the scoring tolerance of the benchmark
# and of designers (±1 px). The small epsilon absorbs float error in the division.
_NEAR_PX = 1.0 + 1e-6
# Share of measurements the grid model expects on the grid; the rest are stray readings (a
# neighbour's edge, text columns, JPEG ringing). Screens measured here put 60-90 % on it; the
# low end keeps a few strays from forcing a finer unit.
_GRID_SHARE = 0.6
# Smallest spread of a reading, CSS px: sub-pixel layout and anti-aliasing leave about this much
# even on box-to-box distances read to a tenth of a pixel.
_MIN_SIGMA_PX = 0.6
# A unit must exceed this many times the readings' typical spread to be told from noise (1 px
# fits every value read to ±0.6 px; 2 px every one read to ±1 px).
_MIN_UNIT_PER_SIGMA = 2.0


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
    confidence : float
        Posterior probability of the unit among the candidates, 0–1.
    on_grid : tuple of bool
        Per value passed in, whether it is a multiple of the unit (within its tolerance).
    near_grid : tuple of bool
        Per value passed in, whether it is not on the grid but a CSS px from a multiple (empty
        unless asked for).
    """

    unit: float
    confidence: float
    on_grid: tuple[bool, ...]
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
    near: bool = False,
    priors: Sequence[float] | None = None,
    range_css: float = 128.0,
) -> BaseUnit | None:
    """Infer the base unit of a scale (see the module docstring).

    Parameters
    ----------
    values_css : sequence of float
        Distinct scale values, CSS px.
    weights : sequence of float
        Weight of each value: how sure the caller is it is a real design value.
    candidates : sequence of float
        Units to consider, CSS px.
    tolerances_css : sequence of float, optional
        How far each value may lie from a multiple and still be on the grid, CSS px; half a
        pixel for all when omitted. Also the value's spread σ (at least `_MIN_SIGMA_PX`).
    near : bool
        Also report which values lie a CSS px from a multiple (`BaseUnit.near_grid`, empty
        otherwise).
    priors : sequence of float, optional
        Prior weight of each candidate (how common such a unit is); equal when omitted.
    range_css : float
        Largest spacing value read, CSS px: the grid's multiples run up to it.

    Returns
    -------
    BaseUnit or None
        None when no values are given or no candidate is coarser than the readings' spread.
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
    sigma = np.maximum(tolerance, _MIN_SIGMA_PX)
    prior = np.ones(len(candidates)) if priors is None else np.asarray(priors, dtype=np.float64)
    top = max(range_css, float(values.max()))
    scores = np.full(len(candidates), -np.inf)
    # A grid no coarser than the readings' spread fits any value: it says nothing.
    resolvable = _MIN_UNIT_PER_SIGMA * float(np.median(sigma))
    for i, unit in enumerate(candidates):
        if unit <= resolvable:
            continue
        multiples = unit * np.arange(1, int(top // unit) + 2)
        z = (values[:, None] - multiples[None, :]) / sigma[:, None]
        on_grid_density = np.exp(-0.5 * z**2).sum(axis=1) / (sigma * np.sqrt(2.0 * np.pi))
        # Grid readings: one of the multiples (unit / top of them per px), blurred by σ.
        likelihood = _GRID_SHARE * (unit / top) * on_grid_density + (1.0 - _GRID_SHARE) / top
        scores[i] = float((w * np.log(likelihood)).sum()) + np.log(max(prior[i], 1e-12))
    if not np.isfinite(scores).any():
        return None
    posterior = np.exp(scores - scores.max())
    posterior /= posterior.sum()
    best = int(np.argmax(scores))
    unit = float(candidates[best])
    offset = np.abs(values - unit * np.round(values / unit))
    # A value below the unit is no multiple of it, however close.
    large_enough = values >= unit - np.maximum(tolerance, _NEAR_PX)
    exact = (offset <= tolerance) & large_enough
    near_hit = ~exact & (offset <= _NEAR_PX) & large_enough
    return BaseUnit(
        unit=unit,
        confidence=float(posterior[best]),
        on_grid=tuple(bool(h) for h in exact),
        near_grid=tuple(bool(h) for h in near_hit) if near else (),
    )
