"""Spacing measurements in a layout: gaps between siblings, paddings, page margins.

- *gaps*: for each element, the nearest sibling to its right that shares at least half of the
  shorter one's height (a row), and the nearest sibling below that overlaps it horizontally (a
  column); the distance between their boxes.
- *paddings*: from a box's inner edge (inside its border) to the nearest child on each side; the
  right and bottom ones only when they mirror the left and top ones (`_MIRROR_SHARE`). A label
  alone in its box with its line box about centred (`_CENTRED_SHARE`) has equal top and bottom
  paddings: each is half the box's inner height less the line box.
- *margins*: from the image edge to top-level boxes, when at least two of them start at the same
  distance from either edge (a page gutter, not a stray element).

Text boxes are ink boxes: their left and right edges are where the line box is (to about a pixel
of side bearing), but their top and bottom sit inside the line box by the half-leading and the
ascender gap. Vertical distances to text end at the text's estimated line box
(`_layout_lines`) where there is one, flagged `line_box`; otherwise at the ink, flagged
`ink_vertical` and kept apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis.model import Element, Layout
from copy_that.extract._layout_lines import LineBox
from copy_that.tokens.model import Box

__all__ = ["Gap", "GapKind", "measure_gaps"]

GapKind: TypeAlias = Literal[
    "gap-x",
    "gap-y",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "margin-left",
    "margin-right",
]

# Row neighbours share at least this share of the shorter element's height.
_ROW_OVERLAP_SHARE = 0.5
# Elements smaller than this on both sides (px) are specks, not layout.
_MIN_ELEMENT_PX = 3
# A trailing padding may differ from the leading one by this share of it (16 px top, 24 px
# bottom is a common design; 16 px left and 120 px right is content that does not stretch).
_MIRROR_SHARE = 0.5
# A gap between two pieces of text at most this share of their height is a word space (about
# a third of an em, the ink being two thirds of an em or more).
_WORD_SPACE_SHARE = 0.5
# Rows of a pairwise table of siblings built at once (a block of 256 rows by 2,000 marks is 4 MB
# per float table).
_PAIR_BLOCK_ROWS = 256
# A sibling overlapping the space between two elements by more than this many px (each way)
# blocks it; touching it (a shared 1-px rule, anti-aliasing) does not.
_OVERLAP_SLACK_PX = 1.0
# A horizontal inset more than this many times the box's inner height is centring, not padding:
# buttons and bars padded to size keep their side padding within about one to two heights.
_MAX_INSET_PER_HEIGHT = 2.0
# A box's only child, a text whose estimated line box lies within this share of its height of
# the box's middle, is a label centred by equal top and bottom paddings (a button, tab, input,
# badge). The estimate's middle is off by up to about this much: a 10 % size error moves it
# 0.035 em (0.023 of a 1.5-em line box), and the baseline is read to a third of a pixel.
_CENTRED_SHARE = 0.05
# Left edges within this many px count as one gutter.
_SAME_EDGE_PX = 1
# A gutter needs this many top-level boxes on it.
_MIN_GUTTER_BOXES = 2


@dataclass(frozen=True)
class Gap:
    """One spacing measurement.

    Parameters
    ----------
    kind : GapKind
        What was measured.
    value_px : float
        The distance in image px.
    first : int
        Id of the element the distance starts from (the container for paddings).
    second : int or None
        Id of the element it ends at (None for page margins).
    rect : Box
        The empty space measured, ``(x, y, w, h)`` in image px (for overlays and evidence).
    ink_vertical : bool
        Whether a vertical distance ends at a text box's ink (not at its line box).
    within_text : bool
        Whether it is a horizontal gap between two pieces of text no wider than half the text's
        height: a word space, not layout spacing.
    exact : bool
        Whether both ends are measured box edges (not ink, whose side bearings add about a
        pixel of slack).
    line_box : bool
        Whether a vertical distance ends at a text's estimated line box (good to about a CSS px,
        like a distance to ink).
    """

    kind: GapKind
    value_px: float
    first: int
    second: int | None
    rect: Box
    ink_vertical: bool
    exact: bool = False
    within_text: bool = False
    line_box: bool = False


def _edges(e: Element) -> tuple[float, float, float, float]:
    if e.edges_px is not None:
        return e.edges_px
    x, y, w, h = e.box
    return (float(x), float(y), float(x + w), float(y + h))


def _vertical_end(
    e: Element, side: Literal["top", "bottom"], lines: Mapping[int, LineBox]
) -> float | None:
    """Where a vertical distance ends at `e`, image px.

    Its top or bottom edge; for text, its line box's (None for text without one).
    """
    if e.kind != "text":
        return _edges(e)[1 if side == "top" else 3]
    box = lines.get(e.id)
    if box is None:
        return None
    return box.top_px if side == "top" else box.bottom_px


def _rect(x0: float, y0: float, x1: float, y1: float) -> Box:
    return (round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0)))


class _Boxes:
    """Sibling elements with their edges as one array, compared with each other all at once.

    A page of scattered marks (a star field, a texture read as text) has a thousand siblings or
    more; comparing every pair in Python took seconds. The pairwise tables are built
    `_PAIR_BLOCK_ROWS` rows at a time, so their memory stays bounded.
    """

    def __init__(self, elements: Sequence[Element]) -> None:
        # Columns: left, top, right, bottom (image px); one row per element, in their order.
        self.edges = np.array([_edges(e) for e in elements], dtype=np.float64).reshape(-1, 4)

    def neighbours(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Per element, its nearest sibling to the right in its row and below it.

        Indices of the nearest sibling to the right sharing the row, and of the nearest one below
        overlapping it horizontally (the first of equals); -1 for none.
        """
        count = len(self.edges)
        left, top, right, bottom = self.edges.T
        right_of = np.full(count, -1, dtype=np.intp)
        below_of = np.full(count, -1, dtype=np.intp)
        for start in range(0, count, _PAIR_BLOCK_ROWS):
            rows = self.edges[start : start + _PAIR_BLOCK_ROWS]
            al, at, ar, ab = (rows[:, k : k + 1] for k in range(4))
            other = np.arange(count)[None, :] != np.arange(start, start + len(rows))[:, None]
            overlap_y = np.minimum(ab, bottom) - np.maximum(at, top)
            overlap_x = np.minimum(ar, right) - np.maximum(al, left)
            shorter = np.minimum(ab - at, bottom - top)
            in_row = other & (left >= ar) & (overlap_y >= _ROW_OVERLAP_SHARE * shorter)
            below = other & (top >= ab) & (overlap_x > 0)
            right_of[start : start + len(rows)] = _nearest(left - ar, in_row)
            below_of[start : start + len(rows)] = _nearest(top - ab, below)
        return right_of, below_of

    def blocked(self, spans: NDArray[np.float64], ends: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Per span (left, top, right, bottom), whether a sibling other than its `ends` reaches in.

        `ends` holds each span's two sibling indices. A space something reaches into is not
        empty: its two ends are not neighbours (the rows of a ruled table overlap by their shared
        rule, so the row after next would otherwise read as the nearest one below).
        """
        left, top, right, bottom = self.edges.T
        out = np.zeros(len(spans), dtype=bool)
        for start in range(0, len(spans), _PAIR_BLOCK_ROWS):
            rows = spans[start : start + _PAIR_BLOCK_ROWS]
            pair = ends[start : start + _PAIR_BLOCK_ROWS]
            x0, y0, x1, y1 = (rows[:, k : k + 1] for k in range(4))
            column = np.arange(len(self.edges))[None, :]
            reaching = (
                (np.minimum(x1, right) - np.maximum(x0, left) > _OVERLAP_SLACK_PX)
                & (np.minimum(y1, bottom) - np.maximum(y0, top) > _OVERLAP_SLACK_PX)
                & (column != pair[:, :1])
                & (column != pair[:, 1:])
            )
            out[start : start + len(rows)] = reaching.any(axis=1)
        return out


def _nearest(distance: NDArray[np.float64], candidate: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Per row, the column of the smallest candidate distance (the first of equals), or -1."""
    best = np.where(candidate, distance, np.inf).argmin(axis=1)
    return np.where(candidate.any(axis=1), best, -1)


def _sibling_gaps(siblings: list[Element], lines: Mapping[int, LineBox]) -> list[Gap]:
    if len(siblings) < 2:
        return []
    boxes = _Boxes(siblings)
    edges = boxes.edges
    right_of, below_of = boxes.neighbours()
    # Candidate gaps in the order they are reported (each element's right one, then its lower
    # one): the element, its neighbour, whether horizontal, the empty span between them.
    candidates: list[tuple[int, int, bool, tuple[float, float, float, float]]] = []
    for i in range(len(siblings)):
        al, at, ar, ab = edges[i].tolist()
        if right_of[i] >= 0:
            bl, bt, _, bb = edges[right_of[i]].tolist()
            candidates.append((i, int(right_of[i]), True, (ar, max(at, bt), bl, min(ab, bb))))
        if below_of[i] >= 0:
            bl, bt, br, _ = edges[below_of[i]].tolist()
            candidates.append((i, int(below_of[i]), False, (max(al, bl), ab, min(ar, br), bt)))
    spans = np.array([c[3] for c in candidates], dtype=np.float64).reshape(-1, 4)
    ends = np.array([c[:2] for c in candidates], dtype=np.intp).reshape(-1, 2)
    blocked = boxes.blocked(spans, ends).tolist()
    gaps: list[Gap] = []
    for (i, j, horizontal, span), closed in zip(candidates, blocked, strict=True):
        a, b = siblings[i], siblings[j]
        x0, y0, x1, y1 = span
        distance = x1 - x0 if horizontal else y1 - y0
        if distance <= 0 or closed:
            continue
        kind: GapKind
        if horizontal:
            kind, value, ink_vertical, line_box = "gap-x", distance, False, False
            within_text = (
                a.kind == "text"
                and b.kind == "text"
                and distance <= _WORD_SPACE_SHARE * max(a.box[3], b.box[3])
            )
        else:
            texty = a.kind == "text" or b.kind == "text"
            upper = _vertical_end(a, "bottom", lines)
            lower = _vertical_end(b, "top", lines)
            line_box = texty and upper is not None and lower is not None
            value = lower - upper if upper is not None and lower is not None else distance
            if value <= 0:
                continue
            kind, ink_vertical, within_text = "gap-y", texty and not line_box, False
        gaps.append(
            Gap(
                kind=kind,
                value_px=value,
                first=a.id,
                second=b.id,
                rect=_rect(*span),
                ink_vertical=ink_vertical,
                exact=a.is_box and b.is_box,
                within_text=within_text,
                line_box=line_box,
            )
        )
    return gaps


def _mirrors(trailing: float, leading: float | None) -> bool:
    """Whether a trailing padding (right, bottom) repeats the leading one within tolerance."""
    return leading is not None and abs(trailing - leading) <= max(1.0, _MIRROR_SHARE * leading)


def _full_width_mirrored(box: Element, pad_left: float, pad_right: float) -> bool:
    """Whether a box spans the image's width with equal content insets on both sides.

    The image edge is then the page's edge (a full-width header or footer), not a crop through
    the box: a crop would hardly leave the same distance on both sides.
    """
    return (
        box.clipped[1]
        and box.clipped[3]
        and pad_left > 0
        and abs(pad_left - pad_right) <= _SAME_EDGE_PX
    )


def _centred_label(
    box: Element,
    children: list[Element],
    top_end: float | None,
    bottom_end: float | None,
    pad_top: float,
    pad_bottom: float,
) -> bool:
    """Whether a box holds one text whose line box is centred in it (`_CENTRED_SHARE`)."""
    if len(children) != 1 or children[0].kind != "text" or box.clipped[0] or box.clipped[2]:
        return False
    if top_end is None or bottom_end is None:
        return False
    return abs(pad_top - pad_bottom) <= 2.0 * _CENTRED_SHARE * (bottom_end - top_end)


def _paddings(box: Element, children: list[Element], lines: Mapping[int, LineBox]) -> list[Gap]:
    left, top, right, bottom = _edges(box)
    bt, br, bb, bl = box.border_px
    inner = (left + bl, top + bt, right - br, bottom - bb)
    first = min(children, key=lambda c: _edges(c)[0])
    upper = min(children, key=lambda c: _edges(c)[1])
    last = max(children, key=lambda c: _edges(c)[2])
    lower = max(children, key=lambda c: _edges(c)[3])
    f, u, la, lo = _edges(first), _edges(upper), _edges(last), _edges(lower)
    pad_left, pad_right = f[0] - inner[0], inner[2] - la[2]
    # Vertical paddings to text end at its line box where one was estimated, else at its ink.
    upper_end, lower_end = _vertical_end(upper, "top", lines), _vertical_end(lower, "bottom", lines)
    upper_ink, lower_ink = upper_end is None, lower_end is None
    pad_top = (u[1] if upper_end is None else upper_end) - inner[1]
    pad_bottom = inner[3] - (lo[3] if lower_end is None else lower_end)
    if _centred_label(box, children, upper_end, lower_end, pad_top, pad_bottom):
        # Each padding is half the space the line box leaves: the estimate's middle error
        # (which moves one padding up and the other down by as much) cancels.
        pad_top = pad_bottom = (pad_top + pad_bottom) / 2.0
    leading_x = pad_left if not box.clipped[3] and pad_left > 0 else None
    leading_y = pad_top if not box.clipped[0] and pad_top > 0 else None
    full_width = _full_width_mirrored(box, pad_left, pad_right)
    if full_width:
        leading_x = pad_left
    if pad_left > _MAX_INSET_PER_HEIGHT * (inner[3] - inner[1]):
        # Content this far in from the side of a short box is centred in a stretched box (a
        # full-width button), not held off the edge by a padding.
        leading_x = None
    out: list[Gap] = []
    if leading_x is not None:
        rect = _rect(inner[0], f[1], f[0], f[3])
        out.append(Gap("padding-left", pad_left, box.id, first.id, rect, False, first.is_box))
    if leading_y is not None:
        rect = _rect(u[0], inner[1], u[2], u[1])
        to_line = upper.kind == "text" and not upper_ink
        out.append(
            Gap(
                "padding-top",
                pad_top,
                box.id,
                upper.id,
                rect,
                upper_ink,
                upper.is_box,
                line_box=to_line,
            )
        )
    # Content rarely fills a box to its far edges (ragged text, a button that does not stretch):
    # a trailing distance counts as padding only when it mirrors the leading one.
    if (not box.clipped[1] or full_width) and (pad_right > 0 and _mirrors(pad_right, leading_x)):
        rect = _rect(la[2], la[1], inner[2], la[3])
        out.append(Gap("padding-right", pad_right, box.id, last.id, rect, False, last.is_box))
    if not box.clipped[2] and pad_bottom > 0 and _mirrors(pad_bottom, leading_y):
        rect = _rect(lo[0], lo[3], lo[2], inner[3])
        to_line = lower.kind == "text" and not lower_ink
        out.append(
            Gap(
                "padding-bottom",
                pad_bottom,
                box.id,
                lower.id,
                rect,
                lower_ink,
                lower.is_box,
                line_box=to_line,
            )
        )
    return out


def _margins(layout: Layout) -> list[Gap]:
    roots = [e for e in layout.roots() if e.is_box]
    boxes = _Boxes(roots)
    index = {e.id: i for i, e in enumerate(roots)}
    out: list[Gap] = []
    width = float(layout.width_px)

    def outermost(e: Element, x0: float, x1: float) -> bool:
        # Only the box nearest the edge in its band stands at the page's gutter.
        _, top, _, bottom = _edges(e)
        span = np.array([[x0, top, x1, bottom]])
        return not boxes.blocked(span, np.array([[index[e.id]] * 2]))[0]

    lefts = [
        (_edges(e)[0], e) for e in roots if not e.clipped[3] and outermost(e, 0.0, _edges(e)[0])
    ]
    rights = [
        (width - _edges(e)[2], e)
        for e in roots
        if not e.clipped[1] and outermost(e, _edges(e)[2], width)
    ]
    # Page gutters are usually symmetric: a box on each side at one distance is a gutter too.
    # One centred box is equally far from both edges without any gutter: count boxes, not sides.
    every = lefts + rights
    for kind, found in (("margin-left", lefts), ("margin-right", rights)):
        for value, e in found:
            same = {b.id for v, b in every if abs(v - value) <= _SAME_EDGE_PX}
            if value < 1 or len(same) < _MIN_GUTTER_BOXES:
                continue
            left, top, right, bottom = _edges(e)
            if kind == "margin-left":
                out.append(
                    Gap("margin-left", value, e.id, None, _rect(0, top, left, bottom), False, True)
                )
            else:
                rect = _rect(right, top, layout.width_px, bottom)
                out.append(Gap("margin-right", value, e.id, None, rect, False, True))
    return out


def measure_gaps(layout: Layout, lines: Mapping[int, LineBox] | None = None) -> list[Gap]:
    """Every spacing measurement in a layout.

    Parameters
    ----------
    layout : Layout
        The analysed layout.
    lines : mapping of int to LineBox, optional
        Estimated line boxes of text elements (`_layout_lines.line_boxes`), by element id;
        vertical distances to text without one end at its ink.

    Returns
    -------
    list of Gap
        Gaps, paddings and margins, in image px.
    """
    usable = [e for e in layout.elements if max(e.box[2], e.box[3]) >= _MIN_ELEMENT_PX]
    by_parent: dict[int | None, list[Element]] = {}
    for e in usable:
        by_parent.setdefault(e.parent, []).append(e)
    gaps: list[Gap] = []
    for parent, siblings in by_parent.items():
        gaps.extend(_sibling_gaps(siblings, lines or {}))
        if parent is not None and layout.elements[parent].is_box:
            gaps.extend(_paddings(layout.elements[parent], siblings, lines or {}))
    gaps.extend(_margins(layout))
    return gaps
