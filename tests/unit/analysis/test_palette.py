import numpy as np
import pytest
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.analysis._palette import _SNAP_DISTANCE, palette_indices
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, Text, image_of

# JPEG quality of the test images (what screenshot-sharing tools commonly use).
_QUALITY = 75


def _card_page(background: tuple[int, int, int]) -> Scene:
    return Scene(
        width=480,
        height=320,
        background=background,
        boxes=(
            Box(
                60,
                50,
                300,
                180,
                (255, 255, 255),
                radius=8,
                shadows=(ShadowSpec(0, 2, 12, 0, 0.12),),
            ),
        ),
        texts=(Text(84, 80, "Card title", size=16),),
    )


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("background", [(241, 245, 249), (243, 244, 246), (248, 249, 250)])
def test_white_card_on_a_near_white_page_gets_its_own_colour(
    background: tuple[int, int, int], dpr: int
) -> None:
    # 7 to 14 code values apart: one 6-bit palette colour, told apart by luma.
    image = image_of(_card_page(background), dpr=dpr, jpeg_quality=_QUALITY)
    index = palette_indices(image.rgb)
    card = index[200 * dpr : 220 * dpr, 150 * dpr : 300 * dpr]
    page = index[5 * dpr : 25 * dpr, 400 * dpr : 470 * dpr]
    assert (card == card[0, 0]).all()
    assert (page == page[0, 0]).all()
    assert card[0, 0] != page[0, 0]


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("background", [(241, 245, 249), (243, 244, 246)])
def test_white_card_on_a_near_white_page_is_found_on_a_jpeg(
    background: tuple[int, int, int], dpr: int
) -> None:
    image = image_of(_card_page(background), dpr=dpr, jpeg_quality=_QUALITY)
    layout = analyse(image, dpr=dpr, text_lines=False)
    boxes = [e.box for e in layout.elements if e.is_box]
    assert (60 * dpr, 50 * dpr, 300 * dpr, 180 * dpr) in boxes


def test_one_noisy_flat_colour_stays_one_colour() -> None:
    # Noise of a few code values spreads one colour's luma over a few levels, one peak.
    rng = np.random.default_rng(7)
    noise = rng.normal(0.0, 1.5, size=(200, 300, 1))
    rgb = np.clip(np.array([246.0, 247.0, 249.0]) + noise, 0, 255).astype(np.uint8)
    assert np.unique(palette_indices(rgb)).tolist() == [0]


def test_two_peaks_without_a_valley_stay_one_colour() -> None:
    # A gradient between two levels fills the valley: one colour drifting, not two.
    ramp = np.linspace(240.0, 252.0, 300)[None, :, None]
    rgb = np.broadcast_to(ramp, (200, 300, 3)).round().astype(np.uint8)
    assert np.unique(palette_indices(rgb)).size == 1


def test_a_pixel_exactly_the_snap_distance_away_takes_the_colour() -> None:
    # 130 and 146 are 6-bit bin centres, so the distance from the fill's palette colour is exact.
    rgb = np.full((100, 100, 3), 130, dtype=np.uint8)
    rgb[0, :10] = (130 + int(_SNAP_DISTANCE), 130, 130)
    rgb[1, :10] = (130 + int(_SNAP_DISTANCE) + 4, 130, 130)
    index = palette_indices(rgb)
    assert index[0, :10].tolist() == [index[50, 50]] * 10
    assert index[1, :10].tolist() == [-1] * 10


def test_a_smooth_colour_wheel_snaps_only_what_lies_near_its_peaks() -> None:
    # Thousands of occupied bins and many shallow peaks: every snapped pixel lies within the
    # snap distance (plus a bin's half-width) of the mean colour of its palette colour.
    wheel = skdata.colorwheel()[..., :3]
    index = palette_indices(wheel)
    for colour in np.unique(index[index >= 0]).tolist():
        pixels = wheel[index == colour].astype(np.float64)
        spread = np.abs(pixels - pixels.mean(axis=0)).max()
        assert spread <= 2 * _SNAP_DISTANCE + 4
