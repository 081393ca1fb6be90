import numpy as np
import pytest
from numpy.typing import NDArray
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.analysis.model import Element
from copy_that.errors import OptionsError
from copy_that.extract._layout_corner import (
    CornerFit,
    _coverage,
    _inner_insets,
    fit_corner,
    fit_corners,
    model_insets,
)
from copy_that.extract.radii import (
    ElementRadii,
    RadiusOptions,
    _element_fit,
    _element_radius,
    _Plan,
    extract_radii,
)
from copy_that.imaging import Image
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, dashboard, image_of, render


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
    fit = fit_corner(rgb, corner=(20, 15), direction=(1, 1), zone_px=30, fill=(30.0, 64.0, 175.0))
    assert fit is not None
    assert fit.radius_px == pytest.approx(radius, abs=0.3)


def test_square_corner_fits_zero() -> None:
    rgb = render(Scene(width=80, height=60, boxes=(Box(10, 10, 50, 30, (0, 0, 0)),)), dpr=1)
    fit = fit_corner(rgb, corner=(10, 10), direction=(1, 1), zone_px=15, fill=(0.0, 0.0, 0.0))
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
    fill = (30.0, 64.0, 175.0)
    together = fit_corners(
        rgb, corners=corners, directions=directions, zone_px=30, fills=[fill] * len(corners)
    )
    alone = [
        fit_corner(rgb, corner=c, direction=d, zone_px=30, fill=fill)
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
    colour = (rng.random(3) * 255).astype(np.float32)
    axis = colour[None, :] - outside
    norm = np.einsum("lk,lk->l", axis, axis)
    usable = norm >= 12.0**2
    share = (
        np.einsum("lpk,lk->lp", lines, axis) - np.einsum("lk,lk->l", outside, axis)[:, None]
    ) / np.maximum(norm, 1e-6)[:, None]
    expected = np.where(usable[:, None], np.clip(share, 0.0, 1.0), 0.0)
    cover, readable = _coverage(lines, outside, colour)
    assert np.array_equal(cover, expected.astype(np.float64))
    assert np.array_equal(readable, usable)


# Page, fill, border and shadow of bordered boxes whose outer edge is hard to read: a shadow
# darkening the page around a thin border, a border on a page of the fill's colour (a ghost
# button), a border hardly darker than the shadowed page next to it.
_BORDERED = {
    "shadowed": ((250, 250, 250), (235, 235, 235), (210, 210, 210), ShadowSpec(0, 2, 6, 0, 0.2)),
    "ghost": ((12, 12, 12), (12, 12, 12), (68, 68, 68), None),
    "faint": ((244, 240, 248), (255, 255, 255), (223, 214, 230), ShadowSpec(0, 1, 7, 0, 0.3)),
}


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("radius", [2.0, 6.0, 10.0, 20.0])
@pytest.mark.parametrize("theme", sorted(_BORDERED))
def test_bordered_corners_are_read_at_the_inner_edge(dpr: int, radius: float, theme: str) -> None:
    page, fill, border, shadow = _BORDERED[theme]
    box = Box(
        30,
        30,
        160,
        90,
        fill,
        radius=radius,
        border=1,
        border_color=border,
        shadows=(shadow,) if shadow else (),
    )
    rgb = render(Scene(width=220, height=150, background=page, boxes=(box,)), dpr=dpr)
    x, y, w, h = 30 * dpr, 30 * dpr, 160 * dpr, 90 * dpr
    fits = fit_corners(
        rgb,
        corners=[(x, y), (x + w - 1, y), (x + w - 1, y + h - 1), (x, y + h - 1)],
        directions=[(1, 1), (-1, 1), (-1, -1), (1, -1)],
        zone_px=45 * dpr,
        fills=[(float(fill[0]), float(fill[1]), float(fill[2]))] * 4,
        borders=[(float(border[0]), float(border[1]), float(border[2]))] * 4,
        border_px=[dpr] * 4,
    )
    for fit in fits:
        assert fit is not None
        assert fit.radius_px / dpr == pytest.approx(radius, abs=0.3)


def test_square_bordered_corner_reads_square_not_the_border_width() -> None:
    box = Box(10, 10, 60, 40, (235, 235, 235), border=2, border_color=(120, 120, 120))
    rgb = render(Scene(width=80, height=60, boxes=(box,)), dpr=1)
    fit = fit_corner(
        rgb,
        corner=(10, 10),
        direction=(1, 1),
        zone_px=20,
        fill=(235.0, 235.0, 235.0),
        border=(120.0, 120.0, 120.0),
        border_px=2,
    )
    assert fit is not None
    assert fit.radius_px < 0.3


def _straight_cover(start: float, size: int) -> NDArray[np.float64]:
    """Coverage of the pixels of a line by a half-plane from `start` on (exact box filter)."""
    pixels = np.arange(size, dtype=np.float64)
    return np.clip(pixels + 1.0 - start, 0.0, 1.0)


@pytest.mark.parametrize("outside_share", [-0.4, 0.5, 1.0, 1.6])
@pytest.mark.parametrize("width_px", [1.0, 1.41])
def test_thin_border_sharing_its_pixels_with_the_outside_reads_exactly(
    outside_share: float, width_px: float
) -> None:
    # Lines crossing a straight border of 1 px (√2 px on a diagonal) at every sub-pixel phase:
    # no pixel is pure border, and the page's share of the fill, λ, is anything from below the
    # border's colour to past the fill's (1: a ghost button).
    border, fill = 50.0, 150.0
    page = border + outside_share * (fill - border)
    size = 16
    starts = 3.0 + np.arange(10) / 10.0
    outer = np.stack([_straight_cover(s, size) for s in starts])
    inner = np.stack([_straight_cover(s + width_px, size) for s in starts])
    grey = page * (1.0 - outer) + border * (outer - inner) + fill * inner
    lines = np.repeat(grey[:, :, None], 3, axis=2).astype(np.float32)
    outside = np.full((len(starts), 3), page, dtype=np.float32)
    colours = np.ones((len(starts), 3), np.float32)
    insets, readable = _inner_insets(
        lines, outside, colours * border, colours * fill, group=len(starts)
    )
    assert readable.all()
    assert np.abs(insets - (starts + width_px)).max() <= 0.15


@pytest.mark.parametrize("dpr", [1, 2])
def test_ghost_input_and_shadowed_card_radii(dpr: int) -> None:
    page = (248, 247, 252)
    scene = Scene(
        width=480,
        height=300,
        background=page,
        boxes=(
            Box(
                24,
                24,
                432,
                180,
                (255, 255, 255),
                radius=10,
                border=1,
                border_color=(213, 212, 230),
                shadows=(ShadowSpec(0, 2, 8, 0, 0.2),),
            ),
            Box(48, 64, 240, 34, (255, 255, 255), radius=2, border=1, border_color=(213, 212, 230)),
            Box(48, 232, 160, 42, page, radius=20, border=1, border_color=(117, 89, 219)),
        ),
    )
    image = image_of(scene, dpr=dpr)
    result = extract_radii(image, analyse(image, text_lines=False))
    values = [v.value_px for v in result.values if v.name != "full"]
    assert len(values) == 3
    for got, want in zip(values, [2, 10, 20], strict=True):
        assert abs(got - want) <= 0.5


@pytest.mark.parametrize("radius", [4.0, 10.0])
def test_side_off_the_pixel_grid_does_not_read_as_rounding(radius: float) -> None:
    # The box starts 0.4 px into its first column and 0.3 px into its first row: every line
    # is inset by that much, which is no part of the arc.
    box = Box(20.4, 15.3, 80, 60, (30, 64, 175), radius=radius)
    rgb = render(Scene(width=120, height=90, boxes=(box,)), dpr=1)
    fit = fit_corner(rgb, corner=(20, 15), direction=(1, 1), zone_px=30, fill=(30.0, 64.0, 175.0))
    assert fit is not None
    assert fit.radius_px == pytest.approx(radius, abs=0.35)


def test_square_corner_with_colours_read_a_little_off_stays_square() -> None:
    # Two bordered boxes sharing a divider (a card footer split in two): the corner at the
    # divider is square, and a border and fill colour a few levels off the pixels' must not
    # turn the small inset they add to every line into a radius.
    box = Box(10, 10, 60, 40, (20, 20, 20), border=1, border_color=(46, 46, 46))
    rgb = render(Scene(width=80, height=60, background=(20, 20, 20), boxes=(box,)), dpr=1)
    fit = fit_corner(
        rgb,
        corner=(69, 10),
        direction=(-1, 1),
        zone_px=20,
        fill=(20.0, 22.0, 26.0),
        border=(44.0, 47.0, 54.0),
        border_px=1,
    )
    assert fit is not None
    assert fit.radius_px < 0.5


def test_of_two_equal_groups_of_corners_the_better_fitted_one_wins() -> None:
    # Two corners read well, two read short where a faint edge barely stood out: the arcs that
    # fit best give the box's radius, whichever group is the smaller.
    fit = ElementRadii(
        element=3,
        corners_px=(9.2, 9.1, 12.9, 12.85),
        pill=False,
        misfit_px=(0.55, 0.5, 0.06, 0.06),
    )
    found = _element_radius(fit, RadiusOptions())
    assert found is not None
    assert found[0] == pytest.approx(12.875)
    assert found[1:] == (3, 2)
    swapped = ElementRadii(
        element=3,
        corners_px=(9.2, 9.1, 12.9, 12.85),
        pill=False,
        misfit_px=(0.06, 0.06, 0.55, 0.5),
    )
    assert _element_radius(swapped, RadiusOptions()) == (pytest.approx(9.15), 3, 2)


def _knob_plan() -> _Plan:
    knob = Element(id=11, box=(100, 50, 16, 16), kind="icon", fill=(255, 255, 255), parent=None)
    return _Plan(
        element=knob,
        zone_px=8,
        open_corners=(0, 1, 2, 3),
        corners=((100, 50), (115, 50), (115, 65), (100, 65)),
        fill=(255.0, 255.0, 255.0),
        border=None,
        widths=(0, 0, 0, 0),
    )


def test_pill_is_decided_by_the_agreeing_corners() -> None:
    # A switch's knob next to the end of its track: the two corners by the track's end are read
    # against the track's edge and come out short and badly fitted; the other two reach half
    # the knob's side, and so the knob is a circle.
    fits = [
        CornerFit(radius_px=3.4, rms_px=0.4, limit_px=8.0),
        CornerFit(radius_px=7.5, rms_px=0.05, limit_px=8.0),
        CornerFit(radius_px=7.6, rms_px=0.05, limit_px=8.0),
        CornerFit(radius_px=3.5, rms_px=0.4, limit_px=8.0),
    ]
    knob = _element_fit(_knob_plan(), fits, 1.0, RadiusOptions())
    assert knob is not None
    assert knob.pill
    small = [CornerFit(radius_px=3.5, rms_px=0.05, limit_px=8.0)] * 4
    rounded = _element_fit(_knob_plan(), small, 1.0, RadiusOptions())
    assert rounded is not None
    assert not rounded.pill
    # A corner read square says the box is not fully rounded, whatever the others read.
    square = CornerFit(radius_px=0.0, rms_px=0.0, limit_px=8.0)
    tab = _element_fit(_knob_plan(), [square, fits[1], fits[2], square], 1.0, RadiusOptions())
    assert tab is not None
    assert not tab.pill


@pytest.mark.parametrize(
    ("height_px", "radius_px", "pill"),
    [(40, 19.9, True), (41, 20.0, True), (42, 20.0, False), (42, 20.9, True)],
)
def test_a_radius_one_px_short_of_half_the_side_is_no_pill(
    height_px: int, radius_px: float, pill: bool
) -> None:
    # A 42-px ghost button with 20-px corners is rounded, not fully rounded; on a 41-px one the
    # same corners are the largest whole radius the side allows.
    button = Element(
        id=6, box=(10, 10, 120, height_px), kind="button", fill=(12, 12, 12), parent=None
    )
    plan = _Plan(
        element=button,
        zone_px=height_px // 2,
        open_corners=(0, 1, 2, 3),
        corners=((10, 10), (129, 10), (129, 9 + height_px), (10, 9 + height_px)),
        fill=(12.0, 12.0, 12.0),
        border=None,
        widths=(0, 0, 0, 0),
    )
    fits = [CornerFit(radius_px=radius_px, rms_px=0.1, limit_px=height_px // 2)] * 4
    found = _element_fit(plan, fits, 1.0, RadiusOptions())
    assert found is not None
    assert found.pill is pill


# JPEG (quality 75) — the benchmark's lossy renders are saved the same way.
_JPEG_QUALITY = 75


def _jpeg_scale(scene: Scene, dpr: int = 1) -> list[float]:
    image = image_of(scene, dpr=dpr, jpeg_quality=_JPEG_QUALITY)
    result = extract_radii(image, analyse(image, dpr=dpr, text_lines=False))
    return [v.value_px for v in result.values if v.name != "full"]


def test_jpeg_square_corner_reads_square_on_a_large_zone() -> None:
    # Past the arc a line holds only JPEG noise; summed over the whole 40-px zone it read this
    # square corner as a 1.4-px arc.
    fill = (220, 220, 220)
    scene = Scene(width=200, height=160, boxes=(Box(26, 26, 140, 120, fill),))
    image = image_of(scene, dpr=1, jpeg_quality=_JPEG_QUALITY)
    fit = fit_corner(image.rgb, corner=(26, 26), direction=(1, 1), zone_px=40, fill=(220.0,) * 3)
    assert fit is not None
    assert fit.radius_px < 1.0


def test_jpeg_square_corners_of_thin_borders_give_no_radius() -> None:
    # JPEG turns the square corner of a 1-px border into an arc of 1-3.5 px; a table of
    # bordered boxes gave 1, 2 and 3 px.
    fill, border = (29, 39, 30), (62, 72, 64)
    boxes = tuple(
        Box(24 + 140 * i, 24 + 86 * j, 120, 60, fill, border=1 + j, border_color=border)
        for i in range(3)
        for j in range(2)
    )
    assert _jpeg_scale(Scene(width=480, height=200, background=(17, 24, 18), boxes=boxes)) == []


def test_jpeg_one_radius_read_half_a_px_apart_stays_one_value() -> None:
    # One 8-px radius on bordered and on shadowed cards at 2x: JPEG read it 8 and 8.5 px, nine
    # corners each.
    shadow = ShadowSpec(0, 1, 3, 0, 0.1)
    boxes: list[Box] = []
    for i in range(3):
        boxes.append(Box(20 + 150 * i, 20, 130, 90, (255, 255, 255), 8, 1, (220, 220, 220)))
        boxes.append(Box(20 + 150 * i, 140, 130, 90, (255, 255, 255), 8, shadows=(shadow,)))
    scene = Scene(width=480, height=260, background=(245, 246, 248), boxes=tuple(boxes))
    assert _jpeg_scale(scene, dpr=2) == [8.0]


def test_jpeg_small_rounded_pieces_give_no_scale_value() -> None:
    # Boxes under 10 px across are, on JPEG, mostly glyph strokes split off their text; their
    # ends fit arcs (here 2-3 px) that are no design value.
    boxes = [Box(24, 24, 200, 120, (255, 255, 255), 8, 1, (222, 224, 230))]
    boxes += [
        Box(40 + 20 * i, 60 + (i % 3) * 3, 7 + (i % 3), 12 + (i % 4) * 2, (36, 34, 40), 2.5)
        for i in range(8)
    ]
    scene = Scene(width=320, height=200, background=(245, 246, 248), boxes=tuple(boxes))
    assert _jpeg_scale(scene) == [8.0]


def test_jpeg_radius_seen_at_one_corner_is_no_scale_value() -> None:
    # A faint square box running off the image shows one corner, which JPEG reads as 2.1 px.
    boxes = (Box(20, 20, 120, 80, (37, 99, 235), radius=8), Box(185, 125, 200, 120, (230,) * 3))
    scene = Scene(width=320, height=200, boxes=boxes)
    assert _jpeg_scale(scene) == [8.0]


def test_jpeg_pills_read_short_of_half_their_side_are_pills() -> None:
    # 24-px pills on JPEG read 10.2-11 px on boxes read a px short: they were an 11-px value.
    boxes = tuple(Box(20 + 40 * i, 20 + 0.25 * i, 24, 24, (221, 156, 228), 999) for i in range(6))
    scene = Scene(width=280, height=80, background=(35, 35, 35), boxes=boxes)
    image = image_of(scene, dpr=1, jpeg_quality=_JPEG_QUALITY)
    result = extract_radii(image, analyse(image, dpr=1, text_lines=False))
    assert [v.name for v in result.values] == ["full"]
