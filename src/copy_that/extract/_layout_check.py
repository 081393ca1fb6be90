"""The input check every layout extractor runs first: the layout belongs to the image."""

from __future__ import annotations

from copy_that.analysis.model import Layout
from copy_that.errors import OptionsError
from copy_that.imaging import Image

__all__ = ["check_layout"]


def check_layout(image: Image, layout: Layout) -> None:
    """Refuse a layout computed from an image of another size.

    Parameters
    ----------
    image : Image
        The image an extractor was given.
    layout : Layout
        The layout it was given.

    Raises
    ------
    OptionsError
        The sizes differ (``option="layout"``).
    """
    if (layout.width_px, layout.height_px) != (image.width_px, image.height_px):
        raise OptionsError(
            f"layout is {layout.width_px}×{layout.height_px} px but the image is "
            f"{image.width_px}×{image.height_px} px; analyse this image first",
            option="layout",
        )
