"""Colour names from OKLCH: greys are greys, hues land in the family people call them."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.colorimetry import GREY_MAX_CHROMA, color_name, hue_family
from copy_that.imaging import oklab_from_srgb, oklch_from_oklab


def _oklch(hex_code):
    rgb = np.array([int(hex_code[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return tuple(oklch_from_oklab(oklab_from_srgb(rgb)))


@pytest.mark.parametrize(
    ("hex_code", "name"),
    [
        ("#ffffff", "white"),
        ("#f9fafb", "off-white"),
        ("#fdfdfd", "white"),
        ("#e5e7eb", "light-grey"),
        ("#808080", "grey"),
        ("#9ca3af", "grey"),
        ("#404040", "dark-grey"),
        ("#000000", "black"),
        ("#6b7280", "blue-grey"),
        ("#64748b", "blue-grey"),
        ("#ff0000", "red"),
        ("#ef4444", "red"),
        ("#ffa500", "orange"),
        ("#f97316", "orange"),
        ("#ffff00", "yellow"),
        ("#84cc16", "lime"),
        ("#00ff00", "green"),
        ("#22c55e", "green"),
        ("#14b8a6", "teal"),
        ("#008080", "teal"),
        ("#00ffff", "cyan"),
        ("#06b6d4", "cyan"),
        ("#0ea5e9", "sky"),
        ("#0000ff", "blue"),
        ("#3b82f6", "blue"),
        ("#2563eb", "blue"),
        ("#000080", "dark-blue"),
        ("#6366f1", "indigo"),
        ("#8b5cf6", "violet"),
        ("#a855f7", "purple"),
        ("#800080", "purple"),
        ("#ff00ff", "magenta"),
        ("#ec4899", "pink"),
        ("#ffc0cb", "light-pink"),
        ("#8b4513", "brown"),
        ("#fde68a", "light-yellow"),
    ],
)
def test_known_colours(hex_code, name):
    assert color_name(_oklch(hex_code)) == name


@pytest.mark.parametrize("hex_code", ["#3b82f6", "#2563eb", "#1d4ed8", "#0000ff", "#60a5fa"])
def test_blues_are_not_purple(hex_code):
    assert hue_family(_oklch(hex_code)) == "blue"
    assert "purple" not in color_name(_oklch(hex_code))


@settings(deadline=None)
@given(level=st.integers(0, 255))
def test_every_neutral_grey_is_named_as_a_grey(level):
    name = color_name(_oklch(f"#{level:02x}{level:02x}{level:02x}"))
    assert name in {"white", "off-white", "light-grey", "grey", "dark-grey", "black"}


@settings(deadline=None)
@given(
    lightness=st.floats(0.0, 1.0),
    chroma=st.floats(0.0, GREY_MAX_CHROMA * 0.999),
    hue=st.floats(0.0, 360.0, exclude_max=True),
)
def test_low_chroma_is_never_given_a_hue(lightness, chroma, hue):
    assert hue_family((lightness, chroma, hue)) == "grey"
    name = color_name((lightness, chroma, hue))
    assert name in {"white", "off-white", "light-grey", "grey", "dark-grey", "black"}


@settings(deadline=None)
@given(
    lightness=st.floats(0.0, 1.0),
    chroma=st.floats(0.0, 0.4),
    hue=st.floats(-720.0, 720.0),
)
def test_names_are_legal_token_names(lightness, chroma, hue):
    name = color_name((lightness, chroma, hue))
    assert name
    assert name == name.lower()
    assert all(ch.isalpha() or ch == "-" for ch in name)
    assert not name.startswith("-")
    assert not name.endswith("-")


def test_hue_wraps_around():
    assert hue_family((0.6, 0.2, 365.0)) == hue_family((0.6, 0.2, 5.0)) == "pink"


def test_tinted_whites_and_blacks():
    assert color_name(_oklch("#fffbeb")) == "yellow-white"
    assert color_name(_oklch("#0b1120")) == "blue-black"


def test_malformed_input_is_refused():
    with pytest.raises(ValueError, match="oklch"):
        color_name((0.5, 0.1))
