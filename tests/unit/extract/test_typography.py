import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from skimage import data as skdata

from copy_that.analysis.model import Layout
from copy_that.analysis.text_lines import detect_text_lines
from copy_that.errors import OptionsError
from copy_that.extract._type_match import FaceMatch
from copy_that.extract.typography import (
    TypographyOptions,
    TypographyResult,
    _has_word,
    _width_correction,
    extract_typography,
)
from copy_that.imaging import Image
from copy_that.tokens.model import Alias, Dimension, TokenSet, Typography

from .._typeset import FONT_FILES, draw_lines, font_path, jpeg

_TEXT = [
    "Quarterly revenue grew in every region",
    "while the billing queue got shorter",
    "and support answered tickets faster.",
]
_NO_OCR = TypographyOptions(ocr=False)


def _layout(image: Image, dpr: float = 1.0) -> Layout:
    return Layout(
        width_px=image.width_px,
        height_px=image.height_px,
        text_lines=detect_text_lines(image),
        dpr=dpr,
    )


def _extract(
    image: Image, dpr: float = 1.0, options: TypographyOptions = _NO_OCR
) -> TypographyResult:
    return extract_typography(image, _layout(image, dpr), options=options)


def _size_ok(measured: float, truth: float) -> bool:
    # The benchmark's tolerance: ±1 px or ±6 %.
    return abs(measured - truth) <= max(1.0, 0.06 * truth)


@pytest.mark.parametrize("family", ["DejaVu Sans", "DejaVu Serif", "Liberation Mono"])
@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size_px", [13, 16, 20, 24, 40, 72])
def test_size_weight_and_class_of_one_style(family: str, bold: bool, size_px: int) -> None:
    drawn = draw_lines(_TEXT, family=family, bold=bold, size_px=size_px, line_height=1.5)
    result = _extract(drawn.image, options=TypographyOptions())
    assert len(result.styles) == 1
    style = result.styles[0]
    assert _size_ok(style.font_size_px, size_px), style.font_size_px
    assert (style.font_weight >= 600) == bold
    assert style.generic == FONT_FILES[(family, bold)][0]
    assert style.line_height == pytest.approx(1.5, rel=0.1)
    assert style.name == "body" or size_px > 20 or size_px < 12


@pytest.mark.parametrize("line_height", [1.2, 1.5, 1.8])
def test_line_height_from_baseline_spacing(line_height: float) -> None:
    drawn = draw_lines(_TEXT, family="Liberation Sans", size_px=18, line_height=line_height)
    style = _extract(drawn.image).styles[0]
    assert style.line_height == pytest.approx(line_height, rel=0.05)
    assert style.line_height_pairs == 2
    assert style.alignment == "left"


def test_double_resolution_gives_the_same_css_sizes() -> None:
    one = _extract(draw_lines(_TEXT, size_px=15).image)
    two = _extract(draw_lines(_TEXT, size_px=30, left_px=40).image, dpr=2.0)
    assert one.styles[0].font_size_px == pytest.approx(15, abs=0.5)
    assert two.styles[0].font_size_px == pytest.approx(one.styles[0].font_size_px, abs=0.5)
    assert two.dpr == 2.0


@pytest.mark.parametrize("quality", [70, 90])
def test_jpeg_screenshots_measure_alike(quality: int) -> None:
    drawn = draw_lines(_TEXT, family="DejaVu Serif", bold=True, size_px=20)
    style = _extract(jpeg(drawn.image, quality=quality)).styles[0]
    assert _size_ok(style.font_size_px, 20)
    assert style.font_weight >= 600
    assert style.generic == "serif"


def _stack(*parts: Image) -> Image:
    width = max(p.width_px for p in parts)
    rows = [
        np.pad(p.rgb, ((0, 0), (0, width - p.width_px), (0, 0)), constant_values=255) for p in parts
    ]
    return Image.from_array(np.concatenate(rows, axis=0))


def test_a_page_with_a_scale_of_styles() -> None:
    page = _stack(
        draw_lines(["Billing overview"], family="DejaVu Sans", bold=True, size_px=40).image,
        draw_lines(["Plans and invoices"], family="DejaVu Sans", bold=True, size_px=25).image,
        draw_lines(_TEXT * 2, family="DejaVu Sans", size_px=16).image,
        draw_lines(
            ["Updated two hours ago by the team"], size_px=12.8, color=(110, 110, 110)
        ).image,
    )
    result = _extract(page)
    by_name = {s.name: s for s in result.styles}
    assert set(by_name) == {"display", "heading-1", "body", "small"}
    assert _size_ok(by_name["display"].font_size_px, 40)
    assert _size_ok(by_name["heading-1"].font_size_px, 25)
    assert by_name["body"].font_size_px == pytest.approx(16, abs=1)
    assert by_name["small"].color.hex == "#6e6e6e"
    assert result.scale_ratio is not None
    assert result.scale_ratio[0] == "major third"


