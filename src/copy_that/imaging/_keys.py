"""One integer per 8-bit sRGB colour, for counting and sorting colours in bulk."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["pack_rgb", "unpack_keys"]


def pack_rgb(rgb: NDArray[np.uint8]) -> NDArray[np.uint32]:
    """Pack 8-bit sRGB into one integer per pixel, ``r | g << 8 | b << 16``.

    The three bytes of each pixel are read as one little-endian word (over a strided view of a
    copy padded by one byte) and the fourth byte is masked off: one pass over the image.

    Parameters
    ----------
    rgb : ndarray of shape (..., 3), dtype uint8
        sRGB code values.

    Returns
    -------
    ndarray of shape (...), dtype uint32
        Packed keys; the top byte is free (used for tags and `INVALID_KEY`).
    """
    flat = np.ascontiguousarray(rgb).reshape(-1)
    buffer = np.zeros(flat.size + 1, dtype=np.uint8)
    buffer[:-1] = flat
    words = np.ndarray((flat.size // 3,), dtype="<u4", buffer=buffer, strides=(3,))
    keys: NDArray[np.uint32] = (words & np.uint32(0xFFFFFF)).astype(np.uint32, copy=False)
    return keys.reshape(rgb.shape[:-1])


def unpack_keys(keys: NDArray[np.uint32]) -> NDArray[np.uint8]:
    """Inverse of `pack_rgb`: keys of shape (...) → sRGB of shape (..., 3), dtype uint8."""
    k = np.asarray(keys, dtype=np.uint32)
    return np.stack([k & 0xFF, (k >> 8) & 0xFF, (k >> 16) & 0xFF], axis=-1).astype(np.uint8)
