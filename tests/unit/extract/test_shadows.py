import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from scipy.ndimage import gaussian_filter, uniform_filter
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.errors import OptionsError
from copy_that.extract import shadows as shadows_module
from copy_that.extract._layout_shadow_fit import LayerFit, ShadowFit, glow_hidden
from copy_that.extract.shadows import (
    ShadowLayerFit,
    ShadowOptions,
    ShadowResult,
    _box_blur_sigma,
    _plausible,
    _rounded,
    extract_shadows,
)
from copy_that.imaging import Image, load_image
from tests.unit.analysis._synth import (
    Box,
    Scene,
    ShadowSpec,
    dashboard,
    grey_card_on_near_white,
    image_of,
    white_card_in_strong_border,
)


def _card(
    shadows: tuple[ShadowSpec, ...], *, background: tuple[int, int, int] = (241, 243, 246)
) -> Scene:
    return Scene(
        width=360,
        height=260,
        background=background,
        boxes=(Box(80, 60, 200, 120, (255, 255, 255), radius=8, shadows=shadows),),
    )


def _only_layer(image: Image, dpr: int) -> ShadowLayerFit:
    """The one layer of the one shadow level found in `image`."""
    result = extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    return layer


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "spec",
    [ShadowSpec(0, 4, 12, 0, 0.2), ShadowSpec(0, 10, 24, 0, 0.15), ShadowSpec(3, 2, 6, 0, 0.3)],
)
def test_one_layer_is_recovered(dpr: int, spec: ShadowSpec) -> None:
    layer = _only_layer(image_of(_card((spec,)), dpr=dpr), dpr)
    assert abs(layer.offset_x_px - spec.dx) <= 1
    assert abs(layer.offset_y_px - spec.dy) <= 1
    assert abs(layer.blur_px - spec.blur) <= 0.2 * spec.blur
    assert abs(layer.alpha - spec.alpha) <= 0.05
    assert max(layer.color) <= 2  # black, to 8-bit rounding


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("spec", [ShadowSpec(0, 2, 3, 0, 0.15), ShadowSpec(0, 4, 12, 0, 0.2)])
def test_white_card_on_a_white_page_is_found_by_its_shadow(dpr: int, spec: ShadowSpec) -> None:
    layer = _only_layer(image_of(_card((spec,), background=(255, 255, 255)), dpr=dpr), dpr)
    assert abs(layer.offset_x_px - spec.dx) <= 1
    assert abs(layer.offset_y_px - spec.dy) <= 1
    assert abs(layer.blur_px - spec.blur) <= 0.2 * spec.blur


def test_two_layers_are_recovered() -> None:
    specs = (ShadowSpec(0, 10, 24, 0, 0.15), ShadowSpec(0, 2, 4, 0, 0.2))
    image = image_of(_card(specs), dpr=1)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    (level,) = result.levels
    assert len(level.layers) == 2
    for spec in specs:
        assert any(
            abs(layer.offset_y_px - spec.dy) <= 1
            and abs(layer.blur_px - spec.blur) <= 0.2 * spec.blur
            for layer in level.layers
        )


def test_boxes_with_one_shadow_form_one_level() -> None:
    spec = ShadowSpec(0, 4, 12, 0, 0.18)
    boxes = tuple(
        Box(30 + i * 110, 40, 90, 80, (255, 255, 255), radius=6, shadows=(spec,)) for i in range(3)
    )
    scene = Scene(width=380, height=180, background=(240, 242, 245), boxes=boxes)
    image = image_of(scene, dpr=1)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    (level,) = result.levels
    assert len(level.elements) == 3
    (token,) = result.contribution(image.id).tokens
    assert token.name == "shadow.1"
    assert token.type == "shadow"


