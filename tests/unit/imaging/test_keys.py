"""Packed colour keys: one integer per 8-bit sRGB colour."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from copy_that.imaging import pack_rgb, unpack_keys


@settings(deadline=None)
@given(rgb=arrays(np.uint8, st.tuples(st.integers(1, 5), st.integers(1, 5), st.just(3))))
def test_pack_unpack_round_trip(rgb):
    keys = pack_rgb(rgb)
    assert keys.shape == rgb.shape[:2]
    assert np.array_equal(unpack_keys(keys), rgb)


def test_packing_layout_and_free_top_byte():
    rgb = np.array([[[0x12, 0x34, 0x56], [0xFF, 0xFF, 0xFF]]], np.uint8)
    keys = pack_rgb(rgb)[0]
    assert list(keys) == [0x563412, 0xFFFFFF]
    assert all(k < 2**24 for k in keys)
