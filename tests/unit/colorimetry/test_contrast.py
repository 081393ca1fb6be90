"""WCAG 2.1 contrast ratio, APCA Lc and the contrast-method registry."""

import pytest
from coloraide import Color as CAColor
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.colorimetry import (
    WCAG_AA_NORMAL_TEXT,
    ApcaContrast,
    ContrastMethod,
    ContrastRegistry,
    Wcag21Contrast,
    apca_lc,
    contrast,
    default_contrast_registry,
    relative_luminance,
    wcag21_ratio,
)
from copy_that.errors import OptionsError

BLACK, WHITE = (0, 0, 0), (255, 255, 255)

# APCA 0.0.98G-4g reference values published with SAPC-APCA (README "keystone checks") and the
# apca-w3 test suite: (text, background, Lc), unrounded.
APCA_REFERENCE = [
    ((0x88, 0x88, 0x88), WHITE, 63.056469930209424),
    (WHITE, (0x88, 0x88, 0x88), -68.54146436644962),
    (BLACK, (0xAA, 0xAA, 0xAA), 58.146262578561334),
    ((0xAA, 0xAA, 0xAA), BLACK, -56.24113336839742),
    ((0x11, 0x22, 0x33), (0xDD, 0xEE, 0xFF), 91.66830811481631),
    ((0xDD, 0xEE, 0xFF), (0x11, 0x22, 0x33), -93.06770049484275),
    ((0x11, 0x22, 0x33), (0x44, 0x44, 0x44), 8.32326136957393),
    ((0x44, 0x44, 0x44), (0x11, 0x22, 0x33), -7.526878460278154),
]


@pytest.mark.parametrize(("text", "background", "expected"), APCA_REFERENCE)
def test_apca_published_values(text, background, expected):
    assert apca_lc(text, background) == pytest.approx(expected, abs=1e-9)


def test_apca_black_on_white_and_white_on_black():
    assert apca_lc(BLACK, WHITE) == pytest.approx(106.04, abs=0.01)
    assert apca_lc(WHITE, BLACK) == pytest.approx(-107.88, abs=0.01)


def test_apca_is_zero_for_identical_and_low_contrast_colours():
    assert apca_lc((120, 120, 120), (120, 120, 120)) == 0.0
    assert apca_lc((250, 250, 250), WHITE) == 0.0


# WCAG 2.1 understanding documents and common checkers: #767676 on white is the lightest grey
# passing AA (4.54:1); #777777 just fails (4.48:1).
@pytest.mark.parametrize(
    ("text", "background", "expected"),
    [
        (BLACK, WHITE, 21.0),
        (WHITE, BLACK, 21.0),
        ((0x76, 0x76, 0x76), WHITE, 4.54),
        ((0x77, 0x77, 0x77), WHITE, 4.48),
        ((255, 0, 0), WHITE, 4.0),
        ((0, 0, 255), WHITE, 8.59),
        (WHITE, WHITE, 1.0),
    ],
)
def test_wcag_known_ratios(text, background, expected):
    assert wcag21_ratio(text, background) == pytest.approx(expected, abs=0.005)


def test_aa_threshold_separates_767676_and_777777():
    assert wcag21_ratio((0x76,) * 3, WHITE) >= WCAG_AA_NORMAL_TEXT
    assert wcag21_ratio((0x77,) * 3, WHITE) < WCAG_AA_NORMAL_TEXT


srgb8 = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))


@settings(deadline=None)
@given(text=srgb8, background=srgb8)
def test_wcag_matches_coloraide(text, background):
    reference = CAColor("srgb", [v / 255 for v in text]).contrast(
        CAColor("srgb", [v / 255 for v in background]), method="wcag21"
    )
    # coloraide takes Y from its full-precision XYZ matrix (0.7151522…), WCAG 2.1 from the rounded
    # Rec. 709 weights (0.7152); the 5th-digit weight differences move ratios by < 5e-4.
    assert wcag21_ratio(text, background) == pytest.approx(reference, rel=5e-4)


@settings(deadline=None)
@given(text=srgb8, background=srgb8)
def test_wcag_symmetric_and_in_range(text, background):
    ratio = wcag21_ratio(text, background)
    assert 1.0 <= ratio <= 21.0 + 1e-9
    assert ratio == wcag21_ratio(background, text)


@settings(deadline=None)
@given(text=srgb8, background=srgb8)
def test_apca_sign_follows_polarity(text, background):
    lc = apca_lc(text, background)
    assert -108.0 < lc < 106.1
    if lc > 0:
        assert relative_luminance(background) > relative_luminance(text)
    if lc < 0:
        assert relative_luminance(background) < relative_luminance(text)


def test_relative_luminance_endpoints():
    assert relative_luminance(BLACK) == 0.0
    assert relative_luminance(WHITE) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [(0, 0), (0, 0, 256), (-1, 0, 0), (0.5, 0, 0), (True, 0, 0)])
def test_bad_colours_raise_options_error_naming_the_parameter(bad):
    with pytest.raises(OptionsError, match="text") as info:
        wcag21_ratio(bad, WHITE)
    assert info.value.option == "text"
    with pytest.raises(OptionsError, match="background"):
        apca_lc(BLACK, bad)


def test_contrast_by_name():
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast(BLACK, WHITE, method="apca") == pytest.approx(106.04, abs=0.01)


def test_unknown_method_lists_names():
    with pytest.raises(OptionsError, match=r"'wcag3'.*apca, wcag21") as info:
        contrast(BLACK, WHITE, method="wcag3")
    assert info.value.option == "method"


def test_default_registry_holds_both_methods():
    registry = default_contrast_registry()
    assert registry.names == ("apca", "wcag21")
    assert isinstance(registry.get("apca"), ApcaContrast)
    assert isinstance(registry.get("wcag21"), Wcag21Contrast)


class _Difference(ContrastMethod):
    NAME = "difference"

    def contrast(self, text, background):
        return float(abs(sum(text) - sum(background)))


def test_registry_register_overwrite_and_deregister():
    registry = ContrastRegistry()
    assert registry.names == ()
    registry.register(_Difference())
    assert contrast(BLACK, WHITE, method="difference", registry=registry) == 765.0
    with pytest.raises(OptionsError, match="already registered"):
        registry.register(_Difference())
    registry.register(_Difference(), overwrite=True)
    registry.deregister("difference")
    assert registry.names == ()
    with pytest.raises(OptionsError, match="none registered"):
        registry.deregister("difference")


def test_registry_refuses_non_methods():
    with pytest.raises(TypeError, match="ContrastMethod"):
        ContrastRegistry().register(object())  # type: ignore[arg-type]
