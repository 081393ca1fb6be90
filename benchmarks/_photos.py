"""Photos and renders without ground truth: palette reconstruction error at a fixed palette size.

The photos are scikit-image's bundled samples (``skimage.data``; nothing is downloaded). The error
of a palette is the mean CIEDE2000 from each pixel to its nearest palette colour: lower means the
palette represents the image better.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from skimage import data
from skimage.color import deltaE_ciede2000, rgb2lab

__all__ = ["PALETTE_SIZE", "PHOTOS", "photo_files", "reconstruction_error"]

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
            PILImage.fromarray(np.asarray(pixels, dtype=np.uint8)[..., :3]).save(path)
        out[name] = path
    return out


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
