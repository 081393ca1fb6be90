import io

import numpy as np
from PIL import Image as PILImage

from copy_that.analysis._edges import edge_map, edge_threshold, flat_regions, max_channel
from copy_that.analysis._palette import palette_indices
from copy_that.analysis._shapes import region_shapes
from tests.unit.analysis._synth import render, shadowed_white_cards


def _panel() -> np.ndarray:
    rgb = np.full((80, 120, 3), 250, dtype=np.uint8)
    rgb[20:60, 30:90] = (37, 99, 235)
    return rgb


def test_a_sharp_step_marks_one_pixel_each_side() -> None:
    edge = edge_map(_panel(), 3)
    row = edge[40]
    assert list(np.flatnonzero(row)) == [29, 30, 89, 90]


def test_soft_gradient_stays_one_region() -> None:
    ramp = np.repeat(np.linspace(200, 250, 120)[None, :], 80, axis=0).astype(np.uint8)
    rgb = np.repeat(ramp[..., None], 3, axis=2)
    regions = flat_regions(rgb)
    assert regions.count == 2  # the edge id 0 and one region
    assert not regions.edge.any()


def test_region_stats_and_colours() -> None:
    regions = flat_regions(_panel())
    inner = regions.labels[40, 60]
    x, y, w, h, area = regions.stats[inner]
    assert (x, y, w, h) == (31, 21, 58, 38)
    assert area == w * h
    assert np.allclose(regions.colors[inner], (37, 99, 235))


def test_noise_threshold_tells_jpeg_from_png() -> None:
    clean = _panel()
    clean[5:15, 5:100] = np.linspace(0, 255, 95).astype(np.uint8)[None, :, None]
    buffer = io.BytesIO()
    rng = np.random.default_rng(7)
    busy = np.clip(clean.astype(int) + rng.integers(-4, 5, clean.shape), 0, 255).astype(np.uint8)
    PILImage.fromarray(busy).save(buffer, format="JPEG", quality=80)
    noisy = np.asarray(PILImage.open(buffer).convert("RGB"))
    assert edge_threshold(clean) < edge_threshold(noisy)


