"""The key light implied by the elevation shadows of one image: where it stands and how soft it is.

A shadow falls away from its light. A box lit from the upper left casts its shadow down and to the
right, so the offsets of the boxes' fitted shadow layers (`copy_that.extract.shadows`) point away
from the key light, and the blur next to the offset tells its softness: a small or distant light
throws a hard shadow (little blur for its offset), a large soft box throws one whose blur dwarfs
its offset.

Per box the *key layer* is the layer cast furthest from the box (the largest offset; a contact or
ambient layer sits nearly under it). The light's direction is the mean of the key layers' unit
directions, reversed, and how well the boxes agree on it is the length of that mean (1 when all
point the same way). Shadows that fall straight under their boxes (offsets under
`_OVERHEAD_OFFSET_CSS`) say the light is overhead or diffuse, and give no direction.

Only cast shadows of measured boxes are read: highlights and shading of curved objects in
photographed products are not, so photos (which have no boxes) get no estimate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from copy_that.tokens.model import JSONValue

__all__ = ["LightingEstimate", "ShadowReading", "estimate_lighting"]

# A key layer offset by less than this (CSS px) falls straight under its box: no direction.
_OVERHEAD_OFFSET_CSS = 0.5
# Boxes at which the estimate's confidence reaches 63 % (with full agreement).
_COUNT_SCALE = 3.0


@dataclass(frozen=True)
class ShadowReading:
    """One box's fitted shadow layers, each as ``(offset_x_px, offset_y_px, blur_px)`` CSS px."""

    layers: tuple[tuple[float, float, float], ...]


@dataclass(frozen=True)
class LightingEstimate:
    """The key light implied by the shadows.

    Parameters
    ----------
    azimuth_deg : float or None
        Where the light comes from, degrees clockwise from the top of the image (0: from above,
        90: from the right, 270: from the left); None when the shadows fall straight down under
        their boxes (an overhead or diffuse light).
    offset_px : tuple of 2 floats
        Mean offset ``(x, y)`` of the key layers, CSS px (y grows downwards).
    blur_px : float
        Mean blur of the key layers, CSS px.
    softness : float or None
        Blur per px of offset (0: a point light's hard shadow; large: a broad, soft light); None
        without a direction.
    agreement : float
        0–1, how closely the boxes' key layers point the same way (1 when they all do; 0 when
        the light is overhead).
    boxes : int
        Boxes the estimate is read from.
    confidence : float
        0–1, from the agreement and the number of boxes.
    """

    azimuth_deg: float | None
    offset_px: tuple[float, float]
    blur_px: float
    softness: float | None
    agreement: float
    boxes: int
    confidence: float

    def to_json(self) -> dict[str, JSONValue]:
        """The estimate as the shadow group's ``lighting`` extension."""
        return {
            "azimuthDeg": None if self.azimuth_deg is None else round(self.azimuth_deg, 1),
            "offsetPx": [round(self.offset_px[0], 2), round(self.offset_px[1], 2)],
            "blurPx": round(self.blur_px, 2),
            "softness": None if self.softness is None else round(self.softness, 2),
            "agreement": round(self.agreement, 3),
            "boxes": self.boxes,
            "confidence": round(self.confidence, 3),
        }


def _key_layer(reading: ShadowReading) -> tuple[float, float, float]:
    """The layer cast furthest from its box (ties: the wider blur)."""
    return max(reading.layers, key=lambda layer: (math.hypot(layer[0], layer[1]), layer[2]))


def estimate_lighting(readings: Sequence[ShadowReading]) -> LightingEstimate | None:
    """Estimate the key light from the shadows fitted around the boxes of one image.

    Parameters
    ----------
    readings : sequence of ShadowReading
        One per box with a fitted shadow.

    Returns
    -------
    LightingEstimate or None
        None when no box has a shadow.
    """
    keys = [_key_layer(r) for r in readings if r.layers]
    if not keys:
        return None
    count = len(keys)
    mean_x = sum(k[0] for k in keys) / count
    mean_y = sum(k[1] for k in keys) / count
    blur = sum(k[2] for k in keys) / count
    distance = math.hypot(mean_x, mean_y)
    if distance < _OVERHEAD_OFFSET_CSS:
        return LightingEstimate(None, (mean_x, mean_y), blur, None, 0.0, count, 0.0)
    # Unit directions of the offsets (a box whose shadow falls straight down counts as no vote).
    units = [
        (k[0] / length, k[1] / length)
        for k in keys
        if (length := math.hypot(k[0], k[1])) >= _OVERHEAD_OFFSET_CSS
    ]
    agreement = math.hypot(sum(u[0] for u in units), sum(u[1] for u in units)) / count
    # The light stands opposite the shadow: towards (-x, -y); clockwise from the top of the image.
    # (Adding 360 first keeps a tiny negative angle from wrapping to 360 itself.)
    azimuth = (math.degrees(math.atan2(-mean_x, mean_y)) + 360.0) % 360.0
    confidence = agreement * (1.0 - math.exp(-count / _COUNT_SCALE))
    return LightingEstimate(
        azimuth, (mean_x, mean_y), blur, blur / distance, agreement, count, confidence
    )
