"""Tonal ramps 50–950 built in OKLCH around a source colour and gamut-mapped to sRGB.

A ramp keeps the source's hue, walks lightness down a fixed scale from 50 (near white) to 950
(near black), tapers chroma towards both ends the way a colour's sRGB gamut narrows there, and
maps every step into sRGB by reducing OKLCH chroma only (coloraide's ray-trace gamut mapping),
so lightness and hue survive the mapping. The source colour itself sits, unchanged, at the step
whose target lightness is nearest to its own, so ``primary`` is exactly one of its ramp's steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from coloraide import Color as _CAColor

from copy_that.imaging import oklab_from_srgb, oklch_from_oklab

__all__ = ["RAMP_STEPS", "RampStep", "TonalRamp", "tonal_ramp"]

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
# Gamut mapping: coloraide's ray trace towards the achromatic axis in OKLCH. Unlike the CSS
# Color 4 binary search, it ends without a final clip, so hue and lightness are kept exactly.
_FIT_METHOD = "raytrace"
_FIT_SPACE = "oklch"


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


def _fit_srgb8(lightness: float, chroma: float, hue_deg: float) -> tuple[int, int, int]:
    fitted = _CAColor("oklch", [lightness, chroma, hue_deg]).fit(
        "srgb", method=_FIT_METHOD, pspace=_FIT_SPACE
    )
    r, g, b = (min(255, max(0, round(c * 255.0))) for c in fitted.convert("srgb")[:3])
    return (r, g, b)


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
    sRGB by reducing chroma at constant OKLCH lightness and hue (coloraide's ``raytrace``
    method, which reaches the gamut surface along the chroma axis). Because the source is at its
    nearest step, its lightness lies strictly between its neighbours' targets and the ramp stays
    monotonic.
    """
    values = tuple(source)
    if len(values) != 3 or not all(
        isinstance(v, int | np.integer) and 0 <= v <= 255 for v in values
    ):
        raise ValueError(f"source must be three 8-bit sRGB integers in 0–255, got {source!r}")
    srgb8 = (int(values[0]), int(values[1]), int(values[2]))
    src_l, src_c, src_h = _oklch_of(srgb8)
    nearest = min(range(len(RAMP_STEPS)), key=lambda i: (abs(_TARGET_L[i] - src_l), i))
    src_weight = max(math.sin(math.pi * src_l), _MIN_SOURCE_WEIGHT)
    steps = []
    for index, (step, target_l) in enumerate(zip(RAMP_STEPS, _TARGET_L, strict=True)):
        if index == nearest:
            steps.append(RampStep(step, srgb8, (src_l, src_c, src_h), is_source=True))
            continue
        chroma = src_c * math.sin(math.pi * target_l) / src_weight
        rgb = _fit_srgb8(target_l, chroma, src_h)
        steps.append(RampStep(step, rgb, _oklch_of(rgb), is_source=False))
    return TonalRamp(steps=tuple(steps), source_step=RAMP_STEPS[nearest])