def _through_jpeg(rgb: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    PILImage.fromarray(rgb).save(buffer, format="JPEG", quality=quality)
    return np.asarray(PILImage.open(buffer).convert("RGB"))


def test_soft_shadows_are_no_compression_noise() -> None:
    # Shadow edges bend across the edge only; read along rows alone, their second differences
    # made 1.2 % of this page look like JPEG noise.
    page = render(shadowed_white_cards())
    assert edge_threshold(page) == 3
    for quality in (60, 75, 95):
        assert edge_threshold(_through_jpeg(page, quality)) > 3


def test_palette_snaps_noise_to_the_dominant_colour() -> None:
    rng = np.random.default_rng(1)
    rgb = _panel().astype(int) + rng.integers(-8, 9, (80, 120, 3))
    index = palette_indices(np.clip(rgb, 0, 255).astype(np.uint8))
    assert len(set(index[25:55, 35:85].ravel().tolist())) == 1
    assert index[40, 60] != index[5, 5]


def test_shapes_accept_boxes_and_refuse_blobs() -> None:
    rgb = np.full((120, 160, 3), 255, dtype=np.uint8)
    rgb[10:50, 10:70] = (20, 120, 80)  # a box
    yy, xx = np.mgrid[:120, :160]
    blob = (xx - 115) ** 2 / 900 + (yy - 80) ** 2 / 200 <= 1
    blob |= (xx - 100) ** 2 + (yy - 95) ** 2 <= 150
    rgb[blob] = (200, 40, 40)  # an irregular shape
    regions = flat_regions(rgb)
    page = int(regions.labels[0, 0])
    shapes = region_shapes(regions, rgb, skip=frozenset({page}))
    assert [s.bbox for s in shapes] == [(11, 11, 58, 38)]


def test_max_channel_keeps_the_dtype_and_equals_numpy() -> None:
    rng = np.random.default_rng(3)
    for dtype in (np.uint8, np.int16):
        values = rng.integers(0, 255, (17, 23, 3)).astype(dtype)
        top = max_channel(values)
        assert top.dtype == dtype
        assert np.array_equal(top, values.max(axis=2))


def test_one_fill_cut_by_jpeg_speckle_is_joined() -> None:
    from copy_that.analysis._components import row_runs
    from copy_that.analysis._edges import _join_split_fills, _region_colours

    rgb = np.full((40, 120, 3), 30, dtype=np.uint8)
    rgb[5:35, 10:110] = (3, 181, 167)
    labels = np.zeros((40, 120), dtype=np.int32)
    labels[:, :] = 1  # the page
    labels[5:35, 10:110] = 0  # edges and text …
    labels[6:12, 12:108] = 2  # … with the fill above the label
    labels[12:34, 12:20] = 2
    labels[28:34, 20:108] = 3  # and below it, cut off by a seam of speckle
    labels[12:28, 100:108] = 3
    stats = np.zeros((4, 5), dtype=np.int32)
    for region in range(1, 4):
        ys, xs = np.nonzero(labels == region)
        stats[region] = (xs.min(), ys.min(), np.ptp(xs) + 1, np.ptp(ys) + 1, xs.size)
    colours = _region_colours(rgb, row_runs(labels), 4)
    index = np.zeros((40, 120), dtype=np.int16)
    index[5:35, 10:110] = 1  # the fill's dominant colour
    joined, merged, _ = _join_split_fills(rgb, labels, stats, colours, 6, index)
    assert joined[30, 50] == joined[8, 50]
    assert merged[joined[8, 50]].tolist() == [12, 6, 96, 28, int((labels >= 2).sum())]
    assert (joined == 1).sum() == (labels == 1).sum()  # the page is not joined to anything


def test_fills_of_one_colour_side_by_side_or_nested_stay_apart() -> None:
    from copy_that.analysis._components import row_runs
    from copy_that.analysis._edges import _join_split_fills, _region_colours

    rgb = np.full((60, 120, 3), 240, dtype=np.uint8)
    labels = np.ones((60, 120), dtype=np.int32)
    labels[5:25, 5:115] = 2  # two table rows split by a rule
    labels[25, 5:115] = 0
    labels[26:46, 5:115] = 3
    labels[30:40, 20:60] = 0  # an outline-only input inside the second row …
    labels[31:39, 21:59] = 4  # … whose inside has the row's colour
    stats = np.zeros((5, 5), dtype=np.int32)
    for region in range(1, 5):
        ys, xs = np.nonzero(labels == region)
        stats[region] = (xs.min(), ys.min(), np.ptp(xs) + 1, np.ptp(ys) + 1, xs.size)
    colours = _region_colours(rgb, row_runs(labels), 5)
    index = np.zeros((60, 120), dtype=np.int16)
    joined, _, _ = _join_split_fills(rgb, labels, stats, colours, 6, index)
    assert np.array_equal(joined, labels)


def test_fills_of_two_dominant_colours_stay_apart_however_close() -> None:
    from copy_that.analysis._components import row_runs
    from copy_that.analysis._edges import _join_split_fills, _region_colours

    # A white card running off the bottom of the image over a #fbfbfb page: their boxes
    # overlap, neither inside the other, and their means lie 4 apart.
    rgb = np.full((60, 120, 3), 251, dtype=np.uint8)
    rgb[20:, 30:90] = 255
    labels = np.ones((60, 120), dtype=np.int32)
    labels[19, 29:91] = 0
    labels[19:, 29] = 0
    labels[19:, 90] = 0
    labels[20:, 30:90] = 2
    index = np.where(rgb[..., 0] == 255, 1, 0).astype(np.int16)
    stats = np.zeros((3, 5), dtype=np.int32)
    for region in range(1, 3):
        ys, xs = np.nonzero(labels == region)
        stats[region] = (xs.min(), ys.min(), np.ptp(xs) + 1, np.ptp(ys) + 1, xs.size)
    colours = _region_colours(rgb, row_runs(labels), 3)
    joined, _, _ = _join_split_fills(rgb, labels, stats, colours, 6, index)
    assert np.array_equal(joined, labels)


def test_jpeg_button_with_a_label_is_found() -> None:
    from copy_that.analysis import analyse
    from tests.unit.analysis._synth import Box, Scene, Text, css_box, image_of

    button = Box(80, 40, 146, 32, (3, 181, 167), radius=16)
    scene = Scene(
        width=320,
        height=110,
        background=(37, 37, 37),
        boxes=(button,),
        texts=(Text(98, 48, "Order Insight", 15, (10, 10, 10)),),
    )
    layout = analyse(image_of(scene, jpeg_quality=75), dpr=1.0, text_lines=False)
    found = [e.box for e in layout.elements if e.is_box]
    want = css_box(button, 1.0)
    assert any(max(abs(a - b) for a, b in zip(box, want, strict=True)) <= 2 for box in found)


def test_carved_areas_become_regions_taken_from_the_background() -> None:
    rgb = np.full((40, 60, 3), 250, dtype=np.uint8)
    regions = flat_regions(rgb)
    (background,) = np.unique(regions.labels)
    inside = np.zeros((10, 20), dtype=bool)
    inside[2:8, 3:17] = True
    carved = regions.carved(
        int(background),
        [(inside, (5, 6, 20, 10)), (np.ones((4, 4), dtype=bool), (40, 30, 4, 4))],
        np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32),
    )
    first = regions.count
    assert carved.count == first + 2
    assert carved.labels[8, 8] == first
    assert carved.labels[6, 5] == background
    assert carved.labels[31, 41] == first + 1
    assert carved.stats[first].tolist() == [5, 6, 20, 10, 84]
    assert carved.stats[background, 4] == regions.stats[background, 4] - 84 - 16
    assert carved.colors[first + 1].tolist() == [4.0, 5.0, 6.0]
    assert regions.labels[8, 8] == background  # the original is left as it was
