import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copy_that.analysis import analyse
from copy_that.extract._layout_lighting import ShadowReading, estimate_lighting
from copy_that.extract.shadows import extract_shadows
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, image_of


@pytest.mark.parametrize(
    ("offset", "azimuth"),
    [((0, 4), 0.0), ((-3, 0), 90.0), ((0, -4), 180.0), ((3, 0), 270.0), ((3, 3), 315.0)],
)
def test_the_light_stands_opposite_the_shadow(offset: tuple[float, float], azimuth: float) -> None:
    estimate = estimate_lighting([ShadowReading(((offset[0], offset[1], 8.0),))] * 3)
    assert estimate is not None
    assert estimate.azimuth_deg == pytest.approx(azimuth)
    assert estimate.agreement == pytest.approx(1.0)
    assert estimate.softness == pytest.approx(8.0 / math.hypot(*offset))


def test_the_key_layer_is_the_one_cast_furthest() -> None:
    # A contact layer right under the box and a key layer cast down and to the left.
    estimate = estimate_lighting([ShadowReading(((0.0, 1.0, 2.0), (-4.0, 6.0, 12.0)))])
    assert estimate is not None
    assert estimate.offset_px == (-4.0, 6.0)
    assert estimate.blur_px == 12.0
    assert estimate.azimuth_deg is not None
    assert 0.0 < estimate.azimuth_deg < 90.0  # from the upper right


def test_shadows_straight_under_their_boxes_give_no_direction() -> None:
    estimate = estimate_lighting([ShadowReading(((0.0, 0.2, 16.0),))] * 4)
    assert estimate is not None
    assert estimate.azimuth_deg is None
    assert estimate.softness is None
    assert estimate.confidence == 0.0


def test_boxes_that_disagree_lower_the_agreement_and_confidence() -> None:
    same = estimate_lighting([ShadowReading(((0.0, 4.0, 8.0),))] * 4)
    mixed = estimate_lighting(
        [ShadowReading(((0.0, 4.0, 8.0),))] * 2 + [ShadowReading(((4.0, 0.0, 8.0),))] * 2
    )
    assert same is not None
    assert mixed is not None
    assert mixed.agreement < same.agreement
    assert mixed.confidence < same.confidence


def test_no_shadows_no_estimate() -> None:
    assert estimate_lighting([]) is None
    assert estimate_lighting([ShadowReading(())]) is None


@given(
    dx=st.floats(-20, 20),
    dy=st.floats(-20, 20),
    blur=st.floats(0.5, 40),
    boxes=st.integers(1, 12),
)
def test_estimate_is_bounded(dx: float, dy: float, blur: float, boxes: int) -> None:
    estimate = estimate_lighting([ShadowReading(((dx, dy, blur),))] * boxes)
    assert estimate is not None
    assert 0.0 <= estimate.agreement <= 1.0 + 1e-9
    assert 0.0 <= estimate.confidence <= 1.0
    if estimate.azimuth_deg is not None:
        assert 0.0 <= estimate.azimuth_deg < 360.0


def test_lighting_is_read_from_a_rendered_page_and_written_on_the_shadow_group() -> None:
    # Three cards lit from the upper left: their shadows fall down and to the right.
    spec = ShadowSpec(4, 6, 12, 0, 0.25)
    cards = tuple(
        Box(40 + 220 * i, 60, 180, 120, (255, 255, 255), radius=8, shadows=(spec,))
        for i in range(3)
    )
    image = image_of(Scene(width=720, height=260, background=(241, 243, 246), boxes=cards))
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    estimate = result.lighting
    assert estimate is not None
    expected = math.degrees(math.atan2(-4, 6)) % 360.0  # 326°: upper left
    assert estimate.azimuth_deg == pytest.approx(expected, abs=10.0)
    assert estimate.boxes == 3
    (group,) = result.contribution("img").groups
    lighting = group.extensions["com.copy-that"]["lighting"]
    assert lighting["boxes"] == 3
    assert lighting["azimuthDeg"] == pytest.approx(expected, abs=10.0)
