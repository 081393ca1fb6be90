"""sRGB ↔ linear ↔ OKLab ↔ OKLCH and sRGB → CIELAB conversions: reference values and round trips."""

import numpy as np
import pytest
from coloraide import Color as CAColor
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from copy_that.imaging import (
    SRGB8_TO_LINEAR,
    lab_from_srgb,
    linear_from_oklab,
    linear_from_srgb,
    oklab_from_linear,
    oklab_from_oklch,
    oklab_from_srgb,
    oklab_from_srgb8,
    oklch_from_oklab,
    srgb8_from_srgb,
    srgb_from_linear,
    srgb_from_oklab,
)

unit_floats = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False)
srgb_arrays = arrays(np.float64, st.tuples(st.integers(1, 8), st.just(3)), elements=unit_floats)


# Ottosson (2020) lists OKLab of the sRGB primaries; coloraide agrees to 1e-6.
@pytest.mark.parametrize(
    ("srgb", "oklab"),
    [
        ((1.0, 1.0, 1.0), (1.0, 0.0, 0.0)),
        ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0)),
        ((1.0, 0.0, 0.0), (0.627955, 0.224863, 0.125846)),
        ((0.0, 1.0, 0.0), (0.866440, -0.233888, 0.179498)),
        ((0.0, 0.0, 1.0), (0.452014, -0.032457, -0.311528)),
    ],
)
def test_oklab_of_reference_colours(srgb, oklab):
    np.testing.assert_allclose(oklab_from_srgb(srgb), oklab, atol=2e-6)


@settings(deadline=None)
@given(srgb=st.tuples(unit_floats, unit_floats, unit_floats))
def test_oklab_matches_coloraide(srgb):
    expected = CAColor("srgb", list(srgb)).convert("oklab")[:3]
    np.testing.assert_allclose(oklab_from_srgb(srgb), expected, atol=1e-6)


@settings(deadline=None)
@given(srgb=st.tuples(unit_floats, unit_floats, unit_floats))
def test_lab_matches_coloraide_lab_d65(srgb):
    expected = CAColor("srgb", list(srgb)).convert("lab-d65")[:3]
    np.testing.assert_allclose(lab_from_srgb(srgb), expected, atol=1e-4)


def test_lab_of_white_and_black():
    np.testing.assert_allclose(lab_from_srgb([1.0, 1.0, 1.0]), [100.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(lab_from_srgb([0.0, 0.0, 0.0]), [0.0, 0.0, 0.0], atol=1e-9)


@settings(deadline=None)
@given(srgb=srgb_arrays)
def test_srgb_linear_round_trip(srgb):
    # IEC 61966-2-1's two branches meet with a ~3e-8 jump at the 0.04045 / 0.0031308 threshold.
    np.testing.assert_allclose(srgb_from_linear(linear_from_srgb(srgb)), srgb, atol=1e-7)


@settings(deadline=None)
@given(srgb=srgb_arrays)
def test_srgb_oklab_round_trip(srgb):
    # The 3e-8 jump of the sRGB transfer function at its threshold survives the round trip.
    np.testing.assert_allclose(srgb_from_oklab(oklab_from_srgb(srgb)), srgb, atol=1e-7)


@settings(deadline=None)
@given(srgb=srgb_arrays)
def test_linear_oklab_round_trip(srgb):
    linear = linear_from_srgb(srgb)
    np.testing.assert_allclose(linear_from_oklab(oklab_from_linear(linear)), linear, atol=1e-9)


@settings(deadline=None)
@given(srgb=srgb_arrays)
def test_oklab_oklch_round_trip(srgb):
    oklab = oklab_from_srgb(srgb)
    np.testing.assert_allclose(oklab_from_oklch(oklch_from_oklab(oklab)), oklab, atol=1e-12)


@settings(deadline=None)
@given(srgb=srgb_arrays)
def test_oklch_ranges(srgb):
    lch = oklch_from_oklab(oklab_from_srgb(srgb))
    assert np.all(lch[..., 1] >= 0.0)
    assert np.all((lch[..., 2] >= 0.0) & (lch[..., 2] < 360.0))
    assert np.all((lch[..., 0] > -1e-9) & (lch[..., 0] < 1.0 + 1e-9))


def test_oklch_hue_of_primaries():
    lch = oklch_from_oklab(oklab_from_srgb(np.eye(3)))
    np.testing.assert_allclose(lch[:, 2], [29.23, 142.50, 264.05], atol=0.01)


def test_conversions_keep_leading_shape():
    image = np.zeros((4, 5, 3))
    for convert in (linear_from_srgb, oklab_from_srgb, lab_from_srgb, oklch_from_oklab):
        assert convert(image).shape == (4, 5, 3)


def test_srgb8_round_trip_is_exact_for_every_code_value():
    codes = np.arange(256, dtype=np.uint8)
    rgb8 = np.stack([codes, codes[::-1], codes], axis=-1)
    assert np.array_equal(srgb8_from_srgb(srgb_from_oklab(oklab_from_srgb(rgb8 / 255.0))), rgb8)


def test_srgb8_from_srgb_clips_out_of_range():
    assert srgb8_from_srgb([-0.2, 0.5, 1.3]).tolist() == [0, 128, 255]


def test_lookup_table_matches_transfer_function():
    np.testing.assert_allclose(SRGB8_TO_LINEAR, linear_from_srgb(np.arange(256) / 255.0))
    assert SRGB8_TO_LINEAR[0] == 0.0
    assert SRGB8_TO_LINEAR[255] == pytest.approx(1.0)


@settings(max_examples=50)
@given(rgb=arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6), st.just(3))))
def test_fast_uint8_path_matches_float_path(rgb):
    fast = oklab_from_srgb8(rgb)
    assert fast.dtype == np.float32
    np.testing.assert_allclose(fast, oklab_from_srgb(rgb / 255.0), atol=2e-6)


def test_fast_uint8_path_refuses_other_dtypes():
    with pytest.raises(TypeError, match="uint8"):
        oklab_from_srgb8(np.zeros((2, 2, 3), dtype=np.float32))  # type: ignore[arg-type]


def test_srgb_from_linear_keeps_sign_of_out_of_gamut_values():
    out = srgb_from_linear([-0.5, 0.0, 2.0])
    assert out[0] < 0.0
    assert out[2] > 1.0
