"""Any decodable image goes through the whole pipeline to a valid document, or a typed error."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copy_that.imaging import Image
from copy_that.pipeline import ExtractOptions, extract
from copy_that.tokens import dtcg

_OPTIONS = ExtractOptions(ocr=False)


@st.composite
def images(draw: st.DrawFn) -> Image:
    height = draw(st.integers(1, 96))
    width = draw(st.integers(1, 96))
    kind = draw(st.sampled_from(["flat", "noise", "stripes", "boxes", "transparent"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    rgb = np.empty((height, width, 3), np.uint8)
    rgb[:] = rng.integers(0, 256, 3, dtype=np.uint8)
    alpha = None
    if kind == "noise":
        rgb = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    elif kind == "stripes":
        period = draw(st.integers(1, 8))
        rgb[:, ::period] = rng.integers(0, 256, 3, dtype=np.uint8)
    elif kind == "boxes":
        for _ in range(draw(st.integers(1, 6))):
            y, x = rng.integers(0, height), rng.integers(0, width)
            h, w = rng.integers(1, 40, 2)
            rgb[y : y + h, x : x + w] = rng.integers(0, 256, 3, dtype=np.uint8)
    elif kind == "transparent":
        alpha = np.zeros((height, width), np.uint8)
    return Image.from_array(rgb, alpha=alpha, name=kind)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(images())
def test_any_image_yields_a_valid_document(image: Image) -> None:
    tokens = extract([image], options=_OPTIONS)
    document = dtcg.to_document(tokens)
    dtcg.validate_document(document)
    assert dtcg.from_document(document).images[0].id == image.id
