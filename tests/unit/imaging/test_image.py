import numpy as np

from copy_that.imaging import Image


def _half_transparent() -> Image:
    rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    rgb[0, 0] = (200, 100, 0)
    alpha = np.array([[255, 0], [128, 255]], dtype=np.uint8)
    return Image(rgb=rgb, alpha=alpha, id="test")


def test_over_composites_transparent_parts_over_the_grey_level() -> None:
    image = _half_transparent()
    white = image.over(255)
    assert white[0, 0].tolist() == [200, 100, 0]  # opaque: unchanged
    assert white[0, 1].tolist() == [255, 255, 255]  # transparent: the grey itself
    assert white[1, 0].tolist() == [127, 127, 127]  # black at alpha 128/255 over white
    assert image.over(128)[0, 1].tolist() == [128, 128, 128]


def test_over_is_computed_once_per_level() -> None:
    image = _half_transparent()
    assert image.over(128) is image.over(128)
    assert image.over(255) is not image.over(128)


def test_opaque_image_is_its_own_composite() -> None:
    rgb = np.full((2, 3, 3), 40, dtype=np.uint8)
    image = Image(rgb=rgb, alpha=np.full((2, 3), 255, dtype=np.uint8), id="test")
    assert image.over(255) is image.rgb
