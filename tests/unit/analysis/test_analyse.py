import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skimage import data as skdata

from copy_that.analysis import Layout, analyse
from copy_that.errors import OptionsError
from copy_that.extract.radii import extract_radii
from copy_that.imaging import Image
from tests.unit._typeset import draw_lines, jpeg
from tests.unit.analysis._synth import (
    Box,
    Scene,
    ShadowSpec,
    Text,
    css_box,
    dashboard,
    image_of,
    shadowed_white_cards,
)


def _boxes(layout: Layout) -> list[tuple[int, int, int, int]]:
    return [e.box for e in layout.elements if e.is_box]


@pytest.mark.parametrize("dpr", [1, 2])
def test_dashboard_boxes_are_exact(dpr: int) -> None:
    scene = dashboard()
    layout = analyse(image_of(scene, dpr=dpr), dpr=dpr, text_lines=False)
    found = _boxes(layout)
    for box in scene.boxes:
        assert css_box(box, dpr) in found
    assert len(found) == len(scene.boxes)


@pytest.mark.parametrize("dpr", [1, 2])
def test_dashboard_tree_and_kinds(dpr: int) -> None:
    layout = analyse(image_of(dashboard(), dpr=dpr), dpr=dpr, text_lines=False)
    by_box = {e.box: e for e in layout.elements}
    card = by_box[(24 * dpr, 24 * dpr, 200 * dpr, 128 * dpr)]
    button = by_box[(40 * dpr, 96 * dpr, 96 * dpr, 40 * dpr)]
    chip = by_box[(272 * dpr, 104 * dpr, 64 * dpr, 24 * dpr)]
    assert button.parent == card.id
    assert button.kind == "button"
    assert chip.kind == "chip"
    assert card.kind == "card"
    assert card.border_px == (dpr, dpr, dpr, dpr)
    # The button's label is its child, as one text element inside the button.
    labels = [layout.elements[c] for c in button.children]
    assert [e.kind for e in labels] == ["text"]
    lx, _ly, lw, _lh = labels[0].box
    assert button.box[0] < lx
    assert lx + lw < button.box[0] + button.box[2]
    # Parents precede children and ids index the tuple.
    for i, e in enumerate(layout.elements):
        assert e.id == i
        assert e.parent is None or e.parent < e.id
        for child in e.children:
            assert layout.elements[child].parent == e.id


def test_dpr_is_inferred_from_the_pixels() -> None:
    one = analyse(image_of(dashboard(), dpr=1), text_lines=False)
    two = analyse(image_of(dashboard(), dpr=2), text_lines=False)
    assert (one.dpr, one.dpr_source) == (1.0, "inferred")
    assert (two.dpr, two.dpr_source) == (2.0, "inferred")
    assert two.dpr_confidence > 0.8
    assert any("device pixel ratio 2" in note for note in two.notes)


def test_given_dpr_is_used_with_full_confidence() -> None:
    layout = analyse(image_of(dashboard(), dpr=1), dpr=1.0, text_lines=False)
    assert (layout.dpr, layout.dpr_source, layout.dpr_confidence) == (1.0, "option", 1.0)


def test_jpeg_boxes_within_a_pixel() -> None:
    scene = dashboard()
    layout = analyse(image_of(scene, dpr=1, jpeg_quality=90), dpr=1, text_lines=False)
    found = _boxes(layout)
    for box in scene.boxes[:3]:
        want = css_box(box, 1)
        assert any(max(abs(a - b) for a, b in zip(want, got, strict=True)) <= 1 for got in found)


def test_shadow_is_not_part_of_the_box() -> None:
    layout = analyse(image_of(dashboard(), dpr=1), dpr=1, text_lines=False)
    shadowed = next(e for e in layout.elements if e.box == (256, 24, 200, 128))
    assert shadowed.border_px == (0, 0, 0, 0)