def test_levels_are_ordered_by_elevation() -> None:
    image = image_of(dashboard(), dpr=1)
    scene = Scene(
        width=480,
        height=220,
        background=(240, 242, 245),
        boxes=(
            Box(
                260,
                40,
                180,
                120,
                (255, 255, 255),
                radius=8,
                shadows=(ShadowSpec(0, 12, 28, 0, 0.2),),
            ),
            Box(
                40, 40, 180, 120, (255, 255, 255), radius=8, shadows=(ShadowSpec(0, 2, 6, 0, 0.2),)
            ),
        ),
    )
    image = image_of(scene, dpr=1)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    reach = [level.reach_px for level in result.levels]
    assert len(reach) == 2
    assert reach == sorted(reach)


def test_no_shadow_no_level() -> None:
    image = image_of(_card(()), dpr=1)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    assert result.levels == ()
    assert result.reason


def _banded_card(spec: ShadowSpec) -> Scene:
    """A white card with a header band of another fill, casting `spec`."""
    card = Box(80, 60, 200, 120, (255, 255, 255), shadows=(spec,))
    header = Box(80, 60, 200, 32, (232, 236, 242))
    return Scene(width=360, height=260, background=(241, 243, 246), boxes=(card, header))


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_cards_bands_are_not_fitted_one_by_one(dpr: int) -> None:
    # The card reads as two boxes edge to edge, neither of which casts the shadow: fitted to a
    # band's outline it takes the band's geometry (close here, 4.5 and 13 px for 4 and 12; on
    # Pico's cards 2-4 px sideways and 39-44 px of blur for a 120-px stack of six layers).
    image = image_of(_banded_card(ShadowSpec(0, 4, 12, 0, 0.2)), dpr=dpr)
    layout = analyse(image, dpr=dpr, text_lines=False)
    assert sorted(e.fill for e in layout.elements if e.is_box) == [(232, 236, 242), (255, 255, 255)]
    assert extract_shadows(image, layout).elements == ()


def test_bands_are_fitted_on_jpegs() -> None:
    # On a JPEG a dark shadow's core below a card can read as a box of its own touching it, so
    # there boxes touching a box of another fill are fitted as before.
    image = image_of(_banded_card(ShadowSpec(0, 4, 12, 0, 0.2)), dpr=1, jpeg_quality=90)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    assert result.elements


def _three_box_card(page: tuple[int, int, int], fill: tuple[int, int, int]) -> Image:
    """A 200x120 card casting `0 8px 10px` black at 61 % the way Chromium does: three box blurs
    of the card's mask, mask and alpha in 1/255 steps, the composite truncated."""
    mask = np.zeros((260, 360))
    mask[68:188, 80:280] = 1.0
    for _ in range(3):
        mask = uniform_filter(mask, 9, mode="constant")
    alpha = np.floor(round(255 * 0.61) * np.round(255.0 * mask) / 255.0)
    pixels = np.floor(np.asarray(page, dtype=np.float64) * (256.0 - alpha[..., None]) / 256.0)
    pixels[60:180, 80:280] = fill
    return Image.from_array(pixels.astype(np.uint8))


@pytest.mark.parametrize("core_px", [4, 6])
def test_a_shadows_core_read_as_a_box_is_the_cards_own_shadow(core_px: int) -> None:
    # val-1032 of the shadow validation: on Chromium's render of a dark page the darkest rows of
    # a strong shadow are cut out as a box of their own, touching the card's bottom edge to edge
    # and spanning it. Taken for a band of a larger card, it left the card unfitted.
    image = _three_box_card((18, 29, 21), (42, 43, 29))
    layout = analyse(image, dpr=1, text_lines=False)
    (card,) = (e for e in layout.elements if e.is_box)
    core = dataclasses.replace(
        card,
        id=len(layout.elements),
        box=(86, 180, 188, core_px),
        edges_px=(86.0, 180.0, 274.0, 180.0 + core_px),
        fill=tuple(int(c) for c in image.rgb[181, 180]),
        children=(),
    )
    layout = dataclasses.replace(layout, elements=(*layout.elements, core))
    layers = _layers(extract_shadows(image, layout))
    assert _recovered(ShadowSpec(0, 8, 10, 0, 0.61), layers)


