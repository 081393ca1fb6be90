"""Tonal ramps 50–950 built in OKLCH around a source colour and gamut-mapped to sRGB.

A ramp keeps the source's hue, walks lightness down a fixed scale from 50 (near white) to 950
(near black), tapers chroma towards both ends the way a colour's sRGB gamut narrows there, and
maps every step into sRGB by reducing OKLCH chroma only (a bisection on chroma at constant
lightness and hue, the result coloraide's ray-trace mapping also reaches), so lightness and hue
survive the mapping. The source colour itself sits, unchanged, at the step
whose target lightness is nearest to its own, so ``primary`` is exactly one of its ramp's steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging import (
    linear_from_oklab,
    oklab_from_oklch,
    oklab_from_srgb,
    oklch_from_oklab,
    srgb8_from_srgb,
    srgb_from_linear,
)

__all__ = ["RAMP_STEPS", "RampStep", "TonalRamp", "tonal_ramp", "tonal_ramps"]

#: Step names, lightest first (Tailwind's numbering, which designers expect).
RAMP_STEPS: tuple[int, ...] = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)

# Target OKLCH lightness per step: 50 is a tint barely off white, 950 a shade barely off black,
# and the steps between are close to evenly spaced (≈ 0.07–0.09 apart) so neighbouring steps
# stay distinguishable.
_TARGET_L: tuple[float, ...] = (0.97, 0.93, 0.87, 0.79, 0.70, 0.61, 0.53, 0.46, 0.39, 0.32, 0.24)

# Chroma taper: sRGB's chroma capacity falls towards white and black roughly like sin(π L), so
# each step gets the source chroma scaled by sin(π L_step) / sin(π L_source). The source's own
# weight is floored so a near-white or near-black source does not blow chroma up elsewhere.
_MIN_SOURCE_WEIGHT = 0.3
# Gamut mapping by bisection on chroma: 20 halvings of a chroma interval below 0.5 leave an
# error under 1e-6, far below one 8-bit code value. Linear values within this tolerance of the
# gamut edge count as inside (floating-point noise of the conversion).
_BISECTION_STEPS = 20
_GAMUT_EPSILON = 1e-7


@dataclass(frozen=True)
class RampStep:
    """One step of a tonal ramp.

    Parameters
    ----------
    step : int
        The step name, one of `RAMP_STEPS`.
    srgb8 : tuple of 3 ints
        The colour as 8-bit sRGB.
    oklch : tuple of 3 floats
        ``(L, C, h)`` of `srgb8` (after gamut mapping and rounding).
    is_source : bool
        Whether this step is the source colour itself.
    """

    step: int
    srgb8: tuple[int, int, int]
    oklch: tuple[float, float, float]
    is_source: bool

    @property
    def hex(self) -> str:
        """``#rrggbb``."""
        return "#{:02x}{:02x}{:02x}".format(*self.srgb8)


@dataclass(frozen=True)
class TonalRamp:
    """A ramp of `RAMP_STEPS`, lightest first.

    Parameters
    ----------
    steps : tuple of RampStep
        One per step name, in `RAMP_STEPS` order; OKLCH lightness strictly decreases.
    source_step : int
        The step holding the source colour unchanged.
    """

    steps: tuple[RampStep, ...]
    source_step: int

    def __getitem__(self, step: int) -> RampStep:
        """The step named `step` (``ramp[500]``)."""
        for item in self.steps:
            if item.step == step:
                return item
        raise KeyError(f"no step {step}; steps are {', '.join(map(str, RAMP_STEPS))}")


def _oklch_of(srgb8: tuple[int, int, int]) -> tuple[float, float, float]:
    lightness, chroma, hue = oklch_from_oklab(oklab_from_srgb(np.asarray(srgb8) / 255.0))
    return float(lightness), float(chroma), float(hue)