# A white card's light-grey border between its fill and the darker shadow around it lies on the
# grey line from fill to outside, like an anti-aliased edge; it is two px wide, though.
_GREY_BORDER_IN_A_DARKER_SHADOW = (
    Box(
        40, 40, 200, 120, (255, 255, 255), border=2, border_color=(229, 229, 229),
        shadows=(ShadowSpec(0, 12, 24, 0, 0.23),),
    ),
    (243, 244, 246),
)  # fmt: skip
# Below the card its shadow starts at the border's grey, so the border ring and the shadow's
# first pixels make one flat region, shaped like a box 4 CSS px taller than the card.
_BORDER_RUNNING_INTO_ITS_SHADOW = (
    Box(
        64, 64, 320, 160, (248, 249, 250), border=2, border_color=(219, 220, 221),
        shadows=(ShadowSpec(0, 6, 8, 0, 0.14),),
    ),
    (248, 249, 250),
)  # fmt: skip


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    ("card", "page"),
    [_GREY_BORDER_IN_A_DARKER_SHADOW, _BORDER_RUNNING_INTO_ITS_SHADOW],
    ids=["grey border in a darker shadow", "border running into a shadow of its colour"],
)
def test_a_bordered_card_beside_its_shadow_keeps_its_box_and_border(
    card: Box, page: tuple[int, int, int], dpr: int
) -> None:
    scene = Scene(480, 320, background=page, boxes=(card,))
    layout = analyse(image_of(scene, dpr=dpr), dpr=dpr, text_lines=False)
    [found] = [e for e in layout.elements if e.is_box]
    assert found.box == css_box(card, dpr)
    assert found.border_px == (2 * dpr,) * 4


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize("shadow", [False, True])
def test_white_card_on_a_near_white_page_is_a_box(dpr: int, shadow: bool) -> None:
    # Material's surfaces: #fff cards on a #fafafa page, 5 code values apart, with or without
    # the elevation-1 shadow.
    layers = (
        ShadowSpec(0, 2, 1, -1, 0.2),
        ShadowSpec(0, 1, 1, 0, 0.14),
        ShadowSpec(0, 1, 3, 0, 0.12),
    )
    card = Box(40, 40, 200, 120, (255, 255, 255), radius=4, shadows=layers if shadow else ())
    scene = Scene(320, 240, background=(250, 250, 250), boxes=(card,))
    layout = analyse(image_of(scene, dpr=dpr), dpr=dpr, text_lines=False)
    assert _boxes(layout) == [css_box(card, dpr)]


@pytest.mark.parametrize("quality", [75, 85])
def test_jpeg_white_cards_on_a_near_white_page_are_boxes(quality: int) -> None:
    # Bootstrap's light surfaces: #fff cards on #f8f9fa, 7 code values apart, through JPEG.
    cards = tuple(
        Box(32 + 232 * i, 32, 200, 160, (255, 255, 255), radius=4,
            shadows=(ShadowSpec(0, 3, 3, 0, 0.18),))
        for i in range(3)
    )  # fmt: skip
    scene = Scene(760, 260, background=(248, 249, 250), boxes=cards)
    layout = analyse(image_of(scene, dpr=1, jpeg_quality=quality), dpr=1, text_lines=False)
    assert _boxes(layout) == [css_box(card, 1) for card in cards]


@pytest.mark.parametrize("quality", [75, 85])
def test_jpeg_palette_band_of_a_shadow_is_no_box(quality: int) -> None:
    # The palette cuts the darkened page around a row of strongly shadowed cards into a band a
    # few code values from the page: box-shaped, but its pixels drift with the shadow.
    cards = tuple(
        Box(64 + 224 * i, 64, 200, 120, (255, 255, 255), border=2,
            border_color=(229, 229, 229), shadows=(ShadowSpec(0, 12, 24, 0, 0.23),))
        for i in range(3)
    )  # fmt: skip
    scene = Scene(760, 300, background=(243, 244, 246), boxes=cards)
    layout = analyse(image_of(scene, dpr=1, jpeg_quality=quality), dpr=1, text_lines=False)
    # No box spans the row of cards (the band); each card is found within JPEG's pixel or two.
    assert all(w < 240 for _, _, w, _ in _boxes(layout))
    for card in cards:
        want = css_box(card, 1)
        assert any(
            max(abs(a - b) for a, b in zip(want, got, strict=True)) <= 3 for got in _boxes(layout)
        )


