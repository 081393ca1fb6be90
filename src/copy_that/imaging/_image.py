"""The decoded image every analysis and extractor works on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging._colorspace import oklab_from_srgb8

__all__ = ["Image"]


@dataclass(frozen=True, eq=False)
class Image:
    """An sRGB image with alpha, decoded, EXIF-oriented and colour-managed.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB code values, indexed ``[row, col]``. For transparent pixels the values carry no
        colour evidence (weight them by `alpha`).
    alpha : ndarray of shape (H, W), dtype uint8
        Opacity, 0 transparent to 255 opaque.
    id : str
        Content hash of the source bytes (first 16 hex digits of SHA-256): the same file always
        gets the same id, which tokens cite as their source.
    name : str or None
        The file name or label the caller gave, for messages and reports.
    source_format : str
        The decoder's format name (``"PNG"``, ``"JPEG"``, ``"HEIF"`` …).
    icc_profile : str or None
        Description of the embedded ICC profile the pixels were converted from, or None when the
        file carried none (pixels then taken as sRGB).
    """

    rgb: NDArray[np.uint8]
    alpha: NDArray[np.uint8]
    id: str
    name: str | None = None
    source_format: str = "RAW"
    icc_profile: str | None = None
    # Composites over grey levels (`over`): callers reading the image line by line share one.
    _composites: dict[int, NDArray[np.uint8]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.rgb.dtype != np.uint8 or self.rgb.ndim != 3 or self.rgb.shape[2] != 3:
            raise ValueError(
                f"rgb must be a (H, W, 3) uint8 array, got {self.rgb.shape} {self.rgb.dtype}"
            )
        if self.alpha.dtype != np.uint8 or self.alpha.shape != self.rgb.shape[:2]:
            raise ValueError(
                f"alpha must be a (H, W) uint8 array matching rgb, got {self.alpha.shape}"
            )

    @classmethod
    def from_array(
        cls,
        rgb: NDArray[np.uint8],
        *,
        alpha: NDArray[np.uint8] | None = None,
        name: str | None = None,
    ) -> Image:
        """Wrap an in-memory sRGB array (tests, renderers) as an `Image`.

        Parameters
        ----------
        rgb : ndarray of shape (H, W, 3), dtype uint8
            sRGB code values.
        alpha : ndarray of shape (H, W), dtype uint8, optional
            Opacity; fully opaque when omitted.
        name : str, optional
            A label for reports.
        """
        rgb = np.ascontiguousarray(rgb)
        if alpha is None:
            alpha = np.full(rgb.shape[:2], 255, dtype=np.uint8)
        digest = hashlib.sha256(rgb.tobytes() + np.ascontiguousarray(alpha).tobytes()).hexdigest()
        return cls(rgb=rgb, alpha=np.ascontiguousarray(alpha), id=digest[:16], name=name)

    @property
    def height_px(self) -> int:
        """Height in image pixels."""
        return int(self.rgb.shape[0])

    @property
    def width_px(self) -> int:
        """Width in image pixels."""
        return int(self.rgb.shape[1])

    @property
    def pixel_count(self) -> int:
        """Number of pixels, ``width_px * height_px``."""
        return self.width_px * self.height_px

    @cached_property
    def has_transparency(self) -> bool:
        """Whether any pixel is less than fully opaque."""
        return bool((self.alpha < 255).any())

    def over(self, level: int) -> NDArray[np.uint8]:
        """The colours with transparent parts composited over a grey level, computed once per level.

        Parameters
        ----------
        level : int
            sRGB code value 0–255 of the grey behind the image (255: a white page).

        Returns
        -------
        ndarray of shape (H, W, 3), dtype uint8
            `rgb` itself when every pixel is opaque.
        """
        if not self.has_transparency:
            return self.rgb
        composite = self._composites.get(level)
        if composite is None:
            alpha = self.alpha.astype(np.float32)[..., None] / 255.0
            mixed = self.rgb.astype(np.float32) * alpha + float(level) * (1.0 - alpha)
            composite = np.asarray(np.clip(mixed + 0.5, 0, 255), dtype=np.uint8)
            self._composites[level] = composite
        return composite

    @cached_property
    def oklab(self) -> NDArray[np.float32]:
        """OKLab of every pixel, shape (H, W, 3), dtype float32; computed once on first use."""
        oklab: NDArray[np.float32] = oklab_from_srgb8(self.rgb)
        return oklab
