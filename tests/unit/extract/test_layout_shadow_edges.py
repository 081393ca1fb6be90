import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.extract._layout_shadow_edges import lossy_edges, side_pixels
from tests.unit.analysis._synth import (
    Box,
    Scene,
    ShadowSpec,
    grey_card_on_near_white,
    image_of,
    white_card_in_strong_border,
)

_OPEN = (False, False, False, False)
# JPEG quality of the test images (what screenshot-sharing tools commonly use).
_QUALITY = 75
# Edge threshold the analysis uses on JPEGs, code values.
_THRESHOLD = 6.0


def _scene(box: Box, background: tuple[int, int, int]) -> Scene:
    return Scene(width=520, height=320, background=background, boxes=(box,))


def _edges(box: Box, dpr: int) -> tuple[float, float, float, float]:
    return (box.x * dpr, box.y * dpr, (box.x + box.w) * dpr, (box.y + box.h) * dpr)


_GREY = grey_card_on_near_white()
_BORDERED = white_card_in_strong_border()


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "error_px",
    [(0, 0, 0, 0), (-2, 0, 2, 5), (2, 2, -2, -2)],
    ids=["exact", "grown into the shadow", "inside the border"],
)
def test_box_edges_are_read_exactly_on_a_jpeg(dpr: int, error_px: tuple[int, ...]) -> None:
    image = image_of(_GREY, dpr=dpr, jpeg_quality=_QUALITY)
    truth = _edges(_GREY.boxes[0], dpr)
    analysed = tuple(t + e * dpr for t, e in zip(truth, error_px, strict=True))
    found = lossy_edges(
        image.rgb,
        (analysed[0], analysed[1], analysed[2], analysed[3]),
        clipped=_OPEN,
        dpr=dpr,
        threshold=_THRESHOLD,
    )
    assert found == truth


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_box_stopping_inside_its_border_gets_the_border(dpr: int) -> None:
    image = image_of(_BORDERED, dpr=dpr, jpeg_quality=_QUALITY)
    truth = _edges(_BORDERED.boxes[0], dpr)
    inner = (truth[0] + 2 * dpr, truth[1] + 2 * dpr, truth[2] - 2 * dpr, truth[3] - 2 * dpr)
    assert lossy_edges(image.rgb, inner, clipped=_OPEN, dpr=dpr, threshold=_THRESHOLD) == truth


def test_a_contact_shadow_is_not_taken_for_a_border() -> None:
    card = Box(
        64, 64, 320, 120, (255, 255, 255), radius=16, shadows=(ShadowSpec(0, 0, 3, 0, 0.13),)
    )
    image = image_of(_scene(card, (250, 250, 250)), dpr=1, jpeg_quality=_QUALITY)
    truth = _edges(card, 1)
    assert lossy_edges(image.rgb, truth, clipped=_OPEN, dpr=1, threshold=_THRESHOLD) == truth


def test_clipped_sides_keep_their_position() -> None:
    image = image_of(_GREY, dpr=1, jpeg_quality=_QUALITY)
    truth = _edges(_GREY.boxes[0], 1)
    analysed = (truth[0] - 2, truth[1], truth[2] + 2, truth[3] + 5.4)
    found = lossy_edges(
        image.rgb, analysed, clipped=(False, False, True, False), dpr=1, threshold=_THRESHOLD
    )
    assert found == (truth[0], truth[1], truth[2], truth[3] + 5)


def test_one_clear_ring_and_two_sides_leading_with_it_are_a_border() -> None:
    # A card running off the bottom of the image: its border ends sharply only on top, where
    # the shadow is faint; on the flanks a shadow about as dark lies right behind it.
    card = Box(
        60,
        60,
        400,
        400,
        (255, 255, 255),
        radius=8,
        border=1,
        border_color=(222, 222, 222),
        shadows=(ShadowSpec(0, 5, 12, 0, 0.15), ShadowSpec(0, 1, 2, 0, 0.09)),
    )
    scene = Scene(width=520, height=400, background=(250, 250, 250), boxes=(card,))
    image = image_of(scene, dpr=2, jpeg_quality=_QUALITY)
    left, top, right, _ = _edges(card, 2)
    inner = (left + 2, top + 2, right - 2, 800.0)
    found = lossy_edges(
        image.rgb, inner, clipped=(False, False, True, False), dpr=2, threshold=_THRESHOLD
    )
    assert found == (left, top, right, 800.0)


@settings(max_examples=200, deadline=None)
@given(
    side=st.integers(0, 3),
    box=st.tuples(st.integers(8, 20), st.integers(8, 20), st.integers(24, 40), st.integers(24, 40)),
    inside=st.integers(0, 4),
    outside=st.integers(1, 8),
    along=st.tuples(st.integers(0, 6), st.integers(7, 16)),
)
def test_side_pixels_are_the_pixels_at_each_distance_along_the_side(
    side: int,
    box: tuple[int, int, int, int],
    inside: int,
    outside: int,
    along: tuple[int, int],
) -> None:
    rgb = np.random.default_rng(side).integers(0, 256, (48, 48, 3), dtype=np.uint8)
    left, top, right, bottom = box
    start = (left if side in (0, 2) else top) + along[0]
    stop = (left if side in (0, 2) else top) + along[1]
    block = side_pixels(rgb, box, side, (start, stop), (-inside, outside))
    assert block.shape == (inside + outside, stop - start, 3)
    for i, distance in enumerate(range(-inside, outside)):
        for j, position in enumerate(range(start, stop)):
            row, column = {
                0: (top - 1 - distance, position),
                1: (position, right + distance),
                2: (bottom + distance, position),
                3: (position, left - 1 - distance),
            }[side]
            assert np.array_equal(block[i, j], rgb[row, column])
