import numpy as np
import pytest
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.errors import OptionsError
from copy_that.extract._layout_corner import _coverage, fit_corner, fit_corners, model_insets
from copy_that.extract.radii import RadiusOptions, extract_radii
from copy_that.imaging import Image
from tests.unit.analysis._synth import Box, Scene, dashboard, image_of, render


@pytest.mark.parametrize("dpr", [1, 2])
def test_dashboard_radii_within_half_a_px(dpr: int) -> None:
    image = image_of(dashboard(), dpr=dpr)
    result = extract_radii(image, analyse(image, text_lines=False))
    scale = [v for v in result.values if v.name != "full"]
    assert [v.name for v in result.values] == ["sm", "md", "lg", "xl", "full"]
    for got, want in zip(scale, [4, 6, 8, 12], strict=True):
        assert abs(got.value_px - want) <= 0.5
    full = result.values[-1]
    assert len(full.elements) == 2  # the chip (radius 12 on a 24-px box) and the avatar


@pytest.mark.parametrize("radius", [2.0, 3.5, 6.0, 10.0, 16.0])
def test_single_corner_fit_is_sub_pixel(radius: float) -> None:
    scene = Scene(width=120, height=90, boxes=(Box(20, 15, 80, 60, (30, 64, 175), radius=radius),))
    rgb = render(scene, dpr=1)
    fit = fit_corner(
        rgb, corner=(20, 15), direction=(1, 1), zone_px=30, colors=((30.0, 64.0, 175.0),)
    )
    assert fit is not None
    assert fit.radius_px == pytest.approx(radius, abs=0.3)


def test_square_corner_fits_zero() -> None:
    rgb = render(Scene(width=80, height=60, boxes=(Box(10, 10, 50, 30, (0, 0, 0)),)), dpr=1)
    fit = fit_corner(rgb, corner=(10, 10), direction=(1, 1), zone_px=15, colors=((0.0, 0.0, 0.0),))
    assert fit is not None
    assert fit.radius_px < 0.3


def test_model_insets_sum_to_the_corner_area() -> None:
    r = 7.0
    bands = np.arange(20, dtype=np.float64)
    assert model_insets(bands, r).sum() == pytest.approx((1 - np.pi / 4) * r * r)


def test_tokens_name_the_scale_and_the_pill() -> None:
    image = image_of(dashboard(), dpr=1)
    result = extract_radii(image, analyse(image, text_lines=False))
    tokens = {t.name: t for t in result.contribution(image.id).tokens}
    assert tokens["radius.full"].value.value == 9999  # type: ignore[union-attr]
    assert tokens["radius.md"].evidence is not None
    assert tokens["radius.md"].evidence.count == 4


def test_photo_has_no_radii_and_a_reason() -> None:
    image = Image.from_array(skdata.astronaut())
    result = extract_radii(image, analyse(image, text_lines=False))
    assert result.values == ()
    assert result.reason


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [({"min_radius_px": -1}, "min_radius_px"), ({"max_rms_px": 0}, "max_rms_px")],
)
def test_bad_options_are_refused(kwargs: dict[str, float], option: str) -> None:
    with pytest.raises(OptionsError) as err:
        RadiusOptions(**kwargs)
    assert err.value.option == option


def test_corners_fitted_together_equal_corners_fitted_alone() -> None:
    # Four different radii, one corner off the image: batching must not mix the corners up.
    boxes = (
        Box(20, 15, 80, 60, (30, 64, 175), radius=3.0),
        Box(130, 15, 80, 60, (30, 64, 175), radius=9.0),
    )
    rgb = render(Scene(width=230, height=90, boxes=boxes), dpr=1)
    corners = [(20, 15), (209, 15), (209, 74), (0, 0)]
    directions = [(1, 1), (-1, 1), (-1, -1), (1, 1)]
    colours = ((30.0, 64.0, 175.0),)
    together = fit_corners(rgb, corners=corners, directions=directions, zone_px=30, colors=colours)
    alone = [
        fit_corner(rgb, corner=c, direction=d, zone_px=30, colors=colours)
        for c, d in zip(corners, directions, strict=True)
    ]
    assert together == alone
    assert together[3] is None  # its outside reference lies off the image
    assert together[0] is not None
    assert together[1] is not None
    assert together[0].radius_px == pytest.approx(3.0, abs=0.3)
    assert together[1].radius_px == pytest.approx(9.0, abs=0.3)


def test_coverage_equals_its_einsum_definition_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    lines = rng.integers(0, 256, (24, 24, 3)).astype(np.float32)
    outside = rng.integers(0, 256, (24, 3)).astype(np.float32)
    colours = (rng.random((2, 3)) * 255).astype(np.float32)
    axis = colours[None, :, :] - outside[:, None, :]
    norm = np.einsum("lck,lck->lc", axis, axis)
    usable = norm >= 12.0**2
    share = (
        np.einsum("lpk,lck->lpc", lines, axis) - np.einsum("lk,lck->lc", outside, axis)[:, None]
    ) / np.maximum(norm, 1e-6)[:, None, :]
    expected = np.where(usable[:, None, :], np.clip(share, 0.0, 1.0), 0.0).max(axis=2)
    cover, readable = _coverage(lines, outside, colours)
    assert np.array_equal(cover, expected.astype(np.float64))
    assert np.array_equal(readable, usable.any(axis=1))