def test_photo_has_no_shadows_and_a_reason() -> None:
    image = Image.from_array(skdata.chelsea())
    result = extract_shadows(image, analyse(image, text_lines=False))
    assert result.levels == ()
    assert result.reason
    assert "photo" in result.reason


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [({"max_blur_px": 1}, "max_blur_px"), ({"min_halo": 0}, "min_halo"), ({"min_r2": 2}, "min_r2")],
)
def test_bad_options_are_refused(kwargs: dict[str, float], option: str) -> None:
    with pytest.raises(OptionsError) as err:
        ShadowOptions(**kwargs)
    assert err.value.option == option


def _layers(result: ShadowResult) -> list[tuple[float, float, float, float]]:
    return [
        (layer.offset_x_px, layer.offset_y_px, layer.blur_px, layer.spread_px)
        for level in result.levels
        for layer in level.layers
    ]


def _recovered(spec: ShadowSpec, layers: list[tuple[float, float, float, float]]) -> bool:
    """Issue 4's tolerance: offsets within 1 CSS px, blur within 20 % (at least 1 px)."""
    return any(
        abs(x - spec.dx) <= 1.0
        and abs(y - spec.dy) <= 1.0
        and abs(blur - spec.blur) <= max(1.0, 0.2 * spec.blur)
        for x, y, blur, _ in layers
    )


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "specs",
    [
        # A key shadow over a tight contact shadow, as design systems layer them: both read, not
        # one compromise layer between them.
        (ShadowSpec(0, 2, 5, 0, 0.12), ShadowSpec(0, 1, 2, 0, 0.07)),
        (ShadowSpec(0, 3, 3, 0, 0.15), ShadowSpec(0, 1, 2, 0, 0.09)),
        (ShadowSpec(0, 8, 16, 0, 0.15), ShadowSpec(0, 2, 4, 0, 0.075)),
    ],
)
def test_contact_layer_is_recovered_beside_the_key_layer(
    dpr: int, specs: tuple[ShadowSpec, ...]
) -> None:
    image = image_of(_card(specs), dpr=dpr)
    result = extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    (level,) = result.levels
    assert len(level.layers) == 2
    layers = _layers(result)
    for spec in specs:
        assert _recovered(spec, layers)
    assert all(spread <= 0 for *_, spread in layers)


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    ("background", "fill", "spec"),
    [
        # Black at 31 % on a near-black page darkens it by at most 6 code values, black at 15 %
        # on Bootstrap's dark grey by 6: both under ΔE2000 2 at full strength, so not seen.
        ((19, 13, 14), (44, 37, 38), ShadowSpec(0, 3, 7, 0, 0.31)),
        ((33, 37, 41), (52, 58, 64), ShadowSpec(0, 3, 16, 0, 0.15)),
    ],
)
def test_shadow_below_a_just_noticeable_difference_is_not_reported(
    background: tuple[int, int, int], fill: tuple[int, int, int], spec: ShadowSpec, dpr: int
) -> None:
    scene = Scene(
        width=360,
        height=260,
        background=background,
        boxes=(Box(80, 60, 200, 120, fill, radius=8, shadows=(spec,)),),
    )
    image = image_of(scene, dpr=dpr)
    assert extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)).levels == ()


@pytest.mark.parametrize("dpr", [1, 2])
def test_visible_dark_theme_shadow_is_recovered(dpr: int) -> None:
    spec = ShadowSpec(0, 3, 8, 0, 0.5)
    scene = Scene(
        width=360,
        height=260,
        background=(40, 40, 45),
        boxes=(Box(80, 60, 200, 120, (60, 60, 66), radius=8, shadows=(spec,)),),
    )
    image = image_of(scene, dpr=dpr)
    layers = _layers(extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)))
    assert len(layers) == 1
    assert _recovered(spec, layers)


