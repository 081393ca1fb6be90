import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from copy_that.analysis._quantiles import quantile


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
