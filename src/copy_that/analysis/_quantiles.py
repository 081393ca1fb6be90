"""Quantiles and medians without `numpy.percentile`'s and `numpy.median`'s per-call overhead.

Text measurements take a handful of quantiles of a few dozen values per line, thousands of times
per image; `numpy.percentile` spends about 70 µs per call on argument handling, a sort of a small
array about 2 µs. `quantile` equals ``numpy.percentile(values, 100 * q)`` (linear method).

The layout analysis takes hundreds of medians of small stacks (side profiles, ring colours) and
high percentiles of large ones (text-line crops) per image. `median0` and `percentile` give
exactly numpy's results (the same order statistics, combined in the same float type and order)
from one `numpy.sort` each, several times faster. Sorting, not `numpy.partition`: the
introselect behind partition slows down badly on samples with many equal values, which is what
UI pixels give (a 22×566 text crop holds 135 distinct colour distances; partitioning it took
0.85 ms, sorting it 0.06 ms).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["median0", "percentile", "quantile"]


def quantile(values: ArrayLike, q: float) -> float:
    """The `q`-quantile of `values`, interpolated linearly between order statistics.

    Parameters
    ----------
    values : array_like of float, any shape
        Sample, flattened; at least one value.
    q : float
        Quantile in ``[0, 1]`` (0.5 is the median).

    Returns
    -------
    float
        Same as ``numpy.percentile(values, 100 * q)``.

    Raises
    ------
    ValueError
        When `values` is empty or `q` lies outside ``[0, 1]`` (programming errors).
    """
    ordered = np.sort(np.asarray(values, dtype=np.float64), axis=None)
    if ordered.size == 0:
        raise ValueError("quantile of an empty sample")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must lie in [0, 1], got {q}")
    position = q * (ordered.size - 1)
    low = int(position)
    high = min(low + 1, ordered.size - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def median0(values: NDArray[Any]) -> Any:
    """The median along the first axis, bit for bit ``numpy.median(values, axis=0)``.

    Parameters
    ----------
    values : ndarray of shape (N, ...), integer or float32/float64 dtype, no NaN
        At least one row.

    Returns
    -------
    ndarray of shape values.shape[1:] (a scalar for 1-D input)
        Float64 for integer input, else the input's dtype, as numpy's median (the mean of the
        middle one or two values, summed in that type).

    Raises
    ------
    ValueError
        When `values` has no rows (a programming error).
    """
    size = values.shape[0]
    if size == 0:
        raise ValueError("median of an empty sample")
    half = size // 2
    integer = np.issubdtype(values.dtype, np.integer)
    as_float = np.float64 if integer else values.dtype
    # numpy sorts 8- and 16-bit integers stably by radix, in linear time: several times faster
    # than its default introsort on the pixel stacks of side profiles (same sorted values).
    radix = integer and values.dtype.itemsize <= 2
    ordered = np.sort(values, axis=0, kind="stable" if radix else None)
    if size % 2:
        return ordered[half].astype(as_float)
    return (ordered[half - 1].astype(as_float) + ordered[half].astype(as_float)) / 2


def percentile(values: NDArray[np.floating[Any]], percent: float) -> float:
    """The `percent` percentile of all of `values`, bit for bit ``numpy.percentile`` (linear).

    numpy partitions at four order statistics; this sorts once and interpolates between the
    two neighbouring order statistics in the array's float type the way numpy does.

    Parameters
    ----------
    values : ndarray of float32 or float64, any shape, no NaN
        Sample, flattened; at least one value.
    percent : float
        Percentile in ``[0, 100]``.

    Returns
    -------
    float
        Same as ``float(numpy.percentile(values, percent))``.

    Raises
    ------
    ValueError
        When `values` is empty or `percent` lies outside ``[0, 100]`` (programming errors).
    """
    flat = values.ravel()
    if flat.size == 0:
        raise ValueError("percentile of an empty sample")
    if not 0.0 <= percent <= 100.0:
        raise ValueError(f"percent must lie in [0, 100], got {percent}")
    position = (flat.size - 1) * (percent / 100.0)
    low = int(np.floor(position))
    ordered = np.sort(flat)
    if low >= flat.size - 1:
        return float(ordered[-1])
    below, above = ordered[low], ordered[low + 1]
    weight = position - low
    step = above - below
    # numpy's `_lerp`: from the nearer end, so that the top weight gives exactly `above`.
    return float(above - step * (1.0 - weight) if weight >= 0.5 else below + step * weight)
