"""The containment tree: measured boxes and ink blobs become `Element`s with parents and children.

Boxes nest by their measured edges (the smallest box around a box is its parent); ink belongs to
the box it was found in. Lines of text stacked as a paragraph (same owner, aligned left or
centred, the gap between them no more than about a glyph height) become one text element, so the
leading inside a paragraph is never mistaken for spacing. Element ids follow a depth-first walk
in reading order, so a parent's id is always smaller than its children's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from copy_that.analysis._boxes import BoxFit
from copy_that.analysis._ink import InkBlob
from copy_that.analysis._kinds import BoxFacts, InkFacts, box_kind, ink_kind
from copy_that.analysis.model import Element, ElementKind

__all__ = ["build_elements"]

# Lines join a paragraph when the gap between them is at most this many glyph heights …
_PARAGRAPH_GAP_PER_GLYPH = 1.2
# … their glyph heights differ by at most this ratio …
_PARAGRAPH_GLYPH_RATIO = 1.25
# … and their left edges (or centres) are within this many glyph heights.
_PARAGRAPH_ALIGN_PER_GLYPH = 0.6
# Box edges may overshoot a parent's edge by this much, px (sub-pixel measurement noise).
_CONTAIN_SLACK_PX = 0.5
# A pill this close to square (px) is a circle (an avatar, a dot).
_SQUARE_SLACK_PX = 2
# Fill and outside this close (largest channel difference) are one colour (an outlined input).
_SAME_COLOUR = 8.0
# Ink of these kinds whose outline is box-shaped becomes a box element (see `_Node.shaped_fill`);
# text never does (a word's outline can look like a pill).
_SHAPED_INK_KINDS = frozenset({"icon", "image"})
# Contrast (largest channel difference) at which an element counts as fully separated.
_FULL_CONTRAST = 48.0


@dataclass
class _Node:
    box: tuple[int, int, int, int]
    kind: ElementKind
    fit: BoxFit | None
    owner: int  # index into the fits for ink, -1 for the page
    confidence: float
    parent: int | None = None
    # Ink whose outline is a box (a switch, a round avatar): its solid colour, read as a fill.
    shaped_fill: tuple[float, float, float] | None = None


def _srgb8(color: Sequence[float] | None) -> tuple[int, int, int] | None:
    if color is None:
        return None
    r, g, b = (int(min(255, max(0, round(c)))) for c in color)
    return (r, g, b)


def _fill(node: _Node) -> tuple[int, int, int] | None:
    """A box's uniform fill, or the solid colour of box-shaped ink."""
    if node.fit is not None:
        return _srgb8(node.fit.fill) if node.fit.uniform else None
    return _srgb8(node.shaped_fill)


def _edges_px(node: _Node) -> tuple[float, float, float, float] | None:
    """A box's measured edges, box-shaped ink's pixel bounds, or None for other ink.

    Corners and distances are measured on box-shaped ink as on a box.
    """
    if node.fit is not None:
        return node.fit.edges
    if node.shaped_fill is None:
        return None
    x, y, w, h = node.box
    return (float(x), float(y), float(x + w), float(y + h))


def _paragraphs(
    blobs: list[InkBlob], kinds: list[ElementKind]
) -> list[tuple[tuple[InkBlob, ...], ElementKind]]:
    """Group text blobs into paragraphs (kind text); every other blob stays alone."""
    groups: list[list[InkBlob]] = []
    texts = sorted(
        (b for b, k in zip(blobs, kinds, strict=True) if k == "text"), key=lambda b: b.box[1]
    )
    for blob in texts:
        x, y, w, _ = blob.box
        joined = False
        for group in groups:
            last = group[-1]
            lx, ly, lw, lh = last.box
            glyph = max(blob.piece_height_px, last.piece_height_px)
            ratio = glyph / max(1.0, min(blob.piece_height_px, last.piece_height_px))
            gap = y - (ly + lh)
            aligned = (
                abs(x - lx) <= _PARAGRAPH_ALIGN_PER_GLYPH * glyph
                or abs((x + w / 2) - (lx + lw / 2)) <= _PARAGRAPH_ALIGN_PER_GLYPH * glyph
            )
            if (
                last.owner == blob.owner
                and 0 <= gap <= _PARAGRAPH_GAP_PER_GLYPH * glyph
                and ratio <= _PARAGRAPH_GLYPH_RATIO
                and aligned
            ):
                group.append(blob)
                joined = True
                break
        if not joined:
            groups.append([blob])
    texts_out: list[tuple[tuple[InkBlob, ...], ElementKind]] = [(tuple(g), "text") for g in groups]
    others: list[tuple[tuple[InkBlob, ...], ElementKind]] = [
        ((b,), k) for b, k in zip(blobs, kinds, strict=True) if k != "text"
    ]
    return texts_out + others


def _merge(group: tuple[InkBlob, ...]) -> tuple[int, int, int, int]:
    x0 = min(b.box[0] for b in group)
    y0 = min(b.box[1] for b in group)
    x1 = max(b.box[0] + b.box[2] for b in group)
    y1 = max(b.box[1] + b.box[3] for b in group)
    return (x0, y0, x1 - x0, y1 - y0)


