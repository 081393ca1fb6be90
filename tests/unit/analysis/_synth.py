"""Synthetic UI scenes for the layout tests: boxes, borders, radii, shadows and text, at any DPR.

Scenes are specified in CSS px and rendered at a device pixel ratio, the way a browser paints:
anti-aliased rounded rectangles (4×4 supersampling per pixel), borders as an outer shape in the
border colour with the fill's shape inset by the border width, and shadows as the shadow shape
rasterised, blurred with a Gaussian of σ = blur / 2 (`scipy.ndimage.gaussian_filter`, not the
erf model the extractor fits) and composited in sRGB. Text is Pillow's bundled font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from scipy.ndimage import gaussian_filter

from copy_that.imaging import Image, load_image

RGB = tuple[int, int, int]
_SUPERSAMPLE = 4


@dataclass(frozen=True)
class ShadowSpec:
    """One box-shadow layer in CSS px (colour black)."""

    dx: float
    dy: float
    blur: float
    spread: float
    alpha: float


@dataclass(frozen=True)
class Box:
    """A box in CSS px."""

    x: float
    y: float
    w: float
    h: float
    fill: RGB
    radius: float = 0.0
    border: float = 0.0
    border_color: RGB = (0, 0, 0)
    shadows: tuple[ShadowSpec, ...] = ()


@dataclass(frozen=True)
class Text:
    """A line of text in CSS px (top-left of the text's bounding box)."""

    x: float
    y: float
    text: str
    size: float = 14.0
    color: RGB = (30, 30, 30)


@dataclass(frozen=True)
class Scene:
    """A page: size and background in CSS px, then boxes and texts painted in order."""

    width: int
    height: int
    background: RGB = (255, 255, 255)
    boxes: tuple[Box, ...] = ()
    texts: tuple[Text, ...] = ()


def _coverage(
    shape: tuple[int, int], x: float, y: float, w: float, h: float, r: float
) -> NDArray[np.float64]:
    """Anti-aliased coverage of a rounded rectangle (image px), by supersampling."""
    height, width = shape
    out = np.zeros(shape, dtype=np.float64)
    if w <= 0 or h <= 0:
        return out
    r = max(0.0, min(r, w / 2.0, h / 2.0))
    x0, y0 = max(0, int(np.floor(x)) - 1), max(0, int(np.floor(y)) - 1)
    x1, y1 = min(width, int(np.ceil(x + w)) + 1), min(height, int(np.ceil(y + h)) + 1)
    if x1 <= x0 or y1 <= y0:
        return out
    step = 1.0 / _SUPERSAMPLE
    offsets = (np.arange(_SUPERSAMPLE) + 0.5) * step
    xs = (np.arange(x0, x1)[:, None] + offsets[None, :]).ravel()
    ys = (np.arange(y0, y1)[:, None] + offsets[None, :]).ravel()
    px, py = np.meshgrid(xs, ys)
    inside = (px >= x) & (px < x + w) & (py >= y) & (py < y + h)
    if r > 0:
        cx = np.clip(px, x + r, x + w - r)
        cy = np.clip(py, y + r, y + h - r)
        inside &= (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    block = inside.reshape(y1 - y0, _SUPERSAMPLE, x1 - x0, _SUPERSAMPLE).mean(axis=(1, 3))
    out[y0:y1, x0:x1] = block
    return out


def _paint(
    canvas: NDArray[np.float64], cover: NDArray[np.float64], colour: RGB, alpha: float = 1.0
) -> None:
    a = (cover * alpha)[..., None]
    canvas *= 1.0 - a
    canvas += a * np.asarray(colour, dtype=np.float64)


def render(scene: Scene, *, dpr: float = 1.0) -> NDArray[np.uint8]:
    """Render a scene to an sRGB uint8 array of shape (height·dpr, width·dpr, 3)."""
    shape = (round(scene.height * dpr), round(scene.width * dpr))
    canvas = np.empty((*shape, 3), dtype=np.float64)
    canvas[:] = np.asarray(scene.background, dtype=np.float64)
    for box in scene.boxes:
        x, y, w, h, r = (v * dpr for v in (box.x, box.y, box.w, box.h, box.radius))
        for layer in reversed(box.shadows):
            s = layer.spread * dpr
            mask = _coverage(
                shape,
                x + layer.dx * dpr - s,
                y + layer.dy * dpr - s,
                w + 2 * s,
                h + 2 * s,
                r + s if r else 0.0,
            )
            sigma = layer.blur / 2.0 * dpr
            blurred = gaussian_filter(mask, sigma, mode="constant") if sigma > 0 else mask
            _paint(canvas, blurred, (0, 0, 0), layer.alpha)
        outer = _coverage(shape, x, y, w, h, r)
        if box.border > 0:
            b = box.border * dpr
            _paint(canvas, outer, box.border_color)
            _paint(
                canvas,
                _coverage(shape, x + b, y + b, w - 2 * b, h - 2 * b, max(0.0, r - b)),
                box.fill,
            )
        else:
            _paint(canvas, outer, box.fill)
    image = PILImage.fromarray(
        np.asarray(np.clip(canvas + 0.5, 0, 255), dtype=np.uint8), mode="RGB"
    )
    draw = ImageDraw.Draw(image)
    for text in scene.texts:
        font = ImageFont.load_default(size=round(text.size * dpr))
        left, top, _, _ = draw.textbbox((0, 0), text.text, font=font)
        draw.text((text.x * dpr - left, text.y * dpr - top), text.text, font=font, fill=text.color)
    return np.asarray(image, dtype=np.uint8)


def image_of(scene: Scene, *, dpr: float = 1.0, jpeg_quality: int | None = None) -> Image:
    """The rendered scene as an `Image` (through a JPEG round trip when a quality is given)."""
    pixels = render(scene, dpr=dpr)
    if jpeg_quality is None:
        return Image.from_array(pixels, name="synthetic")
    buffer = io.BytesIO()
    PILImage.fromarray(pixels, mode="RGB").save(buffer, format="JPEG", quality=jpeg_quality)
    return load_image(buffer.getvalue())


def css_box(box: Box, dpr: float) -> tuple[int, int, int, int]:
    """The box's expected ``(x, y, w, h)`` in image px."""
    return (round(box.x * dpr), round(box.y * dpr), round(box.w * dpr), round(box.h * dpr))


CARD_SHADOW = ShadowSpec(0, 4, 12, 0, 0.18)


def dashboard() -> Scene:
    """A small dashboard: a bordered card with a button, a shadowed card with a chip, an input,
    an avatar and text, on an 8-px grid (gaps 32 and 24, paddings 16, radii 4, 6, 8, 12, pill)."""
    return Scene(
        width=480,
        height=320,
        background=(245, 246, 248),
        boxes=(
            Box(
                24, 24, 200, 128, (255, 255, 255), radius=8, border=1, border_color=(225, 227, 232)
            ),
            Box(256, 24, 200, 128, (255, 255, 255), radius=12, shadows=(CARD_SHADOW,)),
            Box(40, 96, 96, 40, (37, 99, 235), radius=6),
            Box(272, 104, 64, 24, (220, 252, 231), radius=12),
            Box(
                24, 184, 432, 40, (255, 255, 255), radius=4, border=1, border_color=(203, 213, 225)
            ),
            Box(24, 256, 40, 40, (236, 72, 153), radius=20),
        ),
        texts=(
            Text(40, 40, "Revenue", 14),
            Text(272, 40, "Sessions", 14),
            Text(56, 110, "Upgrade", 13, (255, 255, 255)),
            Text(280, 108, "Active", 12, (22, 101, 52)),
            Text(40, 197, "Search projects", 14, (120, 120, 130)),
            Text(88, 264, "Ada Lovelace", 14),
        ),
    )


def shadowed_white_cards() -> Scene:
    """Two white cards on a white page, seen by their shadows only: a small lossless page made
    mostly of soft shadow edges."""
    cards = tuple(
        Box(40 + 300 * i, 40, 260, 160, (255, 255, 255), radius=8,
            shadows=(ShadowSpec(0, 2, 3, 0, 0.15),))
        for i in range(2)
    )  # fmt: skip
    texts = tuple(Text(60 + 300 * i, 60, "Card title", size=16) for i in range(2))
    return Scene(640, 260, background=(255, 255, 255), boxes=cards, texts=texts)


def grey_card_on_near_white() -> Scene:
    """A grey card with a 1-px border in a shadow whose first pixels lie close to its fill (on a
    JPEG they snap to the fill, and the card's box grows into its shadow)."""
    card = Box(
        48,
        40,
        427,
        210,
        (235, 235, 235),
        radius=8,
        border=1,
        border_color=(218, 218, 218),
        shadows=(ShadowSpec(0, 3, 5, 0, 0.14),),
    )
    return Scene(width=520, height=320, background=(251, 251, 251), boxes=(card,))


def white_card_in_strong_border() -> Scene:
    """A white card inside a strong 2-px border (on a JPEG the fill stops short of it)."""
    card = Box(
        48,
        40,
        414,
        259,
        (255, 255, 255),
        radius=8,
        border=2,
        border_color=(147, 110, 159),
        shadows=(ShadowSpec(0, 1, 7, 0, 0.18),),
    )
    return Scene(width=520, height=320, background=(251, 247, 255), boxes=(card,))