def _browser_card(background: tuple[int, int, int], spec: ShadowSpec, dpr: int) -> Image:
    """A card whose shadow is composited the way Chromium does in 8 bits: mask and layer alpha
    as 1/255 steps, their product truncated, and the darkened colour rounded up."""
    height, width = 260 * dpr, 360 * dpr
    x0, y0, x1, y1 = 80 * dpr, 60 * dpr, 280 * dpr, 180 * dpr
    mask = np.zeros((height, width))
    dy = round(spec.dy * dpr)
    mask[y0 + dy : y1 + dy, x0:x1] = 1.0
    steps = np.round(255.0 * gaussian_filter(mask, spec.blur / 2.0 * dpr, mode="constant"))
    alpha = np.floor(round(255.0 * spec.alpha) * steps / 255.0)
    under = np.asarray(background, dtype=np.float64)
    pixels = under - np.ceil(under[None, None, :] * alpha[..., None] / 256.0)
    pixels[y0:y1, x0:x1] = [c + 20 for c in background]
    return Image.from_array(pixels.astype(np.uint8))


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("background", [(30, 30, 34), (20, 22, 26), (250, 250, 250)])
def test_browser_quantised_shadow_is_recovered(background: tuple[int, int, int], dpr: int) -> None:
    # On near-black the truncation leaves a long tail of pixels one code value dark, which must
    # not read as a wider shadow.
    spec = ShadowSpec(0, 3, 8, 0, 0.5 if background[0] < 128 else 0.15)
    image = _browser_card(background, spec, dpr)
    result = extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    assert abs(layer.offset_y_px - spec.dy) <= 0.5
    assert abs(layer.blur_px - spec.blur) <= 0.1 * spec.blur
    assert abs(layer.alpha - spec.alpha) <= 0.03


def _browser_glow_card(background: tuple[int, int, int], spec: ShadowSpec, dpr: int) -> Image:
    """A card with a white glow composited the way Chromium does in 8 bits: mask and layer
    alpha as 1/255 steps, their product truncated, and the lightened colour truncated."""
    height, width = 260 * dpr, 360 * dpr
    x0, y0, x1, y1 = 80 * dpr, 60 * dpr, 280 * dpr, 180 * dpr
    grow, dy = round(spec.spread * dpr), round(spec.dy * dpr)
    mask = np.zeros((height, width))
    mask[y0 + dy - grow : y1 + dy + grow, x0 - grow : x1 + grow] = 1.0
    steps = np.round(255.0 * gaussian_filter(mask, spec.blur / 2.0 * dpr, mode="constant"))
    alpha = np.floor(round(255.0 * spec.alpha) * steps / 255.0)
    under = np.asarray(background, dtype=np.float64)
    pixels = np.floor(under + alpha[..., None] * (255.0 - under) / 256.0)
    pixels[y0:y1, x0:x1] = [c + 24 for c in background]
    return Image.from_array(pixels.astype(np.uint8))


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("background", [(20, 22, 26), (40, 40, 45)])
def test_a_glows_hidden_tail_does_not_narrow_it(background: tuple[int, int, int], dpr: int) -> None:
    # Bulma's dark cards: 0 8px 16px -2px white at 10 %. Its first alpha steps leave the page as
    # it is, so the glow's last two code values never show; read as zeros, they cut its tail
    # and the blur read about 11 px.
    spec = ShadowSpec(0, 8, 16, -2, 0.1)
    image = _browser_glow_card(background, spec, dpr)
    layers = _layers(extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)))
    assert _recovered(spec, layers)


