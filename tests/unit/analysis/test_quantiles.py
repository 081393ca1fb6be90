import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from copy_that.analysis._quantiles import median0, percentile, quantile


@given(
    values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60),
    q=st.floats(0.0, 1.0),
)
def test_quantile_equals_numpy_percentile(values: list[float], q: float) -> None:
    assert quantile(values, q) == pytest.approx(
        float(np.percentile(values, 100 * q)), rel=1e-9, abs=1e-6
    )


def test_quantile_of_a_2d_sample_is_of_its_values() -> None:
    assert quantile(np.array([[4, 1], [3, 2]]), 0.5) == 2.5


def test_empty_sample_and_bad_q_are_value_errors() -> None:
    with pytest.raises(ValueError, match="empty"):
        quantile([], 0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        quantile([1.0], 1.5)


_FLOAT32 = st.floats(0.0, 500.0, width=32)


@given(values=st.lists(_FLOAT32, min_size=1, max_size=80), percent=st.floats(0.0, 100.0))
def test_percentile_is_numpys_bit_for_bit(values: list[float], percent: float) -> None:
    sample = np.array(values, dtype=np.float32)
    assert percentile(sample, percent) == float(np.percentile(sample, percent))


def test_percentile_of_a_large_sample_with_many_ties_is_numpys() -> None:
    # Like a text crop's colour distances: thousands of pixels, a hundred distinct values.
    rng = np.random.default_rng(7)
    sample = (rng.integers(0, 135, (22, 566)) * 1.7).astype(np.float32)
    for percent in (50.0, 99.5, 99.99):
        assert percentile(sample, percent) == float(np.percentile(sample, percent))


def test_percentile_of_a_2d_sample_and_its_ends() -> None:
    sample = np.arange(12, dtype=np.float64).reshape(3, 4)
    assert percentile(sample, 99.5) == float(np.percentile(sample, 99.5))
    assert percentile(sample, 0.0) == 0.0
    assert percentile(sample, 100.0) == 11.0


@given(
    rows=st.integers(1, 30),
    columns=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
    dtype=st.sampled_from([np.uint8, np.uint16, np.float32, np.float64]),
)
def test_median0_is_numpys_bit_for_bit(rows: int, columns: int, seed: int, dtype: type) -> None:
    rng = np.random.default_rng(seed)
    # Few distinct values, so that ties and equal middle pairs occur.
    sample = (rng.integers(0, 6, (rows, columns, 3)) * 37.3).astype(dtype)
    ours, theirs = median0(sample), np.median(sample, axis=0)
    assert ours.dtype == theirs.dtype
    assert np.array_equal(ours, theirs)


def test_median0_of_1d_samples_and_empty_ones() -> None:
    assert median0(np.array([3, 1, 2], dtype=np.uint8)) == 2.0
    assert median0(np.array([0.1, 0.3], dtype=np.float32)) == np.median(
        np.array([0.1, 0.3], dtype=np.float32)
    )
    with pytest.raises(ValueError, match="empty"):
        median0(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="empty"):
        percentile(np.zeros(0), 50.0)
    with pytest.raises(ValueError, match=r"\[0, 100\]"):
        percentile(np.ones(3), 101.0)
