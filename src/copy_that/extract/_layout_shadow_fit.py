"""Fit CSS box-shadow layers to the halo around a box.

Model. A CSS outer shadow is the element's box, moved by (dx, dy), grown by the spread s on
every side, blurred with a Gaussian of standard deviation σ = blur / 2 (CSS Backgrounds 3 §7.1),
and composited over the background. A blurred box is separable: its coverage at (x, y) is

    S(x, y) = Sx(x) · Sy(y),  Sx(x) = ½ [erf((x − a) / √2σ′) − erf((x − b) / √2σ′)]

with a = left + dx − s, b = right + dx + s (Sy likewise), and σ′ = √(σ² + 1/12) folds in the
integration over a pixel's width. A pixel shows background + k · S, k = alpha · (colour −
background) per channel; several layers add their terms (a first-order approximation of
stacking translucent layers, good while each alpha · S is small).

Data. For each side, the median colour of the straight middle part of the side at every
distance outwards (up to the nearest other element), so text and corners do not interfere. For
given geometry the k of each layer are linear and solved by least squares inside the residual
(variable projection); the geometry is found by `scipy.optimize.least_squares` from several
starts, for one and two layers, each with spreads fixed at zero or free. The model with the
lowest Bayesian information criterion wins (noise variance floored, so 8-bit rounding does not
buy extra layers). A weak prior keeps spreads near zero where the pixels cannot tell a wide blur
with a negative spread from a narrower one without.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import least_squares
from scipy.special import erf

__all__ = ["HaloProfiles", "LayerFit", "ShadowFit", "fit_shadow", "layer_params"]

# Geometry parameters per layer: dx, dy, sigma, spread (image px).
_PARAMS = 4
_SQRT2 = math.sqrt(2.0)
# Variance of a uniform pixel footprint (1/12 px²), added to the blur's.
_PIXEL_VARIANCE = 1.0 / 12.0
_ALONG_SAMPLES = 12
# Tiny ridge keeping the normal equations solvable when a layer's coverage vanishes.
_RIDGE = 1e-9
# Weak prior on the spread: zero, with this standard deviation in CSS px (scaled by the caller to
# image px). It only decides between fits the pixels cannot tell apart (a wide blur with a
# negative spread against a narrower blur without one).
_SPREAD_PRIOR_CSS = 0.5
# Alpha above which a layer is penalised (shadows are translucent), and the penalty's weight in
# code values per unit of excess alpha.
_MAX_ALPHA = 0.8
_ALPHA_PENALTY = 200.0
# Function evaluations per local fit.
_MAX_EVALUATIONS = 30
# Starting blur of a tight contact shadow, σ in CSS px (scaled to image px).
_CONTACT_SIGMA_CSS = 1.0
# Second-layer starts relative to the first: a contact layer at 0.3 of a soft (σ over
# `_SOFT_SIGMA_CSS`) first layer's blur and offset, an ambient layer at 2.5 of a tight one's.
_SOFT_SIGMA_CSS = 2.0
_CONTACT_SCALE = 0.3
_AMBIENT_SCALE = 2.5
# Smallest σ fitted, CSS px: sharper halos are outlines or neighbours, not shadows.
_MIN_SIGMA_CSS = 0.5
# Smallest residual variance per sample assumed when comparing models, code values².
_NOISE_FLOOR = 0.25
# A fit this close (RMS, code values) is as good as 8-bit pixels allow: no richer model is tried,
# and a geometry from another box that fits this well is reused.
_GOOD_RMS = 0.6
# A one-layer fit this bad (RMS, code values) is no shadow; two layers are not tried.
_HOPELESS_RMS = 6.0


@dataclass(frozen=True)
class HaloProfiles:
    """What the fit sees around one box.

    Parameters
    ----------
    edges : tuple of 4 floats
        ``(left, top, right, bottom)`` of the box in image px (edge coordinates).
    sides : tuple of 4 (ndarray or None)
        Per side (top, right, bottom, left): median sRGB at distances 0, 1, … outwards, shape
        (R, 3), float64; None when that side has no room.
    spans : tuple of 4 (tuple of 2 floats or None)
        Per side, the stretch of the side the medians were taken over, in image px along it
        (x for top/bottom, y for left/right), as ``(start, end)`` edge coordinates.
    background : ndarray of shape (3,)
        sRGB of the background the shadow falls on.
    skip_px : int
        Samples nearest the box left out of the fit (JPEG ringing sits there).
    """

    edges: tuple[float, float, float, float]
    sides: tuple[
        NDArray[np.float64] | None,
        NDArray[np.float64] | None,
        NDArray[np.float64] | None,
        NDArray[np.float64] | None,
    ]
    spans: tuple[
        tuple[float, float] | None,
        tuple[float, float] | None,
        tuple[float, float] | None,
        tuple[float, float] | None,
    ]
    background: NDArray[np.float64]
    skip_px: int = 0


@dataclass(frozen=True)
class LayerFit:
    """One fitted layer in image px.

    Parameters
    ----------
    offset_x_px, offset_y_px : float
        Offset of the shadow box.
    sigma_px : float
        Gaussian standard deviation (CSS blur radius = 2 σ).
    spread_px : float
        Growth of the shadow box on every side (negative shrinks it).
    k : ndarray of shape (3,)
        alpha · (colour − background), sRGB code values per channel.
    """

    offset_x_px: float
    offset_y_px: float
    sigma_px: float
    spread_px: float
    k: NDArray[np.float64]


@dataclass(frozen=True)
class ShadowFit:
    """A fitted shadow.

    Parameters
    ----------
    layers : tuple of LayerFit
        One or two layers, the more prominent first.
    rms : float
        Root-mean-square residual, sRGB code values.
    r2 : float
        Share of the halo's variance around the background the model explains, 0–1.
    """

    layers: tuple[LayerFit, ...]
    rms: float
    r2: float


def _coverage(
    positions: NDArray[np.float64],
    lo: float | NDArray[np.float64],
    hi: float | NDArray[np.float64],
    sigma: float,
) -> NDArray[np.float64]:
    scale = _SQRT2 * math.sqrt(sigma * sigma + _PIXEL_VARIANCE)
    return np.asarray(0.5 * (erf((positions - lo) / scale) - erf((positions - hi) / scale)))


class _Design:
    """Sample positions of every side, laid out for vectorised coverage evaluation."""

    def __init__(self, halo: HaloProfiles) -> None:
        self.halo = halo
        left, top, right, bottom = halo.edges
        self.blocks: list[tuple[int, NDArray[np.float64], NDArray[np.float64]]] = []
        rows: list[NDArray[np.float64]] = []
        for side, (profile, span) in enumerate(zip(halo.sides, halo.spans, strict=True)):
            if profile is None or span is None:
                continue
            if profile.shape[0] <= halo.skip_px:
                continue
            distance = np.arange(halo.skip_px, profile.shape[0], dtype=np.float64) + 0.5
            # The coverage along a side is smooth: a dozen evenly spread samples average it.
            along = np.linspace(span[0] + 0.5, span[1] - 0.5, _ALONG_SAMPLES)
            out = {
                0: top - distance,
                1: right + distance,
                2: bottom + distance,
                3: left - distance,
            }[side]
            self.blocks.append((side, out, along))
            rows.append(profile[halo.skip_px :] - halo.background[None, :])
        self.data = np.concatenate(rows, axis=0) if rows else np.zeros((0, 3))
        # Flat arrays: each sample's outward position, whether it lies across a horizontal side
        # (top/bottom: outward is y), and which side block it belongs to.
        self.out = np.concatenate([b[1] for b in self.blocks]) if rows else np.zeros(0)
        self.across_y = (
            np.concatenate([np.full(b[1].size, b[0] in (0, 2)) for b in self.blocks])
            if rows
            else np.zeros(0, dtype=bool)
        )
        self.block = (
            np.concatenate([np.full(b[1].size, i) for i, b in enumerate(self.blocks)])
            if rows
            else np.zeros(0, dtype=np.intp)
        )
        self.along = (
            np.array([b[2] for b in self.blocks]) if rows else np.zeros((0, _ALONG_SAMPLES))
        )
        self.along_x = np.array([b[0] in (0, 2) for b in self.blocks], dtype=bool)
        # The geometry is fitted on the data's dominant colour direction (a shadow changes all
        # channels in proportion), three times fewer samples than all channels.
        _, _, vt = (
            np.linalg.svd(self.data, full_matrices=False) if rows else (None, None, np.eye(3))
        )
        self.direction = vt[0]
        self.projected = self.data @ self.direction

    def coverage(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        """Coverage of one layer at every sample, shape (N,)."""
        dx, dy, sigma, spread = (float(v) for v in params)
        left, top, right, bottom = self.halo.edges
        x_lo, x_hi = left + dx - spread, right + dx + spread
        y_lo, y_hi = top + dy - spread, bottom + dy + spread
        lo = np.where(self.across_y, y_lo, x_lo)
        hi = np.where(self.across_y, y_hi, x_hi)
        outward = _coverage(self.out, lo, hi, sigma)
        a_lo = np.where(self.along_x, x_lo, y_lo)[:, None]
        a_hi = np.where(self.along_x, x_hi, y_hi)[:, None]
        along = _coverage(self.along, a_lo, a_hi, sigma).mean(axis=1)
        return np.asarray(outward * along[self.block])


def _basis(design: _Design, params: NDArray[np.float64], layers: int) -> NDArray[np.float64]:
    columns = [design.coverage(params[i * _PARAMS : (i + 1) * _PARAMS]) for i in range(layers)]
    return np.column_stack([*columns, np.ones(design.data.shape[0])])


def _solve(
    design: _Design, params: NDArray[np.float64], layers: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Best k for given geometry: (k of shape (layers, 3), residual of shape (N, 3)).

    A constant column absorbs a small error in the background colour.
    """
    basis = _basis(design, params, layers)
    k = np.asarray(np.linalg.lstsq(basis, design.data, rcond=None)[0], dtype=np.float64)
    return k[:layers], design.data - basis @ k


