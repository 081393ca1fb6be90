"""Page areas a thin outline encloses that JPEG left gaps in: a light-bordered card's inside.

On JPEGs the edges come from dominant-colour indices (`_edges`). A one-pixel border a few tens of
code values off a white page is an edge along the card's sides, but around a rounded corner its
anti-aliased arc is lighter, and where an arc pixel and its neighbours snap to the page's colour
the edge has a gap. The card's inside, of the page's own colour, then joins the page region
through that gap and is no region of its own (a `#e9e9e9` border at a 12-px radius on white,
quality 75). The gaps are a pixel or two wide: opening the page region by a 3×3 square cuts them,
and the areas the opening separates from the image's rim, card-sized and filling most of their
box, become regions of their own. `_boxes` then reads them like any other fill (here: the page's
colour inside a thin border, an outline-only box).

Lossless images need none of this: their edge map keeps every step of the threshold.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from copy_that.analysis._components import components
from copy_that.analysis._edges import FlatRegions

__all__ = ["split_enclosed"]

# Smallest area read as a card, px (as `_halo_fills`): well above glyph counters and the gaps
# between words, which the page's colour also fills.
_MIN_AREA_PX = 400
# An area fills at least this share of its box (a card's inside; its text takes the rest).
_MIN_FILL_SHARE = 0.5
# Opening by this square cuts necks of up to two px between an area and the rest of the page.
_OPEN_KERNEL = np.ones((3, 3), dtype=np.uint8)


def split_enclosed(regions: FlatRegions, background: int | None) -> FlatRegions:
    """Give the page areas a gapped outline encloses regions of their own (module docstring).

    Parameters
    ----------
    regions : FlatRegions
        Flat regions of a noisy (JPEG) image.
    background : int or None
        Region id of the page background (None: nothing to split).

    Returns
    -------
    FlatRegions
        The regions, each enclosed area relabelled with a new id (its pixels taken from the
        background, its colour the background's); `regions` itself when there is none.
    """
    if background is None:
        return regions
    labels = regions.labels
    height, width = labels.shape
    page = np.asarray(labels == background, dtype=np.uint8)
    opened = np.asarray(cv2.morphologyEx(page, cv2.MORPH_OPEN, _OPEN_KERNEL), dtype=np.uint8)
    count, areas, stats, _ = components(opened, 4)
    new_labels = labels
    region_stats = regions.stats.copy()
    added: list[tuple[int, int, int, int, int]] = []
    for index in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[index])
        inner = x > 0 and y > 0 and x + w < width and y + h < height
        if not inner or area < _MIN_AREA_PX or area < _MIN_FILL_SHARE * w * h:
            continue
        if not added:
            new_labels = labels.copy()
        inside = areas[y : y + h, x : x + w] == index
        new_labels[y : y + h, x : x + w][inside] = regions.count + len(added)
        region_stats[background, 4] -= area
        added.append((x, y, w, h, area))
    if not added:
        return regions
    colours = np.repeat(regions.colors[background : background + 1], len(added), axis=0)
    return dataclasses.replace(
        regions,
        labels=new_labels,
        stats=np.concatenate([region_stats, np.array(added, dtype=np.int32)], axis=0),
        colors=np.concatenate([regions.colors, colours]),
    )
