"""Hard offset shadows read around a box: the L a solid copy moved along both axes leaves."""

import io

import numpy as np
import pytest
from PIL import Image as PILImage
from scipy import ndimage

from copy_that.analysis import analyse
from copy_that.extract._layout_shadow_hard import hard_shadow
from copy_that.extract.shadows import extract_shadows
from copy_that.imaging import Image

PAGE = (254, 243, 199)
CARD = (255, 255, 255)
INK = (17, 17, 17)
# A 240 x 140 card with a 2-px border, edges (left, top, right, bottom) in image px.
EDGES = (80, 60, 320, 200)
_TOLERANCE = 6.0
_OFFSETS = (2, 24)


def _page(dx: int, dy: int, shadow: tuple[int, int, int] = INK) -> np.ndarray:
    """The card over a solid copy of itself moved by (dx, dy)."""
    rgb = np.zeros((300, 420, 3), dtype=np.uint8)
    rgb[:] = PAGE
    left, top, right, bottom = EDGES
    rgb[top + dy : bottom + dy, left + dx : right + dx] = shadow
    rgb[top:bottom, left:right] = INK
    rgb[top + 2 : bottom - 2, left + 2 : right - 2] = CARD
    return rgb


def _read(rgb: np.ndarray, *, lossy: bool = False):
    return hard_shadow(
        rgb,
        EDGES,
        np.array(PAGE, dtype=np.float64),
        tolerance=_TOLERANCE,
        offsets_px=_OFFSETS,
        lossy=lossy,
    )


@pytest.mark.parametrize(("dx", "dy"), [(6, 6), (-4, 6), (3, -8), (-10, -10), (2, 2)])
def test_the_move_and_colour_of_a_solid_copy_are_read(dx: int, dy: int) -> None:
    found = _read(_page(dx, dy, shadow=(99, 102, 241)))
    assert found is not None
    assert (found.offset_x_px, found.offset_y_px) == (dx, dy)
    assert found.color == (99, 102, 241)
    assert found.match == 1.0
    assert found.rms == 0.0


def test_a_jpeg_copy_is_read_by_luma() -> None:
    # JPEG swings the strip's blue channel by 20 code values against a yellow page.
    buffer = io.BytesIO()
    PILImage.fromarray(_page(6, 6)).save(buffer, format="JPEG", quality=75)
    rgb = np.asarray(PILImage.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    found = _read(rgb, lossy=True)
    assert found is not None
    assert (found.offset_x_px, found.offset_y_px) == (6, 6)
    assert max(abs(c - i) for c, i in zip(found.color, INK, strict=True)) <= 6


def test_a_blurred_shadow_is_no_hard_one() -> None:
    rgb = _page(0, 0, shadow=PAGE).astype(np.float64)
    left, top, right, bottom = EDGES
    cover = np.zeros(rgb.shape[:2])
    cover[top + 4 : bottom + 4, left + 4 : right + 4] = 1.0
    cover = ndimage.gaussian_filter(cover, 6.0)
    shaded = rgb * (1.0 - 0.35 * cover[..., None])
    shaded[top:bottom, left:right] = rgb[top:bottom, left:right]
    assert _read(shaded.round().astype(np.uint8)) is None


@pytest.mark.parametrize(("dx", "dy"), [(0, 6), (6, 0), (1, 1), (40, 40)])
def test_moves_along_one_axis_too_small_or_too_large_are_not_read(dx: int, dy: int) -> None:
    # Along one axis under square corners the copy paints a border's pixels; a 1-px strip is an
    # edge read a pixel off; beyond the largest move a solid L is a neighbour.
    assert _read(_page(dx, dy)) is None


def test_a_neighbour_box_beside_the_card_is_no_shadow() -> None:
    rgb = _page(0, 0)
    _, top, right, bottom = EDGES
    rgb[top:bottom, right : right + 8] = INK  # a dark box touching the right side only
    assert _read(rgb) is None


INDIGO = (99, 102, 241)


def test_extract_shadows_reports_a_hard_level_in_css_px() -> None:
    # Two bordered cards with the same 6 px 6 px indigo hard shadow, at DPR 2: one level, blur
    # 0, opaque. (A shadow of the border's own colour joins the border into one region the
    # analysis fits as a larger box: not read.)
    rgb = np.zeros((600, 900, 3), dtype=np.uint8)
    rgb[:] = PAGE
    for left in (80, 480):
        top, right, bottom = 80, left + 320, 360
        rgb[top + 12 : bottom + 12, left + 12 : right + 12] = INDIGO
        rgb[top:bottom, left:right] = INK
        rgb[top + 4 : bottom - 4, left + 4 : right - 4] = CARD
    image = Image.from_array(rgb)
    result = extract_shadows(image, analyse(image, dpr=2.0, text_lines=False))
    (level,) = result.levels
    (layer,) = level.layers
    assert (layer.offset_x_px, layer.offset_y_px, layer.blur_px, layer.spread_px) == (6, 6, 0, 0)
    assert (layer.color, layer.alpha) == (INDIGO, 1.0)
    assert len(level.elements) == 2
