"""Paragraph structure: line height from baseline spacing, and text alignment.

Two lines belong to one paragraph when they are consecutive in the same style, overlap
horizontally, and their baselines are one to three font sizes apart with no other line between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from copy_that.analysis.model import Element
from copy_that.tokens.model import Box

__all__ = ["Alignment", "LineGeometry", "alignments", "baseline_pitches"]

Alignment: TypeAlias = Literal["left", "center", "right", "justify"]

# Baselines of consecutive paragraph lines lie this many font sizes apart (CSS line-height
# 0.9–3; tighter or looser sets are separate blocks).
_MIN_PITCH_EM = 0.9
_MAX_PITCH_EM = 3.0
# Edges within this many px (or this share of the font size) are aligned.
_EDGE_TOLERANCE_PX = 2.0
_EDGE_TOLERANCE_EM = 0.25


@dataclass(frozen=True)
class LineGeometry:
    """Where a measured line sits: its ink box, baseline and font size in image px, its style."""

    box: Box
    baseline_y: float
    em_px: float
    style: int


def baseline_pitches(lines: Sequence[LineGeometry]) -> list[tuple[int, int, float]]:
    """Pairs of consecutive paragraph lines and their baseline distance over font size.

    Returns
    -------
    list of (int, int, float)
        ``(upper, lower, ratio)`` with line indices into `lines`.
    """
    order = sorted(range(len(lines)), key=lambda i: lines[i].baseline_y)
    pairs: list[tuple[int, int, float]] = []
    for pos, i in enumerate(order):
        upper = lines[i]
        for j in order[pos + 1 :]:
            lower = lines[j]
            pitch = lower.baseline_y - upper.baseline_y
            if pitch > _MAX_PITCH_EM * upper.em_px:
                break
            if not _overlap(upper.box, lower.box):
                continue
            em = (upper.em_px + lower.em_px) / 2.0
            if lower.style == upper.style and pitch >= _MIN_PITCH_EM * em:
                pairs.append((i, j, pitch / em))
            # The first line below that overlaps ends the search, paired or not.
            break
    return pairs


def alignments(
    lines: Sequence[LineGeometry],
    pairs: Sequence[tuple[int, int, float]],
    elements: Sequence[Element],
) -> list[Alignment | None]:
    """Alignment of each line: from its paragraph's edges, else from its container's padding.

    Parameters
    ----------
    lines : sequence of LineGeometry
        The measured lines.
    pairs : sequence of (int, int, float)
        Paragraph neighbours from `baseline_pitches`.
    elements : sequence of Element
        Layout elements, for lines alone in their container.

    Returns
    -------
    list of Alignment or None
        None where neither a paragraph nor a container shows it.
    """
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in pairs:
        parent[find(j)] = find(i)
    blocks: dict[int, list[int]] = {}
    for i in range(len(lines)):
        blocks.setdefault(find(i), []).append(i)
    result: list[Alignment | None] = [None] * len(lines)
    for members in blocks.values():
        if len(members) >= 2:
            found = _block_alignment([lines[i] for i in members])
        else:
            found = _container_alignment(lines[members[0]], elements)
        for i in members:
            result[i] = found
    return result


def _overlap(a: Box, b: Box) -> bool:
    left = max(a[0], b[0])
    right = min(a[0] + a[2], b[0] + b[2])
    return right - left >= 0.3 * min(a[2], b[2])


def _block_alignment(block: list[LineGeometry]) -> Alignment | None:
    block = sorted(block, key=lambda g: g.baseline_y)
    em = sum(g.em_px for g in block) / len(block)
    tolerance = max(_EDGE_TOLERANCE_PX, _EDGE_TOLERANCE_EM * em)

    def aligned(values: list[float]) -> bool:
        return max(values) - min(values) <= tolerance

    lefts = [float(g.box[0]) for g in block]
    rights = [float(g.box[0] + g.box[2]) for g in block]
    centres = [g.box[0] + g.box[2] / 2.0 for g in block]
    # The last line of a justified paragraph is set ragged.
    if len(block) >= 3 and aligned(lefts) and aligned(rights[:-1]):
        return "justify"
    if aligned(lefts):
        return "left"
    if aligned(rights):
        return "right"
    if aligned(centres):
        return "center"
    return None


def _container_alignment(line: LineGeometry, elements: Sequence[Element]) -> Alignment | None:
    x, y, w, h = line.box
    holders = [
        e
        for e in elements
        if e.box[0] <= x
        and e.box[1] <= y
        and e.box[0] + e.box[2] >= x + w
        and e.box[1] + e.box[3] >= y + h
        and e.kind != "text"
    ]
    if not holders:
        return None
    box = min(holders, key=lambda e: e.box[2] * e.box[3]).box
    left_gap = x - box[0]
    right_gap = box[0] + box[2] - (x + w)
    tolerance = max(_EDGE_TOLERANCE_PX, _EDGE_TOLERANCE_EM * line.em_px)
    if abs(left_gap - right_gap) <= tolerance:
        return "center"
    return "left" if left_gap < right_gap else "right"