def test_contribution_writes_primitives_and_aliasing_composites() -> None:
    drawn = draw_lines(_TEXT, family="Liberation Serif", size_px=16, line_height=1.6)
    result = _extract(drawn.image, options=TypographyOptions())
    contribution = result.contribution(drawn.image.id)
    tokens = TokenSet(tokens=contribution.tokens, groups=contribution.groups)
    body = tokens.get("typography.body")
    assert body is not None
    assert isinstance(body.value, Typography)
    assert body.value.font_size == Alias(("font", "size", "base"))
    size = tokens.resolve(body.value.font_size)
    assert isinstance(size, Dimension)
    assert size.value == pytest.approx(16.0, abs=1.0)
    assert tokens.resolve(body.value.font_weight) == 400.0
    family = tokens.resolve(body.value.font_family)
    assert isinstance(family, tuple)
    assert family[-1] == "serif"
    assert body.value.line_height == pytest.approx(1.6, rel=0.05)
    assert body.extensions["com.copy-that"]["color"] == "#1e1e1e"
    assert body.evidence is not None
    assert body.evidence.count == 3
    assert body.evidence.image_ids == (drawn.image.id,)
    assert body.confidence is not None
    assert 0.0 < body.confidence <= 1.0


def test_no_text_gives_empty_groups_with_a_reason() -> None:
    blank = Image.from_array(np.full((120, 200, 3), 245, dtype=np.uint8))
    result = _extract(blank)
    assert result.styles == ()
    assert result.reason is not None
    contribution = result.contribution(blank.id)
    assert contribution.tokens == ()
    assert {g.path for g in contribution.groups} == {("font",), ("typography",)}
    assert all(g.reason for g in contribution.groups)


def test_recognised_text_names_the_family() -> None:
    drawn = draw_lines(_TEXT, family="Liberation Sans", size_px=20)
    result = _extract(drawn.image, options=TypographyOptions(ocr=True))
    style = result.styles[0]
    assert result.ocr_used
    assert style.samples
    assert "revenue" in style.samples[0].lower() or "billing" in style.samples[0].lower()
    assert style.family == "Liberation Sans"
    assert style.letter_spacing_px == 0.0
    assert _size_ok(style.font_size_px, 20)


def test_a_star_field_read_as_text_lines_has_no_typography() -> None:
    # The Hubble deep field's stars make text lines and nine styles without the recogniser;
    # with it, their samples read "." or nothing: no word, so no font or style is invented.
    stars = Image.from_array(skdata.hubble_deep_field())
    assert len(_layout(stars).text_lines) > 100
    result = _extract(stars, options=TypographyOptions(ocr=True))
    assert result.styles == ()
    assert result.reason is not None
    assert "no word" in result.reason


def test_a_texture_read_as_a_few_text_lines_has_no_typography() -> None:
    # Gravel makes one or two text lines per style: too few to call the image wordless as a
    # whole, but each style's samples read no word.
    gravel = Image.from_array(np.repeat(skdata.gravel()[..., None], 3, axis=2))
    result = _extract(gravel, options=TypographyOptions(ocr=True))
    assert result.styles == ()
    assert result.reason is not None
    assert "no word" in result.reason


def test_a_style_whose_samples_read_no_word_is_left_out_and_the_text_stays() -> None:
    # Three lines of 16 px text above a strip of gravel, whose marks make two tiny styles.
    drawn = draw_lines(_TEXT, size_px=16, line_height=1.5)
    text = np.asarray(drawn.image.rgb)
    texture = np.repeat(skdata.gravel()[:256, :, None], 3, axis=2)
    header = np.full((text.shape[0], texture.shape[1], 3), 255, dtype=np.uint8)
    header[:, : text.shape[1]] = text
    page = Image.from_array(np.concatenate([header, texture], axis=0))
    without = _extract(page, options=_NO_OCR)
    assert len(without.styles) >= 2
    result = _extract(page, options=TypographyOptions(ocr=True))
    assert len(result.styles) == 1
    assert _size_ok(result.styles[0].font_size_px, 16)
    assert any("read no word were left out" in note for note in result.notes)


@pytest.mark.parametrize(
    ("text", "word"),
    [(None, False), ("", False), (".", False), ("a.b", False), ("ab", True), ("7 %", False)],
)
def test_a_word_is_two_letters_or_digits_in_a_row(text: str | None, word: bool) -> None:
    assert _has_word(text) is word


def test_layout_of_another_image_is_refused() -> None:
    drawn = draw_lines(_TEXT, size_px=16)
    wrong = Layout(width_px=10, height_px=10)
    with pytest.raises(OptionsError, match="analyse this image"):
        extract_typography(drawn.image, wrong)


