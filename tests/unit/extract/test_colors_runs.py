"""Run analysis behind extract_colors: blends, gradients, partial coverage, noise."""

import numpy as np
import pytest

from copy_that.extract._color_runs import (
    AREA,
    EXACT,
    LINE,
    STROKE,
    analyse_runs,
    looks_compressed,
)
from copy_that.imaging import Image, pack_rgb


def _row_image(colours: list[tuple[tuple[int, int, int], int]], height: int = 40) -> Image:
    """An image whose every row is the same sequence of (colour, width) runs."""
    row = np.concatenate([np.tile(np.array(c, np.uint8), (w, 1)) for c, w in colours])
    return Image.from_array(np.ascontiguousarray(np.tile(row[None], (height, 1, 1))))


def _stats(image: Image, colour: tuple[int, int, int]):
    analysis = analyse_runs(image)
    key = pack_rgb(np.array(colour, np.uint8))
    slot = int(np.searchsorted(analysis.colors, key))
    assert analysis.colors[slot] == key
    return analysis, slot


def test_a_one_pixel_blend_between_two_areas_is_a_transition():
    white, blue, mid = (255, 255, 255), (37, 99, 235), (146, 177, 245)
    analysis, slot = _stats(_row_image([(white, 40), (mid, 1), (blue, 40)]), mid)
    assert analysis.solid_px[slot] == 0
    assert analysis.transition_px[slot] == 40


def test_a_one_pixel_line_between_equal_areas_is_solid_line():
    white, grey = (255, 255, 255), (229, 231, 235)
    analysis, slot = _stats(_row_image([(white, 40), (grey, 1), (white, 40)]), grey)
    assert analysis.solid_usage[slot, LINE] == 40
    assert analysis.transition_px[slot] == 0


def test_a_grey_area_between_black_and_white_is_not_a_blend():
    # Greys of a design lie on the black–white axis; a wide area is no anti-aliasing blend.
    black, grey, white = (17, 24, 39), (243, 244, 246), (255, 255, 255)
    analysis, slot = _stats(_row_image([(black, 60), (grey, 30), (white, 60)]), grey)
    assert analysis.solid_usage[slot, AREA] == 30 * 40


def test_gradient_bands_are_transitions():
    start, end = np.array([99, 102, 241]), np.array([168, 85, 247])
    ramp = np.round(start + (end - start) * np.linspace(0, 1, 300)[:, None]).astype(np.uint8)
    rgb = np.tile(ramp[None], (30, 1, 1))
    analysis = analyse_runs(Image.from_array(rgb))
    inner = analysis.counts[1:-1].sum()
    assert analysis.solid_px.sum() < 0.05 * inner


def test_short_strokes_are_text_usage():
    image = np.full((30, 30, 3), 255, np.uint8)
    image[5:20, 10:12] = 0  # a 2-px stem, 15 px tall
    analysis, slot = _stats(Image.from_array(image), (0, 0, 0))
    assert analysis.solid_usage[slot, STROKE] == 30
    assert analysis.ink_px[slot] > 0


def test_partial_coverage_of_a_stem_next_to_full_ink():
    paper, ink, light = (255, 255, 255), (17, 24, 39), (64, 73, 89)
    analysis, slot = _stats(
        _row_image([(paper, 20), (ink, 1), (paper, 2), (light, 1), (paper, 20)]), light
    )
    assert analysis.partial_px[slot] == 40
    assert analysis.ink_px[slot] == 0


def test_compression_is_recognised_from_specks_and_blocks():
    from ._color_scenes import as_jpeg, ui_scene

    rng = np.random.default_rng(0)
    flat = np.full((80, 120, 3), 200, np.uint8)
    flat[20:60, 30:90] = (37, 99, 235)
    # Specks a code value or two off, scattered over the flat areas (compression noise).
    specks = rng.random(flat.shape[:2]) < 0.08
    noisy = flat.astype(int)
    noisy[specks] += rng.integers(-2, 3, (int(specks.sum()), 3))
    noisy = np.clip(noisy, 0, 255).astype(np.uint8)
    assert not looks_compressed(analyse_runs(Image.from_array(flat), EXACT).rows)
    assert looks_compressed(analyse_runs(Image.from_array(noisy), EXACT).rows)
    assert not looks_compressed(analyse_runs(ui_scene().image, EXACT).rows)
    assert looks_compressed(analyse_runs(as_jpeg(ui_scene().image, 90), EXACT).rows)


def test_dither_with_long_runs_is_not_compression():
    # A very slight page gradient dithered into long runs one code value apart, at arbitrary
    # columns (Chromium renders Pico's background like this).
    rng = np.random.default_rng(1)
    rows = []
    for _ in range(120):
        cuts = np.cumsum(rng.integers(8, 60, size=20))
        row = np.full(400, 254, np.uint8)
        for a, b in zip(cuts[::2], cuts[1::2], strict=True):
            row[a:b] = 253
        rows.append(row)
    grey = np.stack(rows)
    rgb = np.stack([grey, grey, np.full_like(grey, 255)], axis=-1)
    assert not looks_compressed(analyse_runs(Image.from_array(rgb), EXACT).rows)


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (7, 1), (2, 2)])
def test_tiny_images(shape):
    rgb = np.zeros((*shape, 3), np.uint8)
    analysis = analyse_runs(Image.from_array(rgb))
    assert analysis.valid_px == shape[0] * shape[1]
    assert analysis.counts.sum() == analysis.valid_px


def test_transparent_pixels_are_not_counted():
    rgb = np.full((10, 10, 3), 255, np.uint8)
    alpha = np.zeros((10, 10), np.uint8)
    alpha[:, :4] = 255
    analysis = analyse_runs(Image.from_array(rgb, alpha=alpha))
    assert analysis.valid_px == 40
    assert list(analysis.counts) == [40]