def test_glow_hidden_is_the_first_step_a_browser_shows() -> None:
    backgrounds = np.arange(255, dtype=np.float64)
    hidden = glow_hidden(np.stack([backgrounds] * 3, axis=1))[:, 0]
    room = 255.0 - backgrounds
    steps = np.round(hidden / room * 255.0)
    # One step fewer changes nothing; that step changes the pixel.
    assert np.all(np.floor(backgrounds + (steps - 1) * room / 256.0) == backgrounds)
    assert np.all(np.floor(backgrounds + steps * room / 256.0) > backgrounds)
    assert hidden[20] == pytest.approx(2 * 235 / 255)
    assert np.all(hidden >= 1.0)


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("width_px", [5, 9, 15])
def test_three_box_blur_is_measured_exactly(width_px: int, dpr: int) -> None:
    # Browsers blur rounded boxes with three box blurs (Filter Effects 1, feGaussianBlur); the
    # fitted kernel is that one, so its σ comes back exactly, not a Gaussian's compromise.
    height, width = 300 * dpr, 400 * dpr
    x0, y0, x1, y1 = 100 * dpr, 70 * dpr, 300 * dpr, 200 * dpr
    mask = np.zeros((height, width))
    mask[y0 + 3 * dpr : y1 + 3 * dpr, x0:x1] = 1.0
    for _ in range(3):
        mask = uniform_filter(mask, width_px, mode="constant")
    pixels = np.full((height, width, 3), 245.0) * (1.0 - 0.2 * mask[..., None])
    pixels[y0:y1, x0:x1] = 255.0
    image = Image.from_array(np.round(pixels).astype(np.uint8))
    result = extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    sigma_css = math.sqrt(3.0 * (width_px**2 - 1) / 12.0) / dpr
    assert abs(layer.blur_px - 2.0 * sigma_css) <= 0.2
    assert abs(layer.offset_y_px - 3.0) <= 0.1
    assert abs(layer.alpha - 0.2) <= 0.01


def test_blur_beyond_the_range_is_not_reported_at_the_range_limit() -> None:
    image = image_of(_card((ShadowSpec(0, 6, 40, 0, 0.3),)), dpr=1)
    layout = analyse(image, dpr=1, text_lines=False)
    result = extract_shadows(image, layout, options=ShadowOptions(max_blur_px=10))
    assert all(blur < 10 * 0.99 for _, _, blur, _ in _layers(result))


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "scene",
    [grey_card_on_near_white(), white_card_in_strong_border()],
    ids=["grey card, 1-px border", "white card, 2-px border"],
)
def test_jpeg_shadow_is_measured_from_the_box_edges(scene: Scene, dpr: int) -> None:
    image = image_of(scene, dpr=dpr, jpeg_quality=75)
    layers = _layers(extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)))
    assert len(layers) == 1
    assert _recovered(scene.boxes[0].shadows[0], layers)


def test_jpeg_noise_is_not_read_as_a_second_layer() -> None:
    # A Chromium render of `4px 4px 12px` cards, as a quality-75 JPEG: a second layer explains
    # the side medians' block noise better than 8-bit rounding would allow, but not better than
    # the noise JPEG leaves.
    image = load_image(Path(__file__).parents[2] / "data" / "diagonal-shadow-jpeg75.jpg")
    layers = _layers(extract_shadows(image, analyse(image, dpr=1, text_lines=False)))
    assert len(layers) == 1
    assert _recovered(ShadowSpec(4, 4, 12, 0, 0.2), layers)


def test_jpeg_chroma_smear_is_no_shadow() -> None:
    # A layer fitted to a halo that darkens red but brightens green and blue (JPEG's chroma
    # bleeding out of a cyan box) changes little in luma; a grey shadow changes it fully.
    background = np.array([35.0, 35.0, 35.0])
    smear = LayerFit(0.0, 0.0, 1.5, 0.0, np.array([-56.0, 48.0, 107.0]))
    grey = LayerFit(0.0, 0.0, 1.5, 0.0, np.array([-20.0, -20.0, -20.0]))
    for layer, lossy, expected in [(smear, True, False), (smear, False, True), (grey, True, True)]:
        fit = ShadowFit(layers=(layer,), rms=1.0, r2=0.95)
        assert (
            _plausible(
                fit,
                background=background,
                dpr=1.0,
                lossy=lossy,
                rounded=False,
                opts=ShadowOptions(),
            )
            is expected
        )