def test_a_step_within_the_edge_threshold_is_no_box() -> None:
    card = Box(40, 40, 200, 120, (255, 255, 255), radius=4)
    scene = Scene(320, 240, background=(253, 253, 253), boxes=(card,))
    assert _boxes(analyse(image_of(scene), dpr=1, text_lines=False)) == []


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "shadow",
    [ShadowSpec(0, 2, 3, 0, 0.15), ShadowSpec(0, 1, 3, 0, 0.12), ShadowSpec(0, 8, 24, -2, 0.2)],
)
def test_white_card_on_a_white_page_is_outlined_by_its_shadow(dpr: int, shadow: ShadowSpec) -> None:
    # The card's inside and the page are one colour; only the shadow's ring separates them, a
    # code value deep above a card raised by 1-2 px.
    card = Box(40, 40, 200, 120, (255, 255, 255), radius=8, shadows=(shadow,))
    label = Text(60, 60, "Card title", size=16)
    scene = Scene(320, 240, background=(255, 255, 255), boxes=(card,), texts=(label,))
    layout = analyse(image_of(scene, dpr=dpr), dpr=dpr, text_lines=False)
    [found] = [e for e in layout.elements if e.is_box]
    assert found.box == css_box(card, dpr)
    # The card holds its title, so its paddings can be measured.
    assert [layout.elements[c].kind for c in found.children] == ["text"]


def test_a_small_page_of_shadowed_white_cards_is_read_as_lossless() -> None:
    # The shadows' share of a small page once passed for JPEG noise: the analysis then cut
    # regions from palette indices, and the cards were not found.
    scene = shadowed_white_cards()
    layout = analyse(image_of(scene), text_lines=False)
    assert not layout.lossy
    assert _boxes(layout) == [css_box(card, 1) for card in scene.boxes]


def test_white_card_without_a_shadow_on_a_white_page_is_not_there() -> None:
    card = Box(40, 40, 200, 120, (255, 255, 255), radius=8)
    scene = Scene(320, 240, background=(255, 255, 255), boxes=(card,))
    assert _boxes(analyse(image_of(scene), dpr=1, text_lines=False)) == []


def test_a_vignette_is_no_card() -> None:
    # A page darkening gently towards its rim leaves a middle of exactly the page colour with a
    # ring around it, which grows darker outwards instead of fading like a shadow.
    yy, xx = np.mgrid[0:240, 0:320]
    distance = np.hypot((xx - 160) / 160, (yy - 120) / 120)
    page = 255 - np.floor(np.clip(distance - 0.5, 0, None) * 30)
    pixels = np.repeat(page[..., None], 3, axis=2).astype(np.uint8)
    layout = analyse(Image.from_array(pixels), dpr=1, text_lines=False)
    assert _boxes(layout) == []


def test_photo_gives_no_elements_and_says_why() -> None:
    layout = analyse(Image.from_array(skdata.astronaut()), text_lines=False)
    assert layout.elements == ()
    assert any("photo" in note for note in layout.notes)
    assert layout.structure_share < 0.3
    # Its edges (7 of them read as 4 px "borders") are no evidence of a device pixel ratio.
    assert (layout.dpr, layout.dpr_source, layout.dpr_confidence) == (1.0, "default", 0.0)
    assert not any("device pixel ratio" in note for note in layout.notes)


@pytest.mark.parametrize("photo", ["moon", "clock"])
def test_a_textured_background_is_no_page(photo: str) -> None:
    # Flat enough to pass for a page at the noisy threshold (the moon's surface is 90 % one
    # region), but its neighbouring pixels wander by several code values: no UI.
    grey = getattr(skdata, photo)()
    layout = analyse(Image.from_array(np.repeat(grey[..., None], 3, axis=2)), text_lines=False)
    assert layout.elements == ()
    assert any("texture" in note for note in layout.notes)


