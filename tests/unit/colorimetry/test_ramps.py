"""Tonal ramps 50–950 in OKLCH: monotonic, in gamut, hue kept, source at its nearest step."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.colorimetry import RAMP_STEPS, tonal_ramp
from copy_that.imaging import oklab_from_srgb, oklch_from_oklab

srgb8 = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))


def _lightness(rgb):
    return float(oklch_from_oklab(oklab_from_srgb(np.asarray(rgb) / 255.0))[0])


@settings(max_examples=60, deadline=None)
@given(source=srgb8)
def test_ramp_structure(source):
    ramp = tonal_ramp(source)
    assert tuple(s.step for s in ramp.steps) == RAMP_STEPS
    sources = [s for s in ramp.steps if s.is_source]
    assert len(sources) == 1
    assert sources[0].srgb8 == tuple(source)
    assert sources[0].step == ramp.source_step
    lightness = [_lightness(s.srgb8) for s in ramp.steps]
    assert all(a > b for a, b in itertools.pairwise(lightness))
    for step in ramp.steps:
        assert all(0 <= c <= 255 for c in step.srgb8)
        assert step.hex == "#{:02x}{:02x}{:02x}".format(*step.srgb8)


def test_tailwind_blue_500_sits_at_500_and_keeps_its_hue():
    ramp = tonal_ramp((0x3B, 0x82, 0xF6))
    assert ramp.source_step == 500
    assert ramp[500].hex == "#3b82f6"
    hue = ramp[500].oklch[2]
    for step in ramp.steps:
        # 8-bit rounding moves hue by a few degrees only where chroma is small.
        tolerance_deg = 2.0 if step.oklch[1] > 0.06 else 8.0
        assert abs(step.oklch[2] - hue) < tolerance_deg
    assert ramp[50].oklch[0] > 0.95
    assert ramp[950].oklch[0] < 0.3


def test_source_goes_to_the_nearest_step():
    assert tonal_ramp((255, 255, 255)).source_step == 50
    assert tonal_ramp((0, 0, 0)).source_step == 950
    assert tonal_ramp((0x1E, 0x3A, 0x8A)).source_step in (800, 900)


def test_grey_source_gives_a_grey_ramp():
    ramp = tonal_ramp((0x80, 0x80, 0x80))
    for step in ramp.steps:
        r, g, b = step.srgb8
        assert max(r, g, b) - min(r, g, b) <= 1


def test_chroma_tapers_towards_the_ends():
    ramp = tonal_ramp((0x25, 0x63, 0xEB))
    chroma = [s.oklch[1] for s in ramp.steps]
    peak = int(np.argmax(chroma))
    assert 0 < peak < len(chroma) - 1
    assert chroma[0] < chroma[peak] / 3
    assert chroma[-1] < chroma[peak]


def test_missing_step_raises_key_error():
    with pytest.raises(KeyError, match="no step 550"):
        tonal_ramp((10, 20, 30))[550]


@pytest.mark.parametrize("bad", [(0, 0), (0, 0, 300), (-1, 2, 3), (0.5, 0, 0)])
def test_bad_source_is_refused(bad):
    with pytest.raises(ValueError, match="source"):
        tonal_ramp(bad)


@settings(max_examples=40, deadline=None)
@given(source=srgb8)
def test_gamut_mapping_agrees_with_coloraide_chroma_reduction(source):
    # coloraide's CSS Color 4 chroma reduction with a zero JND is a pure bisection on OKLCH
    # chroma at constant L and h, like ours.
    from coloraide import Color as CAColor

    from copy_that.colorimetry.ramps import _fit_srgb8

    ramp = tonal_ramp(source)
    wanted = np.array([[s.oklch[0], 0.4, ramp[ramp.source_step].oklch[2]] for s in ramp.steps])
    ours = _fit_srgb8(wanted)
    for row, got in zip(wanted, ours, strict=True):
        fitted = CAColor("oklch", list(row)).fit("srgb", method="oklch-chroma", jnd=0.0)
        expected = [round(min(1.0, max(0.0, c)) * 255) for c in fitted.convert("srgb")[:3]]
        assert np.abs(got.astype(int) - expected).max() <= 1
