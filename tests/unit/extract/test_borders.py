import pytest
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.errors import OptionsError
from copy_that.extract.borders import BorderOptions, extract_borders
from copy_that.imaging import Image
from copy_that.tokens.model import Border, Color, Dimension
from tests.unit.analysis._synth import Box, Scene, image_of

_GREY = (209, 213, 219)
_BLUE = (37, 99, 235)


def _scene() -> Scene:
    boxes = [
        Box(20 + i * 90, 20, 70, 40, (255, 255, 255), radius=4, border=1, border_color=_GREY)
        for i in range(3)
    ]
    boxes.append(Box(20, 90, 160, 60, (255, 255, 255), radius=8, border=2, border_color=_BLUE))
    return Scene(width=300, height=180, background=(255, 255, 255), boxes=tuple(boxes))


@pytest.mark.parametrize("dpr", [1, 2])
def test_widths_and_colours(dpr: int) -> None:
    image = image_of(_scene(), dpr=dpr)
    result = extract_borders(image, analyse(image, dpr=dpr, text_lines=False))
    assert [(s.name, s.width_px, s.color, len(s.elements)) for s in result.styles] == [
        ("default", 1.0, _GREY, 3),
        ("thick", 2.0, _BLUE, 1),
    ]


def test_tokens_are_dtcg_border_composites() -> None:
    image = image_of(_scene(), dpr=1)
    tokens = (
        extract_borders(image, analyse(image, dpr=1, text_lines=False))
        .contribution(image.id)
        .tokens
    )
    default = next(t for t in tokens if t.name == "border.default")
    assert default.type == "border"
    assert default.value == Border(
        color=Color.from_srgb8(*_GREY), width=Dimension(1.0), style="solid"
    )
    assert default.evidence is not None
    assert default.evidence.count == 3


def test_no_borders_says_so() -> None:
    scene = Scene(width=120, height=80, boxes=(Box(20, 20, 60, 30, (30, 30, 30)),))
    image = image_of(scene, dpr=1)
    result = extract_borders(image, analyse(image, dpr=1, text_lines=False))
    assert result.styles == ()
    assert result.reason == "no box has a border"


def test_photo_has_no_borders_and_a_reason() -> None:
    image = Image.from_array(skdata.astronaut())
    result = extract_borders(image, analyse(image, text_lines=False))
    assert result.styles == ()
    assert result.reason
    assert "photo" in result.reason


def test_bad_options_are_refused() -> None:
    with pytest.raises(OptionsError) as err:
        BorderOptions(max_delta_e=0)
    assert err.value.option == "max_delta_e"
