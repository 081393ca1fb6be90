"""ColorOptions: defaults, keyword-only construction, and a typed error naming each bad option."""

import dataclasses

import numpy as np
import pytest

from copy_that.errors import OptionsError
from copy_that.extract.colors import QUANTIZERS, ColorOptions, extract_colors
from copy_that.imaging import Image


def test_defaults():
    options = ColorOptions()
    assert options.max_colors == 16
    assert options.merge_delta_e == 1.0
    assert options.min_share == 1e-5
    assert options.quantizer == "auto"
    assert "auto" in QUANTIZERS


def test_keyword_only_and_frozen():
    with pytest.raises(TypeError):
        ColorOptions(8)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ColorOptions().max_colors = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_colors", 0),
        ("max_colors", 65),
        ("max_colors", 2.5),
        ("max_colors", True),
        ("merge_delta_e", -0.1),
        ("merge_delta_e", 11.0),
        ("merge_delta_e", "1"),
        ("min_share", -1e-6),
        ("min_share", 0.6),
        ("photo_merge_delta_e", 51.0),
        ("quantizer", "median-cut"),
    ],
)
def test_bad_values_name_the_option(option, value):
    with pytest.raises(OptionsError, match=option) as info:
        ColorOptions(**{option: value})
    assert info.value.option == option
    assert isinstance(info.value, ValueError)


def test_unknown_quantizer_lists_the_choices():
    with pytest.raises(OptionsError, match="auto, flat, kmeans"):
        ColorOptions(quantizer="octree")


def test_options_of_the_wrong_type_are_refused():
    image = Image.from_array(np.zeros((4, 4, 3), dtype=np.uint8))
    with pytest.raises(OptionsError, match="options") as info:
        extract_colors(image, options={"max_colors": 4})  # type: ignore[arg-type]
    assert info.value.option == "options"