def _box_parent(i: int, fits: list[BoxFit]) -> int | None:
    left, top, right, bottom = fits[i].edges
    best: int | None = None
    best_area = float("inf")
    for j, other in enumerate(fits):
        if j == i:
            continue
        ol, ot, orr, ob = other.edges
        area = (orr - ol) * (ob - ot)
        if (
            ol <= left + _CONTAIN_SLACK_PX
            and ot <= top + _CONTAIN_SLACK_PX
            and orr >= right - _CONTAIN_SLACK_PX
            and ob >= bottom - _CONTAIN_SLACK_PX
            and area > (right - left) * (bottom - top)
            and area < best_area
        ):
            best, best_area = j, area
    return best


def _reading_order(ids: list[int], nodes: list[_Node]) -> list[int]:
    """Sort sibling ids top to bottom in rows, left to right within a row."""
    rows: list[list[int]] = []
    bottom = 0.0
    for i in sorted(ids, key=lambda k: (nodes[k].box[1], nodes[k].box[0])):
        _, y, _, h = nodes[i].box
        if rows and y + h / 2 < bottom:
            rows[-1].append(i)
            bottom = max(bottom, y + h)
            continue
        rows.append([i])
        bottom = y + h
    return [i for row in rows for i in sorted(row, key=lambda k: nodes[k].box[0])]


def build_elements(
    fits: list[BoxFit],
    blobs: list[InkBlob],
    *,
    dpr: float,
    image_wh: tuple[int, int],
) -> tuple[Element, ...]:
    """Build the element tree.

    Parameters
    ----------
    fits : list of BoxFit
        Measured boxes.
    blobs : list of InkBlob
        Ink groups, with owners indexing `fits`.
    dpr : float
        Device pixel ratio, for the size rules that name elements.
    image_wh : tuple of 2 ints
        Image width and height, px.

    Returns
    -------
    tuple of Element
        All elements; ``elements[i].id == i`` and parents precede their children.
    """
    ink_kinds: list[ElementKind] = [
        ink_kind(
            InkFacts(
                width_css=b.box[2] / dpr,
                height_css=b.box[3] / dpr,
                pieces=b.pieces,
                ink_share=b.ink_share,
            )
        )
        for b in blobs
    ]
    nodes: list[_Node] = [
        _Node(
            box=f.box,
            kind="unknown",
            fit=f,
            owner=-1,
            confidence=min(1.0, f.contrast / _FULL_CONTRAST) * (0.5 + 0.125 * sum(f.measured)),
        )
        for f in fits
    ]
    for i in range(len(fits)):
        nodes[i].parent = _box_parent(i, fits)
    for group, kind in _paragraphs(blobs, ink_kinds):
        owner = group[0].owner
        shaped = len(group) == 1 and kind in _SHAPED_INK_KINDS and group[0].outline is not None
        nodes.append(
            _Node(
                box=_merge(group),
                kind=kind,
                fit=None,
                owner=owner,
                confidence=min(1.0, sum(b.contrast for b in group) / len(group) / _FULL_CONTRAST),
                parent=owner if owner >= 0 else None,
                shaped_fill=group[0].color if shaped else None,
            )
        )

    children: dict[int | None, list[int]] = {}
    for i, node in enumerate(nodes):
        children.setdefault(node.parent, []).append(i)
    for key in list(children):
        children[key] = _reading_order(children[key], nodes)

    width, height = image_wh
    for i, node in enumerate(nodes):
        if node.fit is None:
            continue
        fit = node.fit
        x, y, w, h = node.box
        kids = children.get(i, [])
        node.kind = box_kind(
            BoxFacts(
                width_css=w / dpr,
                height_css=h / dpr,
                round=fit.shape.kind == "circle"
                or (fit.shape.kind == "pill" and abs(w - h) <= _SQUARE_SLACK_PX),
                pill=fit.shape.kind == "pill",
                bordered=any(fit.border_px),
                fill_matches_outside=fit.outside is not None
                and max(abs(a - b) for a, b in zip(fit.fill, fit.outside, strict=True))
                <= _SAME_COLOUR,
                touches_image_edge=any(fit.shape.touches)
                or x <= 0
                or y <= 0
                or x + w >= width
                or y + h >= height,
                child_boxes=[
                    (
                        (nodes[k].box[0] - x) / dpr,
                        (nodes[k].box[1] - y) / dpr,
                        nodes[k].box[2] / dpr,
                        nodes[k].box[3] / dpr,
                    )
                    for k in kids
                ],
                child_is_text=[nodes[k].kind == "text" for k in kids],
            )
        )

    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(reversed(children.get(i, [])))
    new_id = {old: new for new, old in enumerate(order)}
    elements: list[Element] = []
    for old in order:
        node = nodes[old]
        source = node.fit
        x, y, w, h = node.box
        elements.append(
            Element(
                id=new_id[old],
                box=node.box,
                kind=node.kind,
                fill=_fill(node),
                parent=None if node.parent is None else new_id[node.parent],
                children=tuple(new_id[k] for k in children.get(old, [])),
                confidence=round(node.confidence, 3),
                edges_px=_edges_px(node),
                border_px=source.border_px if source is not None else (0, 0, 0, 0),
                border_color=_srgb8(source.border_color) if source is not None else None,
                outside=_srgb8(source.outside) if source is not None else None,
                clipped=(y <= 0, x + w >= width, y + h >= height, x <= 0),
            )
        )
    return tuple(elements)
