"""Where palette colours are in the image: boxes and points, edge coverage, text-on-paper pairs.

Palette colours are looked up by their exact member keys through a sorted lookup table, so every
question is answered from the row runs and the image edge without touching all pixels again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.extract._color_runs import INVALID_KEY, Runs
from copy_that.imaging import Image, pack_rgb
from copy_that.tokens.model import Box

__all__ = ["Lookup", "Placement", "edge_shares", "locate", "text_pairs"]

# Evidence lists stay short enough to read: this many sample points per colour.
_MAX_POINTS = 8
# Runs shorter than this are too small to be worth pointing at when longer ones exist.
_MIN_POINT_RUN_PX = 2
# A text/paper pair needs this many stroke pixels to be reported.
_MIN_PAIR_PX = 12


class Lookup:
    """Maps colours of an image's histogram to palette indices.

    Parameters
    ----------
    colors : ndarray of shape (U,), dtype uint32
        The image's sorted colour keys (`RunAnalysis.colors`).
    members : sequence of ndarray of uint32
        For each palette colour, the keys (a subset of `colors`) that belong to it.
    """

    def __init__(self, colors: NDArray[np.uint32], members: Sequence[NDArray[np.uint32]]) -> None:
        self._colors = colors
        self._by_slot = np.full(colors.size, -1, dtype=np.intp)
        for index, keys in enumerate(members):
            slots = np.minimum(np.searchsorted(colors, keys), max(colors.size - 1, 0))
            found = slots[colors[slots] == keys] if colors.size else slots[:0]
            self._by_slot[found] = index
        self.size = len(members)

    def of_slots(self, slots: NDArray[np.intp]) -> NDArray[np.intp]:
        """Palette index for indices into `colors` (−1 stays −1)."""
        return np.where(slots >= 0, self._by_slot[slots], -1)

    def __call__(self, keys: NDArray[np.uint32]) -> NDArray[np.intp]:
        """Palette index of each key, −1 for keys in no palette colour."""
        if self._colors.size == 0:
            return np.full(keys.shape, -1, dtype=np.intp)
        slots = np.minimum(np.searchsorted(self._colors, keys), self._colors.size - 1)
        return np.where(self._colors[slots] == keys, self._by_slot[slots], -1)


@dataclass(frozen=True)
class Placement:
    """Where one palette colour was seen: its bounding box and sample points (image px)."""

    boxes: tuple[Box, ...]
    points: tuple[tuple[int, int], ...]


def locate(rows: Runs, row_slots: NDArray[np.intp], lookup: Lookup) -> list[Placement]:
    """Bounding box and up to eight sample points of each palette colour, from its flat runs.

    Points are the centres of the colour's longest non-transition runs, one per row at most,
    so they land inside its areas, lines and strokes. `row_slots` gives each run's index into
    the image's colours (`RunAnalysis.row_slots`).
    """
    index = lookup.of_slots(row_slots)
    keep = np.flatnonzero((index >= 0) & ~rows.transition)
    placements = []
    order = keep[
        np.lexsort((rows.offsets[keep], rows.lines[keep], -rows.lengths[keep], index[keep]))
    ]
    groups = np.searchsorted(index[order], np.arange(lookup.size + 1))
    for i in range(lookup.size):
        runs = order[groups[i] : groups[i + 1]]
        if runs.size == 0:
            placements.append(Placement(boxes=(), points=()))
            continue
        x0 = int(rows.offsets[runs].min())
        x1 = int((rows.offsets[runs] + rows.lengths[runs]).max())
        y0 = int(rows.lines[runs].min())
        y1 = int(rows.lines[runs].max()) + 1
        long_runs = runs[rows.lengths[runs] >= _MIN_POINT_RUN_PX]
        chosen = long_runs if long_runs.size else runs
        _, first_per_row = np.unique(rows.lines[chosen], return_index=True)
        picks = chosen[np.sort(first_per_row)]
        picks = picks[np.argsort(-rows.lengths[picks], kind="stable")][:_MAX_POINTS]
        points = tuple(
            (int(rows.offsets[r] + rows.lengths[r] // 2), int(rows.lines[r])) for r in picks
        )
        placements.append(Placement(boxes=((x0, y0, x1 - x0, y1 - y0),), points=points))
    return placements


def edge_shares(image: Image, lookup: Lookup) -> NDArray[np.float64]:
    """Fraction of the image's edge pixels (opaque ones) in each palette colour, shape (K,)."""
    rgb, alpha = image.rgb, image.alpha
    edge_rgb = np.concatenate([rgb[0], rgb[-1], rgb[1:-1, 0], rgb[1:-1, -1]])
    edge_alpha = np.concatenate([alpha[0], alpha[-1], alpha[1:-1, 0], alpha[1:-1, -1]])
    index = lookup(pack_rgb(edge_rgb[edge_alpha >= 128]))
    total = max(int(np.count_nonzero(edge_alpha >= 128)), 1)
    counts = np.bincount(index[index >= 0], minlength=lookup.size)
    shares: NDArray[np.float64] = counts / total
    return shares


def text_pairs(
    rows: Runs, row_slots: NDArray[np.intp], text_ink: NDArray[np.bool_], lookup: Lookup
) -> dict[tuple[int, int], int]:
    """Stroke pixels of each palette colour written on another one, from text-ink runs.

    Returns
    -------
    dict of (text index, paper index) to int
        Pairs with at least twelve pixels of ink.
    """
    ink = np.flatnonzero(text_ink & (rows.paper != INVALID_KEY))
    text = lookup.of_slots(row_slots[ink])
    paper = lookup(rows.paper[ink])
    good = (text >= 0) & (paper >= 0) & (text != paper)
    size = max(lookup.size, 1)
    counts = np.bincount(
        text[good] * size + paper[good], weights=rows.lengths[ink][good], minlength=size * size
    )
    found = np.flatnonzero(counts >= _MIN_PAIR_PX)
    return {(int(f // size), int(f % size)): int(counts[f]) for f in found}