def test_tight_jpeg_shadow_needs_to_outlast_the_ringing_on_one_side_only() -> None:
    # Blur 3 px fades within two pixels on the flanks, as JPEG ringing does; below the card,
    # where it is offset to, it lasts.
    spec = ShadowSpec(0, 3, 3, 0, 0.11)
    scene = Scene(
        width=420,
        height=320,
        background=(241, 245, 249),
        boxes=(Box(48, 48, 320, 220, (255, 255, 255), radius=8, shadows=(spec,)),),
    )
    image = image_of(scene, dpr=1, jpeg_quality=75)
    layers = _layers(extract_shadows(image, analyse(image, dpr=1, text_lines=False)))
    assert len(layers) == 1
    assert _recovered(spec, layers)


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("second_fill", [(255, 255, 255), (253, 253, 253)])
def test_cards_side_by_side_keep_their_shadow_centred(
    dpr: int, second_fill: tuple[int, int, int]
) -> None:
    # Each card's wide shadow reaches into the other's half of the 16-px gap; taken for its own
    # halo it pulls the shadow towards the neighbour by about 2 px. Fills a step under the edge
    # threshold apart are one component's.
    spec = ShadowSpec(0, 4, 24, 0, 0.2)
    cards = tuple(
        Box(x, 60, 220, 140, fill, radius=8, shadows=(spec,))
        for x, fill in ((80, (255, 255, 255)), (316, second_fill))
    )
    scene = Scene(width=616, height=300, background=(243, 244, 246), boxes=cards)
    image = image_of(scene, dpr=dpr)
    layers = _layers(extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)))
    assert layers
    assert all(abs(x) <= 1.0 and abs(y - spec.dy) <= 1.0 for x, y, _, _ in layers)


def _skia_box_width(sigma_px: float) -> int:
    """Skia's (SVG 1.1's) box width for a Gaussian of σ: floor(σ · 3 √(2π) / 4 + 0.5)."""
    return math.floor(sigma_px * 3.0 * math.sqrt(2.0 * math.pi) / 4.0 + 0.5)


@pytest.mark.parametrize("sigma_px", [2.0, 3.0, 5.0, 8.0, 12.0, 24.0, 33.0])
def test_box_blur_sigma_undoes_the_whole_pixel_box_width(sigma_px: float) -> None:
    d = _skia_box_width(sigma_px)
    last = d if d % 2 else d + 1
    shown = math.sqrt((2.0 * (d * d - 1) + (last * last - 1)) / 12.0)
    # Back within the range of σ that share the width d.
    assert abs(_box_blur_sigma(shown) - sigma_px) <= 0.5 / 1.88 + 1e-9
    assert _box_blur_sigma(0.4) == 0.4


def _rounded_card(radius_px: int, sigma_px: float) -> Image:
    """A white card on #f5f5f5 whose shadow (black at 20 %, 3 px down) is blurred as Chromium blurs
    a rounded box's: three box blurs of Skia's whole-pixel width for `sigma_px` (a square box's
    with the exact Gaussian)."""
    height, width = 300, 400
    x0, y0, x1, y1 = 100, 70, 300, 200

    def box(dy: int) -> np.ndarray:
        canvas = PILImage.new("L", (width, height), 0)
        ImageDraw.Draw(canvas).rounded_rectangle(
            (x0, y0 + dy, x1 - 1, y1 - 1 + dy), radius=radius_px, fill=255
        )
        return np.asarray(canvas, dtype=np.float64) / 255.0

    mask = box(3)
    if radius_px:
        for _ in range(3):
            mask = uniform_filter(mask, _skia_box_width(sigma_px), mode="constant")
    else:
        mask = gaussian_filter(mask, sigma_px, mode="constant")
    pixels = np.full((height, width, 3), 245.0) * (1.0 - 0.2 * mask[..., None])
    fill = box(0)[..., None]
    pixels = pixels * (1.0 - fill) + 255.0 * fill
    return Image.from_array(np.round(pixels).astype(np.uint8))


def test_square_corners_are_not_rounded() -> None:
    image = _rounded_card(0, 8.2)
    assert not _rounded(image.rgb, (100.0, 70.0, 300.0, 200.0))


@pytest.mark.parametrize("sigma_px", [8.2, 12.4])
def test_rounded_box_shadow_reads_the_blur_asked_for(sigma_px: float) -> None:
    # Chromium blurs a rounded box's shadow with whole-pixel box widths, whose σ is up to 11 %
    # below the one asked for (7.48 px for 8.2, 11.49 for 12.4); the blur reported is the one
    # asked for.
    image = _rounded_card(8, sigma_px)
    assert _rounded(image.rgb, (100.0, 70.0, 300.0, 200.0))
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    assert abs(layer.blur_px - 2.0 * sigma_px) <= 0.05 * 2.0 * sigma_px
    assert abs(layer.offset_y_px - 3.0) <= 0.2


