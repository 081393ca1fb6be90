"""Hand-built box fits for tests of the analysis steps that take `BoxFit`s."""

from __future__ import annotations

import numpy as np

from copy_that.analysis._boxes import BoxFit
from copy_that.analysis._shapes import RegionShape


def rect_fit(
    edges: tuple[float, float, float, float],
    *,
    fill: tuple[float, float, float] = (0.0, 0.0, 0.0),
    area_px: int = 0,
    label: int = 1,
    border_color: tuple[float, float, float] | None = None,
) -> BoxFit:
    """A measured, uniformly filled rectangle with `edges` ``(left, top, right, bottom)``."""
    empty = np.zeros(0, dtype=np.intp)
    left, top, right, bottom = edges
    shape = RegionShape(
        label=label,
        bbox=(int(left), int(top), max(1, int(right - left)), max(1, int(bottom - top))),
        kind="rect",
        straight=(empty, empty, empty, empty),
        outline_share=1.0,
        touches=(False, False, False, False),
    )
    return BoxFit(
        shape=shape,
        edges=edges,
        border_px=(0, 0, 0, 0),
        border_color=border_color,
        fill=fill,
        uniform=True,
        outside=None,
        contrast=50.0,
        measured=(True, True, True, True),
        parent_label=0,
        area_px=area_px,
    )