def test_non_positive_dpr_is_refused() -> None:
    drawn = draw_lines(_TEXT, size_px=16)
    layout = Layout(width_px=drawn.image.width_px, height_px=drawn.image.height_px, dpr=0.0)
    with pytest.raises(OptionsError, match="dpr"):
        extract_typography(drawn.image, layout)


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [
        ({"ocr": "yes"}, "ocr"),
        ({"match_fonts": 1}, "match_fonts"),
        ({"font_dirs": "/usr/share/fonts"}, "font_dirs"),
        ({"samples_per_style": 0}, "samples_per_style"),
        ({"samples_per_style": 9}, "samples_per_style"),
        ({"max_styles": 0}, "max_styles"),
    ],
)
def test_bad_options_raise(kwargs: dict[str, object], option: str) -> None:
    with pytest.raises(OptionsError) as caught:
        TypographyOptions(**kwargs)  # type: ignore[arg-type]
    assert caught.value.option == option


def test_without_font_files_the_class_still_comes_from_the_glyphs() -> None:
    drawn = draw_lines(_TEXT, family="DejaVu Sans Mono", size_px=16)
    options = TypographyOptions(ocr=False, font_dirs=("/nonexistent",))
    result = _extract(drawn.image, options=options)
    style = result.styles[0]
    assert style.family is None
    assert style.generic == "monospace"
    assert any("font files" in note for note in result.notes)


def _tracked_line(text: str, size_px: int, tracking_em: float) -> Image:
    font = ImageFont.truetype(str(font_path("DejaVu Sans")), size_px)
    width = int(font.getlength(text) + tracking_em * size_px * len(text) + 40)
    canvas = PILImage.new("RGB", (width, 3 * size_px), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    x = 20.0
    for char in text:
        draw.text((x, 2 * size_px), char, font=font, fill=(20, 20, 20), anchor="ls")
        x += font.getlength(char) + tracking_em * size_px
    return Image.from_array(np.asarray(canvas))


@pytest.mark.parametrize("tracking_em", [0.0, 0.05])
def test_letter_spacing_is_measured_or_left_unguessed(tracking_em: float) -> None:
    image = _tracked_line("spacious headings here", 20, tracking_em)
    style = _extract(image, options=TypographyOptions(ocr=True)).styles[0]
    # Drawn advances are rounded to whole pixels per character: ±0.5 px.
    assert style.letter_spacing_px == pytest.approx(tracking_em * 20, abs=0.5)


def test_spacing_of_a_short_price_is_not_guessed() -> None:
    # Digits only give the capital height, and a price has too few gaps to tell tracking from
    # a size error: the spacing is left unmeasured (reported as normal, marked assumed).
    drawn = draw_lines(["$48,210"], bold=True, size_px=32)
    result = _extract(drawn.image, options=TypographyOptions(ocr=True))
    style = result.styles[0]
    assert style.letter_spacing_px is None
    token = next(t for t in result.contribution(drawn.image.id).tokens if t.path[0] == "typography")
    assert token.extensions["com.copy-that"]["letter_spacing_source"] == "assumed: normal"


def _match(width_scale: float) -> FaceMatch:
    return FaceMatch(
        face=None,
        family=None,
        family_confidence=0.0,
        generic="serif",
        generic_confidence=1.0,
        weight=400,
        weight_confidence=1.0,
        letter_spacing_px=0.0,
        width_scale=width_scale,
        ranking=(),
    )


def test_width_corrects_sizes_that_hinting_raised() -> None:
    # 16 px Liberation Serif reads 17.3 px from heights hinted up to whole pixels; its width
    # says 0.925 of that, within the pixel of rise (1 / 8.6 px), so the width wins ...
    assert _width_correction(_match(0.925), 17.3) == 0.925
    # ... while a text that much wider than its heights is letter-spaced, not larger.
    assert _width_correction(_match(1.08), 17.3) is None
    # And no correction shrinks a text by more than 15 %.
    assert _width_correction(_match(0.8), 8.0) is None


def test_a_rare_far_size_is_dropped_rather_than_merged_past_max_styles() -> None:
    body = draw_lines(_TEXT, size_px=16)
    big = draw_lines(["Hi"], size_px=72)
    width = max(body.image.width_px, big.image.width_px)
    canvas = np.full((body.image.height_px + big.image.height_px, width, 3), 255, dtype=np.uint8)
    canvas[: body.image.height_px, : body.image.width_px] = body.image.rgb
    canvas[body.image.height_px :, : big.image.width_px] = big.image.rgb
    result = _extract(Image.from_array(canvas), options=TypographyOptions(ocr=False, max_styles=1))
    assert [style.font_size_px for style in result.styles] == [pytest.approx(16, abs=1)]
    assert any("left out" in note for note in result.notes)
