import io

import numpy as np
import pytest
from PIL import Image as PILImage

from copy_that.analysis import Layout
from copy_that.errors import ImageDecodeError, OptionsError
from copy_that.imaging import Image
from copy_that.pipeline import ALL_KINDS, ExtractOptions, LayoutResults, extract, extract_image
from copy_that.tokens import Color
from tests.unit.analysis._synth import dashboard, image_of


def _ui(background: tuple[int, int, int], button: tuple[int, int, int]) -> Image:
    rgb = np.empty((120, 200, 3), np.uint8)
    rgb[:] = background
    rgb[40:72, 30:130] = button
    rgb[90:94, 30:170] = (15, 23, 42)
    return Image.from_array(rgb, name="ui")


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [
        ({"kinds": frozenset({"colours"})}, "kinds"),
        ({"kinds": frozenset()}, "kinds"),
        ({"max_colors": 0}, "max_colors"),
        ({"max_colors": 65}, "max_colors"),
        ({"dpr": 0.1}, "dpr"),
        ({"dpr": 9.0}, "dpr"),
    ],
)
def test_options_are_validated(kwargs: dict[str, object], option: str) -> None:
    with pytest.raises(OptionsError) as caught:
        ExtractOptions(**kwargs)  # type: ignore[arg-type]
    assert caught.value.option == option


def test_no_images_is_an_options_error() -> None:
    with pytest.raises(OptionsError, match="at least one image"):
        extract([])


def test_progress_is_monotonic_and_ends_at_one() -> None:
    seen: list[tuple[str, float]] = []
    extract([_ui((255, 255, 255), (37, 99, 235))], progress=lambda s, f: seen.append((s, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0)
    assert {s for s, _ in seen} >= {"analysis", "text_lines", *ALL_KINDS}


def test_timings_cover_every_stage() -> None:
    png = io.BytesIO()
    PILImage.fromarray(_ui((255, 255, 255), (37, 99, 235)).rgb).save(png, format="PNG")
    tokens = extract([png.getvalue()], options=ExtractOptions(ocr=False))
    assert {"decode", "analysis", "text_lines", "colors", "typography"} <= set(tokens.timings_ms)
    assert all(ms >= 0 for ms in tokens.timings_ms.values())


def test_text_lines_are_found_for_typography_alone() -> None:
    # The layout kinds' analysis leaves them out; typography (and colours beside it) reads them.
    image = image_of(dashboard())
    layouts: list[Layout] = []

    def keep(_image: Image, layout: Layout, _results: LayoutResults) -> None:
        layouts.append(layout)

    for kinds in ({"spacing", "radii"}, {"typography"}):
        tokens = extract_image(
            image, options=ExtractOptions(kinds=frozenset(kinds), ocr=False), on_layout=keep
        )
        assert ("text_lines" in tokens.timings_ms) == ("typography" in kinds)
    without, with_lines = layouts
    assert without.text_lines == ()
    assert with_lines.text_lines


def test_colors_only_skips_the_layout_analysis() -> None:
    tokens = extract(
        [_ui((255, 255, 255), (37, 99, 235))], options=ExtractOptions(kinds=frozenset({"colors"}))
    )
    assert "analysis" not in tokens.timings_ms
    assert {t.path[0] for t in tokens} == {"color"}


def test_two_images_merge_into_one_palette() -> None:
    first = _ui((255, 255, 255), (37, 99, 235))
    second = _ui((255, 255, 255), (220, 38, 38))
    options = ExtractOptions(kinds=frozenset({"colors"}))
    tokens = extract([first, second], options=options)
    hexes = [t.value.hex for t in tokens.group("color", "palette") if isinstance(t.value, Color)]
    assert hexes.count("#ffffff") == 1
    assert {"#2563eb", "#dc2626"} <= set(hexes)
    assert [i.id for i in tokens.images] == [first.id, second.id]


def test_bad_bytes_raise_image_errors() -> None:
    with pytest.raises(ImageDecodeError):
        extract([b"garbage"])


def test_layout_hook_sees_each_images_layout_and_results() -> None:
    seen: list[tuple[str, Layout, LayoutResults]] = []
    images = [_ui((255, 255, 255), (37, 99, 235)), _ui((15, 23, 42), (234, 88, 12))]
    options = ExtractOptions(kinds=frozenset({"colors", "spacing", "radii"}))
    extract(images, options=options, on_layout=lambda i, lay, r: seen.append((i.id, lay, r)))
    assert [image_id for image_id, _, _ in seen] == [image.id for image in images]
    for _, layout, results in seen:
        assert layout.elements
        assert results.spacing is not None
        assert results.radii is not None
        assert results.shadows is None
        assert results.borders is None


def test_layout_hook_is_not_called_without_a_layout_kind() -> None:
    seen: list[object] = []
    options = ExtractOptions(kinds=frozenset({"colors"}))
    extract(
        [_ui((255, 255, 255), (37, 99, 235))], options=options, on_layout=lambda *a: seen.append(a)
    )
    assert seen == []
