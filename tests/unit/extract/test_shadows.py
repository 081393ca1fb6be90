import pytest
from skimage import data as skdata

from copy_that.analysis import analyse
from copy_that.errors import OptionsError
from copy_that.extract.shadows import ShadowOptions, extract_shadows
from copy_that.imaging import Image
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, dashboard, image_of


def _card(
    shadows: tuple[ShadowSpec, ...], *, background: tuple[int, int, int] = (241, 243, 246)
) -> Scene:
    return Scene(
        width=360,
        height=260,
        background=background,
        boxes=(Box(80, 60, 200, 120, (255, 255, 255), radius=8, shadows=shadows),),
    )


@pytest.mark.parametrize("dpr", [1, 2])
@pytest.mark.parametrize(
    "spec",
    [ShadowSpec(0, 4, 12, 0, 0.2), ShadowSpec(0, 10, 24, 0, 0.15), ShadowSpec(3, 2, 6, 0, 0.3)],
)
def test_one_layer_is_recovered(dpr: int, spec: ShadowSpec) -> None:
    image = image_of(_card((spec,)), dpr=dpr)
    result = extract_shadows(image, analyse(image, dpr=dpr, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    assert abs(layer.offset_x_px - spec.dx) <= 1
    assert abs(layer.offset_y_px - spec.dy) <= 1
    assert abs(layer.blur_px - spec.blur) <= 0.2 * spec.blur
    assert abs(layer.alpha - spec.alpha) <= 0.05
    assert max(layer.color) <= 2  # black, to 8-bit rounding


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