def _solve_projected(
    design: _Design, params: NDArray[np.float64], layers: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """`_solve` on the dominant colour direction: (k of shape (layers,), residual (N,))."""
    basis = _basis(design, params, layers)
    gram = basis.T @ basis + _RIDGE * np.eye(basis.shape[1])
    k = np.linalg.solve(gram, basis.T @ design.projected)
    return k[:layers], design.projected - basis @ k


def _fit(
    design: _Design,
    start: NDArray[np.float64],
    bounds: tuple[NDArray[np.float64], NDArray[np.float64]],
    layers: int,
    *,
    prior_px: float,
    free_spread: bool,
) -> tuple[NDArray[np.float64], float]:
    """Least-squares geometry from `start`; returns (params, data RSS).

    Without `free_spread` the spreads stay at zero (most shadows have none).
    """
    background = design.halo.background
    free = np.ones(start.size, dtype=bool)
    if not free_spread:
        free[_PARAMS - 1 :: _PARAMS] = False
    fixed = np.where(free, 0.0, 0.0 * start)

    def full(p: NDArray[np.float64]) -> NDArray[np.float64]:
        out = fixed.copy()
        out[free] = p
        return out

    def residual(p: NDArray[np.float64]) -> NDArray[np.float64]:
        params = full(p)
        k, rest = _solve_projected(design, params, layers)
        spreads = params[_PARAMS - 1 :: _PARAMS] / prior_px
        # The smallest alpha each layer needs (its colour as dark as the channel allows): a
        # layer needing more than `_MAX_ALPHA` is implausible.
        colour_k = np.outer(k, design.direction)
        room = np.where(colour_k < 0, background, 255.0 - background)
        need = np.max(np.abs(colour_k) / np.maximum(room, 1.0), axis=1)
        excess = np.maximum(0.0, need - _MAX_ALPHA) * _ALPHA_PENALTY
        return np.concatenate([rest, spreads, excess])

    lo, hi = bounds[0][free], bounds[1][free]
    x0 = np.clip(start[free], lo + 1e-6, hi - 1e-6)
    result = least_squares(
        residual, x0, bounds=(lo, hi), method="trf", x_scale="jac", max_nfev=_MAX_EVALUATIONS
    )
    params = full(np.asarray(result.x, dtype=np.float64))
    return params, float((_solve(design, params, layers)[1] ** 2).sum())


def _starts(design: _Design, dpr: float, max_sigma_px: float) -> list[NDArray[np.float64]]:
    """Starting geometries: one read off the profiles, and a tight contact shadow."""
    strength = np.abs(design.projected)
    decay: list[float] = []
    offset = 0
    for _, out, _ in design.blocks:
        part = strength[offset : offset + out.size]
        offset += out.size
        if part.size and part[0] > 0:
            # Distance at which the halo falls to a third of its strength ≈ one σ past the edge.
            below = np.flatnonzero(part <= part[0] / 3.0)
            decay.append(float(below[0]) if below.size else float(part.size))
    sigma = float(np.clip(np.median(decay) if decay else 4.0 * dpr, 0.75 * dpr, 0.9 * max_sigma_px))
    contact = min(_CONTACT_SIGMA_CSS * dpr, 0.9 * max_sigma_px)
    return [np.array([0.0, sigma / 2.0, sigma, 0.0]), np.array([0.0, contact, contact, 0.0])]


def _result(design: _Design, params: NDArray[np.float64], layers: int) -> ShadowFit:
    k, rest = _solve(design, params, layers)
    rss = float((rest**2).sum())
    fits = [
        LayerFit(
            offset_x_px=float(params[i * _PARAMS]),
            offset_y_px=float(params[i * _PARAMS + 1]),
            sigma_px=float(params[i * _PARAMS + 2]),
            spread_px=float(params[i * _PARAMS + 3]),
            k=np.asarray(k[i], dtype=np.float64),
        )
        for i in range(layers)
    ]
    fits.sort(key=lambda f: -float(np.abs(f.k).max()))
    total = float((design.data**2).sum())
    return ShadowFit(
        layers=tuple(fits),
        rms=math.sqrt(rss / design.data.size),
        r2=max(0.0, 1.0 - rss / total) if total > 0 else 0.0,
    )


def layer_params(fit: ShadowFit) -> NDArray[np.float64]:
    """The geometry of a fit as one parameter vector (dx, dy, σ, spread per layer), image px."""
    return np.array(
        [v for f in fit.layers for v in (f.offset_x_px, f.offset_y_px, f.sigma_px, f.spread_px)],
        dtype=np.float64,
    )


def fit_shadow(
    halo: HaloProfiles,
    *,
    max_sigma_px: float,
    max_offset_px: float,
    dpr: float,
    seeds: Sequence[NDArray[np.float64]] = (),
    good_rms: float | None = None,
) -> ShadowFit | None:
    """Fit one or two shadow layers to a box's halo.

    Parameters
    ----------
    halo : HaloProfiles
        The side profiles.
    max_sigma_px : float
        Largest Gaussian σ considered, image px.
    max_offset_px : float
        Largest |offset| and |spread| considered, image px.
    dpr : float
        Device pixel ratio (scales the starting blurs and the spread prior).
    seeds : sequence of ndarray
        Geometries (`layer_params`) fitted on other boxes: one that already explains this halo
        to within `good_rms` is taken as it is (components repeat their shadows).
    good_rms : float, optional
        RMS residual (code values) that counts as a perfect fit; `_GOOD_RMS` when omitted
        (noisier images need more).

    Returns
    -------
    ShadowFit or None
        None when there are too few samples to fit.
    """
    design = _Design(halo)
    n = design.data.size
    if n < 4 * _PARAMS * 3:
        return None
    good = _GOOD_RMS if good_rms is None else good_rms
    for seed in seeds:
        reused = _result(design, seed, seed.size // _PARAMS)
        if reused.rms <= good:
            return reused
    prior = _SPREAD_PRIOR_CSS * dpr
    min_sigma = _MIN_SIGMA_CSS * dpr
    lo1 = np.array([-max_offset_px, -max_offset_px, min_sigma, -max_offset_px])
    hi1 = np.array([max_offset_px, max_offset_px, max_sigma_px, max_offset_px])
    lo2, hi2 = np.concatenate([lo1, lo1]), np.concatenate([hi1, hi1])
    candidates: list[tuple[float, NDArray[np.float64], float, int]] = []

    def add(params: NDArray[np.float64], rss: float, layers: int, free_spread: bool) -> None:
        free = layers * (_PARAMS if free_spread else _PARAMS - 1)
        candidates.append((float(free + 3 * layers + 3), params, rss, layers))

    best: tuple[NDArray[np.float64], float] | None = None
    for start in _starts(design, dpr, max_sigma_px):
        found = _fit(design, start, (lo1, hi1), 1, prior_px=prior, free_spread=False)
        if best is None or found[1] < best[1]:
            best = found
    assert best is not None
    one = best[0]
    add(one, best[1], 1, False)
    if math.sqrt(best[1] / n) > _HOPELESS_RMS:
        # Nothing shadow-like: richer models would only fit the neighbour that is there instead.
        return _result(design, one, 1)
    if math.sqrt(best[1] / n) > good:
        found = _fit(design, one, (lo1, hi1), 1, prior_px=prior, free_spread=True)
        add(found[0], found[1], 1, True)
        best2: tuple[NDArray[np.float64], float] | None = None
        # The second layer starts as a tight contact shadow under a soft one, or as a wide
        # ambient one around a tight one.
        for scale in (_CONTACT_SCALE,) if one[2] > _SOFT_SIGMA_CSS * dpr else (_AMBIENT_SCALE,):
            sigma2 = min(max(min_sigma, one[2] * scale), 0.9 * max_sigma_px)
            second = np.array([0.0, one[1] * scale, sigma2, 0.0])
            found = _fit(
                design,
                np.concatenate([one, second]),
                (lo2, hi2),
                2,
                prior_px=prior,
                free_spread=False,
            )
            if best2 is None or found[1] < best2[1]:
                best2 = found
        assert best2 is not None
        add(best2[0], best2[1], 2, False)
        if math.sqrt(best2[1] / n) > good:
            found = _fit(design, best2[0], (lo2, hi2), 2, prior_px=prior, free_spread=True)
            add(found[0], found[1], 2, True)
    # Bayesian information criterion with the noise variance taken from the best fit, but never
    # below `_NOISE_FLOOR`: 8-bit rounding and the browser's blur approximation leave that much
    # misfit, which an extra layer must not be chosen to explain.
    variance = max(_NOISE_FLOOR, min(c[2] for c in candidates) / n)
    _, params, _, layers = min(candidates, key=lambda c: c[2] / variance + c[0] * math.log(n))
    return _result(design, params, layers)
