"""Render known text with Pillow and the machine's fonts, for the text and typography tests.

Fonts come from Debian's fonts-dejavu-core and fonts-liberation2 (installed by scripts/ci-setup.sh).
Every helper returns the image and the truth it was drawn with.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.imaging import Image, load_image

__all__ = ["FONT_FILES", "Drawn", "draw_lines", "font_path", "jpeg"]

_FONT_ROOT = Path("/usr/share/fonts")

#: Font files by (family, bold) → (generic class, file name).
FONT_FILES: dict[tuple[str, bool], tuple[str, str]] = {
    ("DejaVu Sans", False): ("sans-serif", "DejaVuSans.ttf"),
    ("DejaVu Sans", True): ("sans-serif", "DejaVuSans-Bold.ttf"),
    ("DejaVu Serif", False): ("serif", "DejaVuSerif.ttf"),
    ("DejaVu Serif", True): ("serif", "DejaVuSerif-Bold.ttf"),
    ("DejaVu Sans Mono", False): ("monospace", "DejaVuSansMono.ttf"),
    ("DejaVu Sans Mono", True): ("monospace", "DejaVuSansMono-Bold.ttf"),
    ("Liberation Sans", False): ("sans-serif", "LiberationSans-Regular.ttf"),
    ("Liberation Sans", True): ("sans-serif", "LiberationSans-Bold.ttf"),
    ("Liberation Serif", False): ("serif", "LiberationSerif-Regular.ttf"),
    ("Liberation Serif", True): ("serif", "LiberationSerif-Bold.ttf"),
    ("Liberation Mono", False): ("monospace", "LiberationMono-Regular.ttf"),
    ("Liberation Mono", True): ("monospace", "LiberationMono-Bold.ttf"),
}


def font_path(family: str, *, bold: bool = False) -> Path:
    """The installed file of `family` (regular or bold); fails the test when it is missing."""
    name = FONT_FILES[(family, bold)][1]
    found = sorted(_FONT_ROOT.rglob(name))
    if not found:
        raise AssertionError(f"{name} is not installed: run scripts/ci-setup.sh")
    return found[0]


@dataclass(frozen=True)
class Drawn:
    """A rendered test image and what was drawn.

    ``baselines_px`` are the rows of each line's baseline; ``size_px`` the font size in image px.
    """

    image: Image
    baselines_px: tuple[int, ...]
    left_px: int
    size_px: float
    color: tuple[int, int, int]
    background: tuple[int, int, int]


def draw_lines(
    lines: list[str],
    *,
    family: str = "DejaVu Sans",
    bold: bool = False,
    size_px: float = 16,
    line_height: float = 1.5,
    color: tuple[int, int, int] = (30, 30, 30),
    background: tuple[int, int, int] = (255, 255, 255),
    width_px: int | None = None,
    left_px: int = 20,
) -> Drawn:
    """Draw `lines` left-aligned, one baseline every ``line_height * size_px`` pixels."""
    font = ImageFont.truetype(str(font_path(family, bold=bold)), size_px)
    advance = line_height * size_px
    longest = max(font.getlength(text) for text in lines)
    width = width_px or int(longest + 2 * left_px)
    height = int(advance * len(lines) + 2 * size_px)
    canvas = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(canvas)
    baselines = []
    for index, text in enumerate(lines):
        baseline = round(size_px * 1.2 + index * advance)
        draw.text((left_px, baseline), text, font=font, fill=color, anchor="ls")
        baselines.append(baseline)
    return Drawn(
        image=Image.from_array(np.asarray(canvas)),
        baselines_px=tuple(baselines),
        left_px=left_px,
        size_px=size_px,
        color=color,
        background=background,
    )


def jpeg(image: Image, *, quality: int = 80) -> Image:
    """Round-trip `image` through JPEG at `quality` (4:2:0 chroma, as most encoders write)."""
    buffer = io.BytesIO()
    PILImage.fromarray(image.rgb).save(buffer, format="JPEG", quality=quality)
    return load_image(buffer.getvalue())
