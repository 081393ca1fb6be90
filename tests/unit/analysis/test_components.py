import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.analysis._components import components, row_runs


def _mask(seed: int, shape: tuple[int, int], density: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.asarray(rng.random(shape) < density, dtype=np.uint8)


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    height=st.integers(1, 40),
    width=st.integers(1, 40),
    density=st.floats(0.0, 1.0),
    connectivity=st.sampled_from([4, 8]),
    algorithm=st.sampled_from([cv2.CCL_DEFAULT, cv2.CCL_BBDT, cv2.CCL_SAUF]),
)
def test_components_match_opencv(
    seed: int, height: int, width: int, density: float, connectivity: int, algorithm: int
) -> None:
    mask = _mask(seed, (height, width), density)
    count, labels, stats, _ = components(mask, connectivity, algorithm)
    want_count, want_labels, want_stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask, connectivity, cv2.CV_32S, algorithm
    )
    assert count == want_count
    assert np.array_equal(labels, want_labels)
    # OpenCV's row 0 holds placeholders when no pixel is zero; ours holds zeros.
    first = 0 if (mask == 0).any() else 1
    assert np.array_equal(stats[first:], want_stats[first:])
    if first:
        assert stats[0].tolist() == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("step", [1, 2, 3])
def test_grid_sums_add_up_the_grid_pixels_of_each_label(step: int) -> None:
    rng = np.random.default_rng(7)
    labels = rng.integers(0, 5, size=(23, 31)).astype(np.int32)
    labels[:, 10:20] = 3  # long runs, too
    image = rng.integers(0, 256, size=(23, 31, 3)).astype(np.uint8)
    pixels, sums = row_runs(labels).grid_sums(image, 6, step)
    grid_labels = labels[::step, ::step].ravel()
    grid_image = image[::step, ::step].reshape(-1, 3).astype(np.float64)
    assert np.array_equal(pixels, np.bincount(grid_labels, minlength=6))
    for channel in range(3):
        want = np.bincount(grid_labels, weights=grid_image[:, channel], minlength=6)
        assert np.array_equal(sums[:, channel], want)


def test_runs_of_an_empty_image() -> None:
    runs = row_runs(np.zeros((0, 5), dtype=np.int32))
    assert runs.labels.size == 0
    assert runs.stats(1).tolist() == [[0, 0, 0, 0, 0]]