@pytest.mark.parametrize("gap", [16, 24])
def test_a_raised_sibling_does_not_widen_its_neighbours_shadow(gap: int) -> None:
    # A featured card between two cards of its fill casts a larger shadow into the gaps; the
    # outer cards, which first took it for their own, are read again without the gap.
    small, big = ShadowSpec(0, 1, 8, 0, 0.4), ShadowSpec(0, 8, 24, 0, 0.5)
    fill = (40, 44, 52)
    scene = Scene(
        width=720,
        height=300,
        background=(24, 26, 32),
        boxes=(
            Box(40, 60, 200, 160, fill, shadows=(small,)),
            Box(240 + gap, 50, 200, 180, fill, shadows=(big,)),
            Box(440 + 2 * gap, 60, 200, 160, fill, shadows=(small,)),
        ),
    )
    image = image_of(scene, dpr=1)
    result = extract_shadows(image, analyse(image, dpr=1, text_lines=False))
    (outer,) = [level for level in result.levels if len(level.elements) == 2]
    (layer,) = outer.layers
    assert abs(layer.offset_x_px) <= 0.5
    assert abs(layer.offset_y_px - small.dy) <= 0.5
    assert abs(layer.blur_px - small.blur) <= 0.1 * small.blur


def test_a_side_without_a_profile_is_not_fitted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The last row of a table casts the table's shadow; the row above it, flush against it, has
    # none and leaves no room for a profile on that side: the fit stands as it is, not fitted
    # again without a side it never saw.
    rows = tuple(
        Box(60, 40 + 40 * i, 400, 41, (255, 255, 255), border=1, border_color=(226, 232, 240))
        for i in range(3)
    )
    last = dataclasses.replace(rows[-1], shadows=(ShadowSpec(0, 2, 6, 0, 0.25),))
    scene = Scene(width=520, height=240, background=(241, 243, 246), boxes=(*rows[:-1], last))
    image = image_of(scene, dpr=1)
    layout = analyse(image, dpr=1, text_lines=False)
    calls = []
    real = shadows_module.fit_shadow

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shadows_module, "fit_shadow", counting)
    result = extract_shadows(image, layout)
    assert len(result.elements) == 1
    assert len(calls) == 1


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_shadow_shrunk_to_show_below_its_box_only_is_found(dpr: int) -> None:
    # val-1019 of the shadow validation: `0 6px 8px -4px` under bordered cards on a dark page.
    # The spread hides the shadow above the card and leaves a code value or two on its flanks:
    # only the bottom shows a full halo. Blur and spread trade off on such flanks (this
    # Gaussian render reads about 5.5 px and -2.5; Chromium's, 7.2 and -2.9), the offset does not.
    spec = ShadowSpec(0, 6, 8, -4, 0.37)
    card = Box(
        80, 60, 200, 120, (37, 60, 46), radius=6, border=1, border_color=(58, 81, 67),
        shadows=(spec,),
    )  # fmt: skip
    image = image_of(Scene(360, 260, background=(23, 36, 22), boxes=(card,)), dpr=dpr)
    ((x, y, _blur, spread),) = _layers(
        extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    )
    assert abs(x - spec.dx) <= 1.0
    assert abs(y - spec.dy) <= 1.0
    assert spread < 0


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_card_its_shadow_joins_to_the_page_is_found(dpr: int) -> None:
    # val-1014: #fafafc cards on white, whose flanks the shadow's ramp joins to the page.
    spec = ShadowSpec(0, 6, 8, -4, 0.19)
    card = Box(80, 60, 200, 120, (250, 250, 252), shadows=(spec,))
    image = image_of(Scene(360, 260, background=(255, 255, 255), boxes=(card,)), dpr=dpr)
    layers = _layers(extract_shadows(image, analyse(image, dpr=dpr, text_lines=False)))
    assert _recovered(spec, layers)