def test_a_card_on_a_dithered_gradient_page_is_read() -> None:
    # A page background fading over its height, dithered by a code value: smooth, not texture.
    rng = np.random.default_rng(1)
    ramp = np.linspace(246, 206, 480)[:, None, None] + rng.integers(0, 2, size=(480, 640, 1))
    rgb = np.repeat(ramp, 3, axis=2).round().astype(np.uint8)
    rgb[100:220, 100:300] = (180, 180, 190)
    rgb[101:219, 101:299] = 255
    layout = analyse(Image.from_array(rgb), dpr=1, text_lines=False)
    assert [(e.box, e.border_px) for e in layout.elements if e.is_box] == [
        ((100, 100, 200, 120), (1, 1, 1, 1))
    ]


def test_flat_image_has_background_and_no_elements() -> None:
    image = Image.from_array(np.full((60, 80, 3), 240, dtype=np.uint8))
    layout = analyse(image, text_lines=False)
    assert layout.background == (240, 240, 240)
    assert layout.elements == ()
    assert layout.dpr_source == "default"


def test_transparent_pixels_read_as_white() -> None:
    rgb = np.zeros((60, 80, 3), dtype=np.uint8)
    alpha = np.zeros((60, 80), dtype=np.uint8)
    alpha[20:40, 20:60] = 255
    rgb[20:40, 20:60] = (200, 30, 30)
    layout = analyse(Image.from_array(rgb, alpha=alpha), text_lines=False)
    assert layout.background == (255, 255, 255)
    assert _boxes(layout) == [(20, 20, 40, 20)]


def test_text_lines_come_from_the_text_line_detector() -> None:
    layout = analyse(image_of(dashboard(), dpr=1), dpr=1, text_lines=True)
    assert len(layout.text_lines) >= 4
    skipped = analyse(image_of(dashboard(), dpr=1), dpr=1, text_lines=False)
    assert skipped.text_lines == ()


@pytest.mark.parametrize("dpr", [0, -1, math.nan, math.inf, 9])
def test_bad_dpr_is_refused(dpr: float) -> None:
    with pytest.raises(OptionsError) as err:
        analyse(image_of(dashboard(), dpr=1), dpr=dpr)
    assert err.value.option == "dpr"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    x=st.integers(8, 60),
    y=st.integers(8, 60),
    w=st.integers(24, 120),
    h=st.integers(16, 80),
    radius=st.sampled_from([0, 2, 4, 8]),
    border=st.sampled_from([0, 1, 2]),
)
def test_any_box_is_found_exactly(x: int, y: int, w: int, h: int, radius: int, border: int) -> None:
    box = Box(
        x,
        y,
        w,
        h,
        (59, 130, 246) if not border else (255, 255, 255),
        radius=radius,
        border=border,
        border_color=(100, 116, 139),
    )
    scene = Scene(
        width=200,
        height=160,
        background=(255, 255, 255),
        boxes=(box,),
        texts=(Text(150, 140, "ok", 10),),
    )
    layout = analyse(image_of(scene, dpr=1), dpr=1, text_lines=False)
    assert (x, y, w, h) in _boxes(layout)
    found = next(e for e in layout.elements if e.box == (x, y, w, h))
    assert found.border_px == (border,) * 4


@settings(max_examples=15, deadline=None)
@given(
    height=st.integers(1, 12),
    width=st.integers(1, 12),
    seed=st.integers(0, 2**16),
    flat=st.booleans(),
)
def test_tiny_images_analyse_without_error(height: int, width: int, seed: int, flat: bool) -> None:
    rng = np.random.default_rng(seed)
    pixels = (
        np.full((height, width, 3), 200, dtype=np.uint8)
        if flat
        else rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    )
    layout = analyse(Image.from_array(pixels))
    assert (layout.width_px, layout.height_px) == (width, height)
    assert all(e.id == i for i, e in enumerate(layout.elements))


