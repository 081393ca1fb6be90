"""Photos and renders without ground truth: palette error, and layout that should not be there.

The photos are scikit-image's bundled samples (``skimage.data``; nothing is downloaded). The error
of a palette is the mean CIEDE2000 from each pixel to its nearest palette colour: lower means the
palette represents the image better. None of them is a UI, so every layout group (spacing, radii,
shadows, borders) and typography should come out empty, with the reason (issue 4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from skimage import data
from skimage.color import deltaE_ciede2000, gray2rgb, rgb2lab
from skimage.util import img_as_ubyte

__all__ = [
    "LAYOUT_GROUPS",
    "LAYOUT_PHOTOS",
    "PALETTE_SIZE",
    "PHOTOS",
    "layout_token_counts",
    "photo_files",
    "reconstruction_error",
]

#: Palette size every method is asked for on photos.
PALETTE_SIZE = 8
#: Colour photos and renders shipped inside scikit-image (loader name → label).
PHOTOS: dict[str, str] = {
    "astronaut": "astronaut (portrait)",
    "chelsea": "chelsea (cat)",
    "coffee": "coffee (still life)",
    "hubble_deep_field": "hubble deep field",
    "immunohistochemistry": "immunohistochemistry (microscopy)",
    "motorcycle_left": "motorcycle (product shot)",
    "retina": "retina (medical)",
    "rocket": "rocket (launch)",
}
#: Photos and renders checked for invented layout: the colour photos above, scikit-image's
#: greyscale photos (textures, a lunar surface, coins) and its synthetic renders.
LAYOUT_PHOTOS: dict[str, str] = {
    **PHOTOS,
    "camera": "camera (greyscale portrait)",
    "moon": "moon (lunar surface)",
    "coins": "coins (greyscale)",
    "gravel": "gravel (texture)",
    "brick": "brick (texture)",
    "grass": "grass (texture)",
    "cell": "cell (microscopy)",
    "clock": "clock (motion-blurred render)",
    "colorwheel": "colour wheel (render)",
    "shepp_logan_phantom": "Shepp-Logan phantom (render)",
    "binary_blobs": "binary blobs (render)",
    "horse": "horse (silhouette)",
}
#: Document groups a photo must leave empty: the layout kinds' and typography's.
LAYOUT_GROUPS = ("spacing", "radius", "shadow", "border", "typography")
# The error is computed on every STRIDE-th pixel in each direction: a fixed, regular sample of
# a quarter of the pixels, which moves the mean by far less than the differences reported.
_STRIDE = 2


def photo_files(cache: Path, names: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the sample photos as PNG into `cache` (once) and return name → path."""
    folder = cache / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in names or PHOTOS:
        path = folder / f"{name}.png"
        if not path.exists():
            loader = getattr(data, "stereo_motorcycle" if name == "motorcycle_left" else name)
            pixels = loader()
            pixels = pixels[0] if name == "motorcycle_left" else pixels
            PILImage.fromarray(_rgb8(pixels)).save(path)
        out[name] = path
    return out


def _rgb8(pixels: NDArray[Any]) -> NDArray[np.uint8]:
    """An RGB8 copy of a sample: greyscale, binary and float renders are converted."""
    rgb = img_as_ubyte(pixels)
    if rgb.ndim == 2:
        rgb = gray2rgb(rgb)
    return np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)


def layout_token_counts(document: Mapping[str, Any]) -> dict[str, int]:
    """Tokens (leaves with a ``$value``) in each of `LAYOUT_GROUPS` of a DTCG document."""

    def leaves(node: Any) -> int:
        if not isinstance(node, Mapping):
            return 0
        if "$value" in node:
            return 1
        return sum(leaves(v) for k, v in node.items() if not k.startswith("$"))

    return {group: leaves(document.get(group)) for group in LAYOUT_GROUPS}


def _sample_lab(path: Path) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unique colours (CIELAB) of the strided sample and their pixel counts."""
    with PILImage.open(path) as img:
        rgb = np.asarray(img.convert("RGB"))[::_STRIDE, ::_STRIDE].reshape(-1, 3)
    packed = (rgb[:, 0].astype(np.int64) << 16) | (rgb[:, 1].astype(np.int64) << 8) | rgb[:, 2]
    unique, counts = np.unique(packed, return_counts=True)
    colours = np.stack([(unique >> 16) & 255, (unique >> 8) & 255, unique & 255], axis=1)
    lab = rgb2lab((colours / 255.0).reshape(-1, 1, 3)).reshape(-1, 3)
    return np.asarray(lab, dtype=np.float64), counts.astype(np.float64)


def reconstruction_error(path: Path, palette: Sequence[tuple[int, int, int]]) -> float | None:
    """Mean CIEDE2000 from the image's pixels to their nearest `palette` colour (None if empty)."""
    if not palette:
        return None
    lab, counts = _sample_lab(path)
    pal = rgb2lab((np.asarray(palette, dtype=np.float64) / 255.0).reshape(-1, 1, 3)).reshape(-1, 3)
    nearest = np.full(len(lab), np.inf)
    for colour in pal:  # one palette colour at a time keeps memory at O(unique colours)
        nearest = np.minimum(nearest, deltaE_ciede2000(lab, np.broadcast_to(colour, lab.shape)))
    return float((nearest * counts).sum() / counts.sum())
