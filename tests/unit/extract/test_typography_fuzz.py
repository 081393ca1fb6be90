"""Property test: typography on arbitrary small images fails only with typed errors."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis.model import Layout
from copy_that.analysis.text_lines import detect_text_lines
from copy_that.errors import CopyThatError
from copy_that.extract.typography import extract_typography
from copy_that.imaging import Image

from .._typeset import font_path

_KINDS = ("noise", "flat", "stripes", "blobs", "text", "transparent")


def _pixels(kind: str, height: int, width: int, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    rng = np.random.default_rng(seed)
    if kind == "noise":
        return rng.integers(0, 256, (height, width, 3), dtype=np.uint8), None
    if kind == "flat":
        return np.full((height, width, 3), rng.integers(0, 256, 3), dtype=np.uint8), None
    if kind == "stripes":
        period = int(rng.integers(1, 6))
        rows, cols = np.indices((height, width))
        along = rows if rng.random() < 0.5 else cols
        gray = (along // period % 2 * 255).astype(np.uint8)
        return np.repeat(gray[..., None], 3, axis=2), None
    if kind == "blobs":
        rgb = np.full((height, width, 3), 250, dtype=np.uint8)
        for _ in range(int(rng.integers(1, 30))):
            y, x = int(rng.integers(0, height)), int(rng.integers(0, width))
            h, w = int(rng.integers(1, 12)), int(rng.integers(1, 8))
            rgb[y : y + h, x : x + w] = rng.integers(0, 80, 3)
        return rgb, None
    if kind == "text":
        canvas = PILImage.new("RGB", (width, height), (255, 255, 255))
        font = ImageFont.truetype(str(font_path("DejaVu Sans")), int(rng.integers(3, 24)))
        text = "".join(rng.choice(list("Agjpqy Hx0.,'-"), int(rng.integers(1, 12))))
        y = int(rng.integers(-4, max(1, height)))
        ImageDraw.Draw(canvas).text((1, y), text, font=font, fill=(20, 20, 20))
        return np.asarray(canvas), None
    alpha = np.zeros((height, width), dtype=np.uint8)
    return rng.integers(0, 256, (height, width, 3), dtype=np.uint8), alpha


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(_KINDS),
    height=st.integers(1, 64),
    width=st.integers(1, 160),
    seed=st.integers(0, 2**32 - 1),
    dpr=st.sampled_from([0.5, 1.0, 2.0, 3.0]),
)
def test_typography_never_fails_untyped(
    kind: str, height: int, width: int, seed: int, dpr: float
) -> None:
    rgb, alpha = _pixels(kind, height, width, seed)
    image = Image.from_array(np.ascontiguousarray(rgb), alpha=alpha)
    layout = Layout(width_px=width, height_px=height, text_lines=detect_text_lines(image), dpr=dpr)
    try:
        # Default options: recognition and font matching on, as the pipeline runs them.
        result = extract_typography(image, layout)
    except CopyThatError:
        return
    assert (result.reason is None) == bool(result.styles)
    result.contribution(image.id)