_BOLD_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@pytest.mark.parametrize("size_px", [32, 44, 64])
def test_bold_letters_are_text_not_boxes(size_px: int) -> None:
    # A bold o reads as a round dark fill around a light counter; next to the rest of its word
    # it is a glyph, not a button with an icon in it.
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    canvas = PILImage.new("RGB", (900, 160), (255, 255, 255))
    font = ImageFont.truetype(_BOLD_SANS, size_px)
    ImageDraw.Draw(canvas).text((40, 40), "Customer Growth Storage", font=font, fill=(20, 20, 18))
    image = Image.from_array(np.asarray(canvas), name="heading")
    layout = analyse(image, dpr=1.0, text_lines=False)
    assert [e.kind for e in layout.elements if e.is_box] == []
    assert any(e.kind == "text" for e in layout.elements)


def test_button_beside_a_label_stays_a_button() -> None:
    # Same colour as the label's text would make it a glyph; a teal button is not.
    scene = Scene(
        width=360,
        height=120,
        background=(255, 255, 255),
        boxes=(Box(150, 40, 96, 36, (15, 118, 110), radius=6),),
        texts=(
            Text(40, 50, "Name", 16, (20, 20, 18)),
            Text(166, 50, "Save", 14, (255, 255, 255)),
        ),
    )
    layout = analyse(image_of(scene), dpr=1.0, text_lines=False)
    assert css_box(scene.boxes[0], 1.0) in _boxes(layout)


@pytest.mark.parametrize("dpr", [1, 2])
def test_switch_reads_as_one_rounded_box(dpr: int) -> None:
    # The knob has the card's colour and covers the track's right end: neither is a flat box of
    # its own, but the track's outline is a pill.
    card = Box(20, 20, 300, 120, (42, 39, 43), radius=8)
    track = Box(60, 60, 60, 40, (186, 131, 214), radius=20)
    knob = Box(82, 62, 36, 36, (42, 39, 43), radius=18)  # 2 px in, as CSS switches draw it
    scene = Scene(width=360, height=160, background=(20, 18, 22), boxes=(card, track, knob))
    image = image_of(scene, dpr=dpr)
    layout = analyse(image, dpr=float(dpr), text_lines=False)
    # Read either as the whole track or as the knob ringed by the track's end: fully rounded.
    radii = extract_radii(image, layout)
    assert [v.name for v in radii.values if v.name == "full"] == ["full"]
    rounded = [layout.elements[r.element] for r in radii.elements if r.pill]
    assert all(e.box != css_box(card, dpr) for e in rounded)


def test_text_is_never_read_as_a_shaped_box() -> None:
    scene = Scene(
        width=360,
        height=80,
        background=(255, 255, 255),
        texts=(Text(20, 30, "Revenue Release", 14, (20, 20, 18)),),
    )
    layout = analyse(image_of(scene), dpr=1.0, text_lines=False)
    assert [e for e in layout.elements if e.is_box] == []


def test_a_switch_tracks_crescent_has_a_box_outline() -> None:
    from copy_that.analysis._shapes import outline_shape

    yy, xx = np.mgrid[0:40, 0:60]
    # A 60×40 pill …
    inside_caps = (np.hypot(xx - 20, yy - 20) <= 20) | (np.hypot(xx - 39, yy - 20) <= 20)
    pill = inside_caps | ((xx >= 20) & (xx <= 39))
    # … minus the knob at its right end, two px in.
    crescent = pill & ~(np.hypot(xx - 39, yy - 20) <= 18)
    assert outline_shape(crescent) in ("rect", "pill")
    ragged = np.zeros((40, 60), dtype=bool)
    ragged[::3, ::5] = True
    assert outline_shape(ragged) is None


