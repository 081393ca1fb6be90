"""Fit CSS box-shadow layers to the halo around a box.

Model. A CSS outer shadow is the element's box, moved by (dx, dy), grown by the spread s on
every side, blurred with standard deviation σ = blur / 2 (CSS Backgrounds 3 §7.1), and
composited over the background. Browsers do not blur with a true Gaussian but with three
successive box blurs (the approximation Filter Effects 1 gives for feGaussianBlur). Measured on
Chromium renders (square and rounded boxes, blurs of 2–40 px, DPR 1 and 2), that kernel fits
their halos with a third to a half of a Gaussian's residual; its σ is the CSS one on square
boxes and, on rounded ones, that of the spec's whole-px box widths (up to 11 % smaller).
A blurred box is separable: its coverage at (x, y) is

    S(x, y) = Sx(x) · Sy(y),  Sx(x) = F((x − a) / w) − F((x − b) / w)

with a = left + dx − s, b = right + dx + s (Sy likewise), F the CDF of three unit boxes
convolved, and w = 2 √(σ² + 1/12) (three boxes of width w have variance σ², plus the
integration over a pixel's width). A pixel shows background + k · S, k = alpha · (colour −
background) per channel; several layers add their terms (a first-order approximation of
stacking translucent layers, good while each alpha · S is small). Where a side faces a sibling
box (the next card of a grid) across a gap, the sibling is taken to cast the same shadow, and its
term is added to the samples in the gap.

Data. For each side, the median colour of the straight middle part of the side at every
distance outwards (up to the nearest other element, and twice as far as the halo shows), so
text and corners do not interfere. For given geometry the k of each layer are linear and solved
by least squares inside the residual (variable projection); the geometry is found by
Levenberg-Marquardt with the exact Jacobian, for one layer and for two (a contact and an
ambient start for the second), each with spreads fixed at zero or free (never positive). The
model with the lowest Bayesian information criterion that the caller accepts as a shadow wins
(noise variance floored, so 8-bit rounding does not buy extra layers); one with a parameter held
at a bound of its range was not measured and is skipped. A weak prior keeps spreads near zero
where the pixels cannot tell a wide blur with a negative spread from a narrower one without.

Hidden glow tails. Browsers composite a shadow in whole alpha steps of 1/255, truncating. The
first step of a dark shadow always shows (it takes a code value off any background), so a pixel
a shadow left unchanged holds less than one code value of it, as rounding would. The first step
of a light glow never shows: it adds less than a code value, which the truncation drops, and on
a dark page the first visible step is the second or third. Around a glow, unchanged pixels may
so hide up to about two code values (`glow_hidden`); taking them for zeros cuts the glow's tail
short and reads its blur too small. When asked (`censor_glow`), a glow's unchanged samples are
set to what the fitted model predicts there, within what they can hide, and the model is fitted
again, twice (expectation-maximisation for censored samples); the fit's RMS and R² are then
those of the samples so filled in.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging import LUMA

__all__ = ["HaloProfiles", "LayerFit", "ShadowFit", "fit_shadow", "layer_params"]

# Geometry parameters per layer: dx, dy, sigma, spread (image px).
_PARAMS = 4
# Variance of a uniform pixel footprint (1/12 px²), added to the blur's.
_PIXEL_VARIANCE = 1.0 / 12.0
# Sign of the spread's move of a box's low and high edge (it grows the box both ways).
_GROWTH = np.array([[-1.0], [1.0]])
_ALONG_SAMPLES = 12
# Samples of background kept past a halo's end at least (they pin its tail).
_MIN_TAIL_PX = 8
# Tiny ridge keeping the normal equations solvable when a layer's coverage vanishes.
_RIDGE = 1e-9
# Weak prior on the spread: zero, with this standard deviation in CSS px (scaled by the caller to
# image px). It only decides between fits the pixels cannot tell apart (a wide blur with a
# negative spread against a narrower blur without one); design systems use spreads of 0 to −6 px
# (Tailwind's large shadows), which a tighter prior pulled towards zero at the cost of the blur:
# at 2 px, −4 px spreads read −1.5 to −3 with blurs 20-25 % short (shadow validation, PNG at
# DPR 1: recall 0.83 at 2 px, 0.85 at 4, 0.89 at 8, 0.86 at 16, 0.84 without a prior; at DPR 2
# 0.88 up to 8 px, 0.79 from 16).
_SPREAD_PRIOR_CSS = 8.0
# Alpha above which a layer is penalised (shadows are translucent), and the penalty's weight in
# code values per unit of excess alpha.
_MAX_ALPHA = 0.8
_ALPHA_PENALTY = 200.0
# Levenberg-Marquardt: iterations per local fit (fits converge in about ten); iterations from
# each two-layer start before the better one is followed; the damping's start, step factor and
# range (a damping beyond the maximum means no step lowers the cost); a step that lowers the cost
# by less than this share of it ends the fit.
_MAX_ITERATIONS = 20
_SCOUT_ITERATIONS = 5
_INITIAL_DAMPING = 1e-3
_DAMPING_FACTOR = 4.0
_MIN_DAMPING = 1e-7
_MAX_DAMPING = 1e6
_CONVERGED_SHARE = 1e-5
# Starting blur of a tight contact shadow, σ in CSS px (scaled to image px).
_CONTACT_SIGMA_CSS = 1.0
# Second-layer starts relative to the first: a contact layer at 0.3 of its blur and offset, an
# ambient layer at 2.5 of them.
_CONTACT_SCALE = 0.3
_AMBIENT_SCALE = 2.5
# Smallest σ fitted, CSS px: sharper halos are outlines or neighbours, not shadows.
_MIN_SIGMA_CSS = 0.5
# Smallest residual variance per sample assumed when comparing models, code values².
_NOISE_FLOOR = 0.25
# A geometry from another box that fits this close (RMS, code values) is reused as it is: as
# good as 8-bit pixels allow …
_GOOD_RMS = 0.6
# … and that explains at least this share of the halo: on a dark page a halo a few code values
# deep leaves a wrong geometry under that RMS (another row's `0 6px 8px -2px` on cards raised
# `0 3px 10px` explained 0.87 of it; their own fits explain 0.97 and more).
_GOOD_R2 = 0.95
# A fitted parameter within this share of its range from a bound sits on the bound.
_BOUND_SHARE = 1e-3
# A one-layer fit this bad (RMS, code values) is no shadow; two layers are not tried.
_HOPELESS_RMS = 6.0
# Browsers' alpha steps (1/255) and the divisor of their 8-bit composite.
_ALPHA_STEP = 1.0 / 255.0
_COMPOSITE_STEPS = 256.0
# Rounds of filling in a glow's hidden tail and fitting again (the second changes little).
_CENSOR_ROUNDS = 2


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
    facing : tuple of 4 (tuple of 2 floats or None)
        Per side, the ``(start, end)`` edge coordinates, across the side, of a sibling box that
        faces it (same fill, spanning the side) and is taken to cast the same shadow into the
        gap; None where the profile reaches no such box.
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
    facing: tuple[
        tuple[float, float] | None,
        tuple[float, float] | None,
        tuple[float, float] | None,
        tuple[float, float] | None,
    ] = (None, None, None, None)


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


def _box3(u: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """CDF and density of three unit boxes convolved (the quadratic B-spline on [-1.5, 1.5])."""
    a = np.abs(u)
    inner = a < 0.5
    square = a * a
    q = 1.5 - np.minimum(a, 1.5)
    half = np.where(inner, a * (0.75 - square / 3.0), 0.5 - q**3 / 6.0)
    density = np.where(inner, 0.75 - square, 0.5 * q * q)
    return 0.5 + np.copysign(half, u), density


class _Coverage(NamedTuple):
    """The coverage of each layer at every sample, and what its derivatives are formed from.

    Arrays have one row per layer; `u` and `density` hold, at every evaluated position
    (`_Design.points`), the kernel's argument and density at the low and high edge of the
    layer's box, shape (L, 2, M).
    """

    cover: NDArray[np.float64]
    """Coverage, shape (L, N): `across` times `along`."""
    across: NDArray[np.float64]
    """Coverage across each sample's side (the sibling's added in a gap), shape (L, N)."""
    along: NDArray[np.float64]
    """Mean coverage along each sample's side, shape (L, N)."""
    u: NDArray[np.float64]
    density: NDArray[np.float64]
    width: NDArray[np.float64]
    """Width of the kernel's boxes, shape (L, 1)."""
    d_width: NDArray[np.float64]
    """Derivative of `width` by σ, shape (L, 1)."""


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
            # Past twice the distance the halo shows at, the background only repeats itself.
            moved = np.flatnonzero(np.abs(profile - halo.background[None, :]).max(axis=1) > 0.0)
            shown = int(moved[-1]) + 1 if moved.size else 0
            profile = profile[: max(2 * shown, _MIN_TAIL_PX)]
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
        self.samples = self.data.shape[0]
        across_y = [np.full(b[1].size, b[0] in (0, 2)) for b in self.blocks]
        along_y = [np.full(_ALONG_SAMPLES, b[0] in (1, 3)) for b in self.blocks]
        self.block_sizes = np.array([b[1].size for b in self.blocks], dtype=np.intp)
        # A facing sibling's shadow, the same as this box's, reaches into the gap: its samples
        # are evaluated again against the sibling's extent across the side (after the along-side
        # positions, see `points`), and added to the block's own, slice into slice.
        sibling = [halo.facing[b[0]] for b in self.blocks]
        self.own = self.samples + len(self.blocks) * _ALONG_SAMPLES
        self.mirrors: list[tuple[slice, slice]] = []
        first, source = 0, self.own
        for size, f in zip(self.block_sizes.tolist(), sibling, strict=True):
            if f is not None:
                self.mirrors.append((slice(first, first + size), slice(source, source + size)))
                source += size
            first += size
        mirror = [(b, f) for b, f in zip(self.blocks, sibling, strict=True) if f is not None]
        # One flat array of every position a coverage is evaluated at: each sample's outward
        # position, then the along-side positions of every block (whose mean scales that
        # block's samples), then the mirrored samples; `is_y` says whether a position is a y
        # coordinate, `extent` holds the low and high edge of the box whose shadow is evaluated
        # there (shape (2, M)) and `moved_by` which offset moves them (dx or dy, shape (M, 2)).
        self.points = np.concatenate(
            [b[1] for b in self.blocks] + [b[2] for b in self.blocks] + [b[1] for b, _ in mirror]
        )
        self.is_y = (
            np.concatenate(
                across_y + along_y + [np.full(b[1].size, b[0] in (0, 2)) for b, _ in mirror]
            )
            if rows
            else np.zeros(0, dtype=bool)
        )
        own_start = np.where(self.is_y, top, left)
        own_end = np.where(self.is_y, bottom, right)
        start = np.concatenate(
            [own_start[: self.own]] + [np.full(b[1].size, f[0]) for b, f in mirror]
        )
        end = np.concatenate([own_end[: self.own]] + [np.full(b[1].size, f[1]) for b, f in mirror])
        self.extent = np.stack([start, end])
        self.moved_by = np.stack([~self.is_y, self.is_y], axis=1)
        # The geometry is fitted on the data's dominant colour direction (a shadow changes all
        # channels in proportion), three times fewer samples than all channels.
        _, _, vt = (
            np.linalg.svd(self.data, full_matrices=False) if rows else (None, None, np.eye(3))
        )
        self.direction = vt[0]
        self.projected = self.data @ self.direction

    def with_data(self, data: NDArray[np.float64]) -> _Design:
        """The same samples with other values (on the same colour direction)."""
        other = copy.copy(self)
        other.data = data
        other.projected = data @ self.direction
        return other

    def coverage(self, params: NDArray[np.float64]) -> _Coverage:
        """Coverage of every layer at every sample; `params` holds (dx, dy, σ, spread) per row."""
        dx, dy, sigma, spread = (params[:, i, None] for i in range(_PARAMS))
        shift = np.where(self.is_y, dy, dx)
        # The spread moves the low edge down and the high edge up.
        bounds = self.extent + shift[:, None, :] + spread[:, :, None] * _GROWTH
        # Three boxes of width w have variance w²/4; the pixel's own width adds its variance.
        root = np.sqrt(sigma * sigma + _PIXEL_VARIANCE)
        width = 2.0 * root
        u = (self.points - bounds) / width[:, :, None]
        cdf, density = _box3(u)
        edge = cdf[:, 0] - cdf[:, 1]
        along = self._along_mean(edge)
        across = self._across(edge)
        return _Coverage(
            cover=across * along,
            across=across,
            along=along,
            u=u,
            density=density,
            width=width,
            d_width=2.0 * sigma / root,
        )

    def gradient(self, coverage: _Coverage) -> NDArray[np.float64]:
        """Derivatives of every layer's coverage by (dx, dy, σ, spread), shape (L, N, 4)."""
        u, density, width = coverage.u, coverage.density, coverage.width
        d_lo = -density[:, 0] / width
        d_hi = density[:, 1] / width
        d_edge = np.empty((*d_lo.shape, _PARAMS))
        d_edge[..., :2] = np.where(self.moved_by, (d_lo + d_hi)[..., None], 0.0)
        d_edge[..., 2] = (
            -(u[:, 0] * density[:, 0] - u[:, 1] * density[:, 1]) / width * coverage.d_width
        )
        d_edge[..., 3] = d_hi - d_lo
        d_along = self._along_mean(d_edge)
        d_across = self._across(d_edge)
        return d_across * coverage.along[..., None] + coverage.across[..., None] * d_along

    def _along_mean(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per sample, the mean of `values` (axis 1) over the along-side positions of its block."""
        along = values[:, self.samples : self.own]
        blocks = along.reshape(values.shape[0], -1, _ALONG_SAMPLES, *values.shape[2:])
        # numpy's mean (the sum divided by the count) without its per-call overhead.
        mean: NDArray[np.float64] = np.add.reduce(blocks, axis=2) / _ALONG_SAMPLES
        return np.repeat(mean, self.block_sizes, axis=1)

    def _across(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """`values` (axis 1) at the samples, a facing sibling's added where one casts into a gap."""
        across = values[:, : self.samples].copy()
        for into, source in self.mirrors:
            across[:, into] += values[:, source]
        return across


def _with_constant(cover: NDArray[np.float64]) -> NDArray[np.float64]:
    """The layers' coverages as columns, and a constant column, shape (N, L + 1)."""
    layers, n = cover.shape
    basis = np.empty((n, layers + 1))
    basis[:, :layers] = cover.T
    basis[:, layers] = 1.0
    return basis


def _basis(design: _Design, params: NDArray[np.float64], layers: int) -> NDArray[np.float64]:
    return _with_constant(design.coverage(params.reshape(layers, _PARAMS)).cover)


def _solve(
    design: _Design, basis: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Best k for a geometry's basis (`_basis`): (k of shape (layers, 3), residual of shape (N, 3)).

    A constant column absorbs a small error in the background colour.
    """
    k = np.asarray(np.linalg.lstsq(basis, design.data, rcond=None)[0], dtype=np.float64)
    return k[:-1], design.data - basis @ k


class _Point(NamedTuple):
    """What the Jacobian at an evaluated geometry is assembled from."""

    coverage: _Coverage
    basis: NDArray[np.float64]
    gram: NDArray[np.float64]
    k: NDArray[np.float64]
    rest: NDArray[np.float64]
    need: NDArray[np.float64]
    factor: NDArray[np.float64]


class _Objective:
    """Residual and exact Jacobian of a geometry on the dominant colour direction.

    The k of each layer are solved inside (variable projection), so the Jacobian carries their
    dependence on the geometry: with r = y − B k and BᵀB k = Bᵀy,
    ∂k = (BᵀB)⁻¹ (∂Bᵀ r − Bᵀ ∂B k) and ∂r = −(∂B k + B ∂k).
    """

    def __init__(
        self,
        design: _Design,
        layers: int,
        free: NDArray[np.bool_],
        fixed: NDArray[np.float64],
        prior_px: float,
    ) -> None:
        self.design = design
        self.layers = layers
        self.free = free
        self.fixed = fixed
        self.prior_px = prior_px
        background = design.halo.background
        # Per sign of k: the largest |direction| / room over the channels, so that the smallest
        # alpha a layer needs is |k| times it (room to black for darkening, to white for glow).
        direction = design.direction
        darker = np.where(direction < 0, background, 255.0 - background)
        lighter = np.where(direction < 0, 255.0 - background, background)
        self.need_pos = float(np.max(np.abs(direction) / np.maximum(darker, 1.0)))
        self.need_neg = float(np.max(np.abs(direction) / np.maximum(lighter, 1.0)))
        self.ridge = _RIDGE * np.eye(layers + 1)
        # Per free parameter (Jacobian column), the layer it belongs to; the Jacobian's rows below
        # the samples: the spread prior's (one per layer, a constant derivative), then the alpha
        # penalty's (zero, but where a point's layer needs too much alpha).
        parameter = np.flatnonzero(free)
        self.layer_of = parameter // _PARAMS
        self.prior_rows = np.zeros((2 * layers, parameter.size))
        spreads = np.flatnonzero(parameter % _PARAMS == _PARAMS - 1)
        self.prior_rows[self.layer_of[spreads], spreads] = 1.0 / prior_px
        self._key: bytes | None = None
        self._value: NDArray[np.float64] = np.zeros(0)
        self._jacobian: NDArray[np.float64] | None = None
        self._point: _Point | None = None
        # The point the Jacobian was last assembled at (the last step accepted) and its key.
        self._assembled: tuple[bytes, _Point] | None = None

    def full(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        out = self.fixed.copy()
        out[self.free] = p
        return out

    def _evaluate(self, p: NDArray[np.float64]) -> None:
        key = p.tobytes()
        if key == self._key:
            return
        design, layers = self.design, self.layers
        params = self.full(p).reshape(layers, _PARAMS)
        coverage = design.coverage(params)
        basis = _with_constant(coverage.cover)
        gram = basis.T @ basis + self.ridge
        k = np.linalg.solve(gram, basis.T @ design.projected)
        rest = design.projected - basis @ k
        spreads = params[:, _PARAMS - 1] / self.prior_px
        factor = np.where(k[:layers] >= 0, self.need_pos, self.need_neg)
        need = np.abs(k[:layers]) * factor
        excess = np.maximum(0.0, need - _MAX_ALPHA) * _ALPHA_PENALTY
        self._value = np.concatenate([rest, spreads, excess])
        self._point = _Point(coverage, basis, gram, k, rest, need, factor)
        self._jacobian = None
        self._key = key

    def _assemble(self, point: _Point) -> NDArray[np.float64]:
        """The Jacobian at an evaluated point (only accepted steps need one)."""
        basis, k, layer_of = point.basis, point.k, self.layer_of
        # Derivatives of the basis columns by the free parameters, layer after layer.
        gradient = self.design.gradient(point.coverage)
        d_basis = gradient.transpose(1, 0, 2).reshape(gradient.shape[1], -1)[:, self.free]
        scaled = d_basis * k[layer_of][None, :]
        rhs = -(basis.T @ scaled)
        rhs[layer_of, np.arange(layer_of.size)] += d_basis.T @ point.rest
        d_k = np.linalg.solve(point.gram, rhs)
        jacobian = np.concatenate([-(scaled + basis @ d_k), self.prior_rows])
        n, layers = self.design.samples, self.layers
        for layer in np.flatnonzero(point.need > _MAX_ALPHA):
            jacobian[n + layers + layer] = (
                _ALPHA_PENALTY * np.sign(k[layer]) * point.factor[layer] * d_k[layer]
            )
        return jacobian

    def residual(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        self._evaluate(p)
        return self._value

    def jacobian(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        self._evaluate(p)
        point = self._point
        assert point is not None
        if self._jacobian is None:
            self._jacobian = self._assemble(point)
            self._assembled = (p.tobytes(), point)
        return self._jacobian

    def basis(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        """The basis at `p`; the fit ends at the last accepted step, evaluated already."""
        if self._assembled is not None and p.tobytes() == self._assembled[0]:
            return self._assembled[1].basis
        self._evaluate(p)
        assert self._point is not None
        return self._point.basis


def _levenberg_marquardt(
    objective: _Objective,
    x: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    iterations: int,
) -> NDArray[np.float64]:
    """Minimise |residual|² from `x` within [lo, hi] (steps projected onto the bounds).

    A few parameters and an exact Jacobian: a plain damped Gauss-Newton loop converges in a
    dozen steps at a fraction of a general solver's overhead.
    """
    value, jacobian = objective.residual(x), objective.jacobian(x)
    cost = float(value @ value)
    damping = _INITIAL_DAMPING
    for _ in range(iterations):
        gradient = jacobian.T @ value
        normal = jacobian.T @ jacobian
        scale = np.maximum(normal.diagonal(), _RIDGE)
        try:
            step = np.linalg.solve(normal + damping * np.diag(scale), -gradient)
        except np.linalg.LinAlgError:
            break
        trial = np.clip(x + step, lo, hi)
        trial_value = objective.residual(trial)
        trial_cost = float(trial_value @ trial_value)
        if trial_cost < cost:
            converged = cost - trial_cost <= _CONVERGED_SHARE * cost
            x, value, cost = trial, trial_value, trial_cost
            jacobian = objective.jacobian(x)
            damping = max(damping / _DAMPING_FACTOR, _MIN_DAMPING)
            if converged:
                break
        else:
            damping *= _DAMPING_FACTOR
            if damping > _MAX_DAMPING:
                break
    return x


def _fit(
    design: _Design,
    start: NDArray[np.float64],
    bounds: tuple[NDArray[np.float64], NDArray[np.float64]],
    layers: int,
    *,
    prior_px: float,
    free_spread: bool,
    iterations: int = _MAX_ITERATIONS,
) -> tuple[NDArray[np.float64], float]:
    """Least-squares geometry from `start`; returns (params, data RSS).

    Without `free_spread` the spreads stay at zero (most shadows have none).
    """
    free = np.ones(start.size, dtype=bool)
    if not free_spread:
        free[_PARAMS - 1 :: _PARAMS] = False
    objective = _Objective(design, layers, free, np.zeros(start.size), prior_px)
    lo, hi = bounds[0][free], bounds[1][free]
    x = _levenberg_marquardt(objective, np.clip(start[free], lo, hi), lo, hi, iterations)
    params = objective.full(x)
    return params, float((_solve(design, objective.basis(x))[1] ** 2).sum())


def _starts(design: _Design, dpr: float, max_sigma_px: float) -> list[NDArray[np.float64]]:
    """One-layer starting geometries: one read off the profiles, and a tight contact shadow."""
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
    k, rest = _solve(design, _basis(design, params, layers))
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
    accept: Callable[[ShadowFit], bool] | None = None,
    fit_spread: bool = True,
    min_luma_share: float = 0.0,
    censor_glow: bool = False,
    noise_floor: float | None = None,
) -> ShadowFit | None:
    """Fit one or two shadow layers to a box's halo.

    Parameters
    ----------
    halo : HaloProfiles
        The side profiles.
    max_sigma_px : float
        Largest σ considered, image px.
    max_offset_px : float
        Largest |offset| and |spread| considered, image px.
    dpr : float
        Device pixel ratio (scales the starting blurs and the spread prior).
    seeds : sequence of ndarray
        Geometries (`layer_params`) fitted on other boxes: one that already explains this halo
        to within `good_rms` and at least `_GOOD_R2` of it is taken as it is (components repeat
        their shadows).
    good_rms : float, optional
        RMS residual (code values) that counts as a perfect fit; `_GOOD_RMS` when omitted
        (noisier images need more).
    accept : callable, optional
        Whether a fit is a plausible shadow; the best-scoring model it accepts is returned.
    fit_spread : bool
        Whether to try models with free spreads (noisy profiles cannot tell a spread from a
        change of blur).
    min_luma_share : float
        Halos whose dominant colour change (the direction the geometry is fitted on) changes
        luma (ITU-R BT.601) by less than this share of its largest channel change are not
        fitted, 0–1 (a grey shadow changes luma fully; JPEG's chroma smear hardly).
    censor_glow : bool
        Whether unchanged pixels around a glow may hide its tail (module docstring): exact
        8-bit pixels from a browser, not a lossy copy of them.
    noise_floor : float, optional
        Smallest residual variance per sample assumed when models are compared, code values²;
        `_NOISE_FLOOR` (exact 8-bit pixels) when omitted. Noisier images need more, or a second
        layer is chosen to explain their noise.

    Returns
    -------
    ShadowFit or None
        None when there are too few samples to fit or no model is accepted.
    """
    design = _Design(halo)
    n = design.data.size
    if n < 4 * _PARAMS * 3:
        return None
    direction = design.direction
    if abs(float(LUMA @ direction)) < min_luma_share * float(np.abs(direction).max()):
        return None

    fit_models = partial(
        _fit_models,
        max_sigma_px=max_sigma_px,
        max_offset_px=max_offset_px,
        dpr=dpr,
        good_rms=_GOOD_RMS if good_rms is None else good_rms,
        noise_floor=_NOISE_FLOOR if noise_floor is None else noise_floor,
        accept=accept,
        fit_spread=fit_spread,
    )
    fit = fit_models(design, seeds=seeds)
    if fit is None or not censor_glow or float(fit.layers[0].k.sum()) <= 0.0:
        return fit
    hidden = glow_hidden(halo.background)
    unchanged = np.all(design.data == 0.0, axis=1)
    for _ in range(_CENSOR_ROUNDS):
        coverage = _basis(design, layer_params(fit), len(fit.layers))[:, :-1]
        shown = coverage @ np.array([f.k for f in fit.layers])
        data = design.data.copy()
        data[unchanged] = np.clip(shown[unchanged], 0.0, hidden)
        again = fit_models(design.with_data(data), seeds=())
        if again is None:
            break
        fit = again
    return fit


def glow_hidden(background: NDArray[np.float64]) -> NDArray[np.float64]:
    """How much of a light glow a pixel left unchanged may hide, code values per channel.

    A browser adds a glow's a alpha steps as floor(b + a (255 − b) / 256) over background b:
    steps below 256 / (255 − b) change nothing, and the first that does stands for
    a (255 − b) / 255 of the exact glow.
    """
    room = np.maximum(255.0 - background, 1.0)
    steps = np.ceil(_COMPOSITE_STEPS / room)
    return np.asarray(steps * _ALPHA_STEP * room, dtype=np.float64)


def _fit_models(
    design: _Design,
    *,
    max_sigma_px: float,
    max_offset_px: float,
    dpr: float,
    seeds: Sequence[NDArray[np.float64]],
    good_rms: float,
    noise_floor: float,
    accept: Callable[[ShadowFit], bool] | None,
    fit_spread: bool,
) -> ShadowFit | None:
    """The best accepted model of one design (see `fit_shadow`)."""
    n = design.data.size

    def plausible(fit: ShadowFit) -> bool:
        return accept is None or accept(fit)

    for seed in seeds:
        reused = _result(design, seed, seed.size // _PARAMS)
        if reused.rms <= good_rms and reused.r2 >= _GOOD_R2 and plausible(reused):
            return reused
    prior = _SPREAD_PRIOR_CSS * dpr
    min_sigma = _MIN_SIGMA_CSS * dpr
    lo1 = np.array([-max_offset_px, -max_offset_px, min_sigma, -max_offset_px])
    # Elevation shadows shrink (negative spread) or keep their box, they do not grow it: a grown
    # box under a narrower blur is the same halo's other reading.
    hi1 = np.array([max_offset_px, max_offset_px, max_sigma_px, 0.0])
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
        result = _result(design, one, 1)
        return result if plausible(result) else None
    if fit_spread:
        found = _fit(design, one, (lo1, hi1), 1, prior_px=prior, free_spread=True)
        add(found[0], found[1], 1, True)
    best2: tuple[NDArray[np.float64], float] | None = None
    # The second layer starts as a tight contact shadow under the first, or as a wide ambient
    # one around it; a few steps from each tell which start to follow to the end.
    for scale in (_CONTACT_SCALE, _AMBIENT_SCALE):
        sigma2 = min(max(min_sigma, one[2] * scale), 0.9 * max_sigma_px)
        second = np.array([0.0, one[1] * scale, sigma2, 0.0])
        found = _fit(
            design,
            np.concatenate([one, second]),
            (lo2, hi2),
            2,
            prior_px=prior,
            free_spread=False,
            iterations=_SCOUT_ITERATIONS,
        )
        if best2 is None or found[1] < best2[1]:
            best2 = found
    assert best2 is not None
    best2 = _fit(design, best2[0], (lo2, hi2), 2, prior_px=prior, free_spread=False)
    add(best2[0], best2[1], 2, False)

    def ranked() -> list[tuple[float, NDArray[np.float64], float, int]]:
        # Bayesian information criterion with the noise variance taken from the best fit, but
        # never below the noise floor: 8-bit rounding and the browser's blur approximation leave
        # that much misfit, which an extra layer must not be chosen to explain.
        variance = max(noise_floor, min(c[2] for c in candidates) / n)
        return sorted(candidates, key=lambda c: c[2] / variance + c[0] * math.log(n))

    # Free spreads on two layers only refine a two-layer reading that already wins.
    if fit_spread and ranked()[0][3] == 2:
        found = _fit(design, best2[0], (lo2, hi2), 2, prior_px=prior, free_spread=True)
        add(found[0], found[1], 2, True)
    for _, params, _, layers in ranked():
        lo, hi = (lo1, hi1) if layers == 1 else (lo2, hi2)
        # A parameter held at a bound was not measured: the halo wanted more than the range.
        margin = _BOUND_SHARE * (hi - lo)
        if np.any((params <= lo + margin) & (lo < 0)) or np.any((params >= hi - margin) & (hi > 0)):
            continue
        result = _result(design, params, layers)
        if plausible(result):
            return result
    return None
