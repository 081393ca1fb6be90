import io

import numpy as np
import pytest
from PIL import Image as PILImage

from copy_that.analysis import analyse
from copy_that.errors import OptionsError
from copy_that.extract.spacing import extract_spacing
from copy_that.imaging import Image
from copy_that.overlay import OverlayOptions, draw_overlay, render_overlay
from tests.unit.analysis._synth import dashboard, image_of


def test_overlay_draws_boxes_and_gaps() -> None:
    image = image_of(dashboard(), dpr=1)
    layout = analyse(image, text_lines=False)
    plain = np.asarray(draw_overlay(image, layout, options=OverlayOptions(boxes=False, dim=0.0)))
    assert np.array_equal(plain, image.rgb)
    drawn = np.asarray(draw_overlay(image, layout, spacing=extract_spacing(image, layout)))
    assert drawn.shape == image.rgb.shape
    # The gap between the two cards (x 224..256, y 24..152) is tinted.
    gap = drawn[60:120, 230:250].astype(int)
    page = np.asarray(draw_overlay(image, layout, options=OverlayOptions(dim=0.35)))[
        60:120, 230:250
    ].astype(int)
    assert np.abs(gap - page).max() > 20


def test_render_overlay_is_a_png_of_the_image_size() -> None:
    image = image_of(dashboard(), dpr=2)
    png = render_overlay(image, analyse(image, text_lines=False))
    decoded = PILImage.open(io.BytesIO(png))
    assert decoded.format == "PNG"
    assert decoded.size == (image.width_px, image.height_px)


def test_mismatched_layout_is_refused() -> None:
    image = image_of(dashboard(), dpr=1)
    other = Image.from_array(np.zeros((5, 5, 3), dtype=np.uint8))
    with pytest.raises(OptionsError):
        draw_overlay(other, analyse(image, text_lines=False))


def test_bad_dim_is_refused() -> None:
    with pytest.raises(OptionsError) as err:
        OverlayOptions(dim=1.5)
    assert err.value.option == "dim"