def test_icon_ink_with_a_box_outline_becomes_a_box_element() -> None:
    from copy_that.analysis._ink import InkBlob
    from copy_that.analysis._tree import build_elements

    def blob(outline: str | None) -> InkBlob:
        return InkBlob(
            box=(341, 817, 60, 40),
            owner=-1,
            pieces=1,
            ink_share=0.55,
            piece_height_px=40.0,
            contrast=120.0,
            color=(186.0, 131.0, 214.0),
            outline=outline,  # type: ignore[arg-type]
        )

    (switch,) = build_elements([], [blob("rect")], dpr=1.0, image_wh=(1440, 900))
    assert switch.is_box
    assert switch.edges_px == (341.0, 817.0, 401.0, 857.0)
    assert switch.fill == (186, 131, 214)
    (icon,) = build_elements([], [blob(None)], dpr=1.0, image_wh=(1440, 900))
    assert not icon.is_box
    assert icon.fill is None


@pytest.mark.parametrize("border_color", [(147, 96, 183), (220, 120, 40), (40, 150, 90)])
def test_jpeg_keeps_a_coloured_border_with_its_box(border_color: tuple[int, int, int]) -> None:
    # A featured card: a 2-px coloured border around a white card on a light page. JPEG's
    # half-resolution chroma tints the white pixels just inside the border; that tint is not the
    # card's edge, and the border reads 2 px on every side.
    card = Box(40, 40, 240, 160, (255, 255, 255), radius=8, border=2, border_color=border_color)
    scene = Scene(width=320, height=240, background=(244, 244, 248), boxes=(card,))
    layout = analyse(image_of(scene, dpr=1, jpeg_quality=75), dpr=1, text_lines=False)
    found = [e for e in layout.elements if e.is_box]
    assert [e.box for e in found] == [(40, 40, 240, 160)]
    assert found[0].border_px == (2, 2, 2, 2)


@pytest.mark.parametrize("family", ["DejaVu Serif", "Liberation Serif"])
def test_a_bold_heading_on_jpeg_is_text_not_boxes(family: str) -> None:
    # JPEG flattens the thick stems of a large bold heading into uniform bars that pass as boxes;
    # the rest of each letter reaches out of them in their colour, so the word is text.
    drawn = draw_lines(["Balance Tickets"], family=family, bold=True, size_px=64, width_px=700)
    layout = analyse(jpeg(drawn.image, quality=75), dpr=2.0)
    assert [e.kind for e in layout.elements if e.is_box] == []
    assert any(e.kind == "text" for e in layout.elements)


@pytest.mark.parametrize("quality", [60, 75, 85])
@pytest.mark.parametrize("dpr", [1, 2])
def test_jpeg_ringing_specks_are_not_elements(quality: int, dpr: int) -> None:
    # JPEG leaves faint 1-3 px specks beside sharp edges (rounded corners, glyphs); they are not
    # marks on the page.
    layout = analyse(image_of(dashboard(), dpr=dpr, jpeg_quality=quality), dpr=dpr)
    specks = [e.box for e in layout.elements if not e.is_box and max(e.box[2:]) <= 3]
    assert specks == []


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_light_border_inside_a_darker_shadow_is_measured(dpr: int) -> None:
    # val-1002: a 1-px #efefef border on a white card whose shadow darkens the page past it more
    # than the border; at DPR 1 it lies on the line from the fill to the shadow on every side.
    card = Box(
        60, 40, 240, 140, (255, 255, 255), border=1, border_color=(239, 239, 239),
        shadows=(ShadowSpec(0, 8, 10, 0, 0.25), ShadowSpec(0, 0, 4, -1, 0.12)),
    )  # fmt: skip
    layout = analyse(
        image_of(Scene(380, 260, background=(248, 249, 250), boxes=(card,)), dpr=dpr),
        dpr=dpr,
        text_lines=False,
    )
    (element,) = [e for e in layout.elements if e.is_box]
    assert element.box == css_box(card, dpr)
    assert element.border_px == (dpr,) * 4
    assert element.border_color == (239, 239, 239)