def _fit_srgb8(oklch: NDArray[np.float64]) -> NDArray[np.uint8]:
    """Reduce the chroma of each OKLCH colour (shape (N, 3)) until it fits sRGB; 8-bit result."""
    low = np.zeros(oklch.shape[0])
    high = oklch[:, 1].copy()
    inside = _in_gamut(oklch)
    probe = oklch.copy()
    for _ in range(_BISECTION_STEPS):
        probe[:, 1] = (low + high) / 2.0
        fits = _in_gamut(probe)
        low = np.where(fits, probe[:, 1], low)
        high = np.where(fits, high, probe[:, 1])
    fitted = oklch.copy()
    fitted[:, 1] = np.where(inside, oklch[:, 1], low)
    return srgb8_from_srgb(srgb_from_linear(linear_from_oklab(oklab_from_oklch(fitted))))


def _in_gamut(oklch: NDArray[np.float64]) -> NDArray[np.bool_]:
    linear = linear_from_oklab(oklab_from_oklch(oklch))
    result: NDArray[np.bool_] = np.all(
        (linear >= -_GAMUT_EPSILON) & (linear <= 1.0 + _GAMUT_EPSILON), axis=-1
    )
    return result


def tonal_ramp(source: Sequence[int]) -> TonalRamp:
    """Build the 50–950 ramp of a colour.

    Parameters
    ----------
    source : sequence of 3 ints
        8-bit sRGB code values of the source colour.

    Returns
    -------
    TonalRamp
        Eleven steps; the source sits unchanged at the step whose target lightness is nearest
        to its OKLCH lightness.

    Raises
    ------
    ValueError
        `source` is not three integers in 0–255.

    Notes
    -----
    Lightness, chroma and hue are OKLCH (Ottosson 2020). Out-of-gamut steps are brought into
    sRGB by reducing chroma at constant OKLCH lightness and hue, by bisection to the gamut
    surface (the point coloraide's chroma reduction reaches too). Because the source is at its
    nearest step, its lightness lies strictly between its neighbours' targets and the ramp stays
    monotonic.
    """
    return tonal_ramps([source])[0]


def tonal_ramps(sources: Sequence[Sequence[int]]) -> tuple[TonalRamp, ...]:
    """Build the ramps of several colours at once (one vectorised gamut mapping); see `tonal_ramp`.

    Parameters
    ----------
    sources : sequence of sequences of 3 ints
        8-bit sRGB colours.

    Returns
    -------
    tuple of TonalRamp
        One per source, in order.

    Raises
    ------
    ValueError
        A source is not three integers in 0–255.
    """
    checked = [_check_source(source) for source in sources]
    if not checked:
        return ()
    targets = np.array(_TARGET_L)
    wanted = []
    plans = []
    for srgb8 in checked:
        src_l, src_c, src_h = _oklch_of(srgb8)
        nearest = min(range(len(RAMP_STEPS)), key=lambda i: (abs(_TARGET_L[i] - src_l), i))
        src_weight = max(math.sin(math.pi * src_l), _MIN_SOURCE_WEIGHT)
        chroma = src_c * np.sin(np.pi * targets) / src_weight
        wanted.append(np.stack([targets, chroma, np.full(targets.size, src_h)], axis=1))
        plans.append((srgb8, (src_l, src_c, src_h), nearest))
    fitted = _fit_srgb8(np.concatenate(wanted)).reshape(len(checked), len(RAMP_STEPS), 3)
    fitted_lch = oklch_from_oklab(oklab_from_srgb(fitted / 255.0))
    ramps = []
    for (srgb8, source_lch, nearest), rgb, lch in zip(plans, fitted, fitted_lch, strict=True):
        steps = []
        for index, step in enumerate(RAMP_STEPS):
            if index == nearest:
                steps.append(RampStep(step, srgb8, source_lch, is_source=True))
                continue
            r, g, b = (int(v) for v in rgb[index])
            l_, c_, h_ = (float(v) for v in lch[index])
            steps.append(RampStep(step, (r, g, b), (l_, c_, h_), is_source=False))
        ramps.append(TonalRamp(steps=tuple(steps), source_step=RAMP_STEPS[nearest]))
    return tuple(ramps)


def _check_source(source: Sequence[int]) -> tuple[int, int, int]:
    values = tuple(source)
    if len(values) != 3 or not all(
        isinstance(v, int | np.integer) and not isinstance(v, bool) and 0 <= v <= 255
        for v in values
    ):
        raise ValueError(f"source must be three 8-bit sRGB integers in 0–255, got {source!r}")
    return (int(values[0]), int(values[1]), int(values[2]))
