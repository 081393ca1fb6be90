"""Border styles of a layout's boxes: widths and colours, clustered into ``border.*`` composites.

Borders are found by the layout analysis (`copy_that.analysis`): a ring of one colour along a
box's sides, the same all round or with flat colour beyond it (a one-sided rule such as a
header's bottom border). Each bordered box contributes its width (CSS px) and colour; borders of
the same width whose colours are within `BorderOptions.max_delta_e` (CIEDE2000) are one style.
The most used style is ``border.default``; the others are named by how they differ from it
(``thick`` when wider, ``strong`` or ``subtle`` when their colour stands out more or less against
the page). Colours are `Color` values; the pipeline links them to palette aliases later.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from copy_that.analysis.model import Element, Layout
from copy_that.errors import OptionsError
from copy_that.extract._contribution import Contribution
from copy_that.extract._layout_check import check_layout
from copy_that.imaging import Image, delta_e_2000_srgb
from copy_that.tokens.model import Border, Color, Dimension, Evidence, GroupInfo, Token

__all__ = ["BorderOptions", "BorderResult", "BorderStyle", "ElementBorder", "extract_borders"]

_MAX_EVIDENCE_BOXES = 24
# Confidence from the number of boxes behind a style reaches about 0.86 at this count.
_COUNT_SCALE = 2.0
# Widths within this many CSS px are one width (a JPEG-blurred 1 px border reads 1–1.5 px).
_SAME_WIDTH_PX = 0.5


@dataclass(frozen=True)
class BorderOptions:
    """Options of `extract_borders`.

    Parameters
    ----------
    max_delta_e : float
        Largest CIEDE2000 between border colours of one style. Default 3 (clearly the same
        colour; 1 is a just-noticeable difference, JPEG moves colours by about 2).
    """

    max_delta_e: float = 3.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_delta_e) and self.max_delta_e > 0):
            raise OptionsError(
                f"max_delta_e must be a positive CIEDE2000 value, got {self.max_delta_e!r}",
                option="max_delta_e",
            )


@dataclass(frozen=True)
class ElementBorder:
    """The border of one box.

    Parameters
    ----------
    element : int
        Element id.
    width_px : float
        Border width, CSS px (the sides that have one agree).
    color : tuple of 3 ints
        sRGB8 colour.
    sides : tuple of 4 bools
        Which of top, right, bottom, left carry it.
    """

    element: int
    width_px: float
    color: tuple[int, int, int]
    sides: tuple[bool, bool, bool, bool]


@dataclass(frozen=True)
class BorderStyle:
    """One border style.

    Parameters
    ----------
    name : str
        Token name.
    width_px : float
        CSS px.
    color : tuple of 3 ints
        sRGB8 (median over its boxes).
    elements : tuple of int
        Ids of the boxes with this border.
    confidence : float
        0–1, from the number of boxes.
    """

    name: str
    width_px: float
    color: tuple[int, int, int]
    elements: tuple[int, ...]
    confidence: float


@dataclass(frozen=True)
class BorderResult:
    """The border styles measured in one image.

    Parameters
    ----------
    styles : tuple of BorderStyle
        Most used first.
    elements : tuple of ElementBorder
        Every bordered box.
    boxes : dict of int to Box
        Element boxes (image px), for evidence.
    reason : str or None
        Why there are no styles, when there are none.
    """

    styles: tuple[BorderStyle, ...]
    elements: tuple[ElementBorder, ...]
    boxes: dict[int, tuple[int, int, int, int]]
    reason: str | None = None

    def contribution(self, image_id: str) -> Contribution:
        """The ``border`` tokens and group info of this result.

        Parameters
        ----------
        image_id : str
            Id of the analysed image, recorded as the evidence source.
        """
        tokens = tuple(
            Token(
                path=("border", style.name),
                type="border",
                value=Border(
                    color=Color.from_srgb8(*style.color),
                    width=Dimension(style.width_px),
                    style="solid",
                ),
                confidence=round(style.confidence, 3),
                evidence=Evidence(
                    boxes=tuple(self.boxes[e] for e in style.elements[:_MAX_EVIDENCE_BOXES]),
                    count=len(style.elements),
                    image_ids=(image_id,),
                    detail={"elements": list(style.elements)},
                ),
            )
            for style in self.styles
        )
        group = GroupInfo(
            path=("border",),
            description="Border styles (width and colour) of the detected boxes (CSS px)",
            reason=self.reason,
        )
        return Contribution(tokens=tokens, groups=(group,))


def _element_border(e: Element, dpr: float) -> ElementBorder | None:
    widths = [w for w in e.border_px if w > 0]
    if not widths or e.border_color is None:
        return None
    width = float(np.median(widths)) / dpr
    sides = (e.border_px[0] > 0, e.border_px[1] > 0, e.border_px[2] > 0, e.border_px[3] > 0)
    return ElementBorder(
        element=e.id, width_px=round(width * 2.0) / 2.0, color=e.border_color, sides=sides
    )


def _srgb01(colour: Sequence[int]) -> list[float]:
    return [c / 255.0 for c in colour]


def _names(
    styles: list[tuple[float, tuple[int, int, int], list[int]]], page: tuple[int, int, int]
) -> list[str]:
    """Names for styles ordered by use (module docstring)."""
    names = ["default"]
    base_width, base_colour, _ = styles[0]
    base_contrast = float(delta_e_2000_srgb(_srgb01(base_colour), _srgb01(page)))
    for width, colour, _ in styles[1:]:
        contrast = float(delta_e_2000_srgb(_srgb01(colour), _srgb01(page)))
        if width > base_width + _SAME_WIDTH_PX:
            name = "thick"
        elif width < base_width - _SAME_WIDTH_PX:
            name = "thin"
        else:
            name = "strong" if contrast > base_contrast else "subtle"
        candidate, n = name, 2
        while candidate in names:
            candidate, n = f"{name}-{n}", n + 1
        names.append(candidate)
    return names


def extract_borders(
    image: Image, layout: Layout, *, options: BorderOptions | None = None
) -> BorderResult:
    """Collect the border styles of an analysed image.

    Parameters
    ----------
    image : Image
        The image the layout was computed from.
    layout : Layout
        Its layout (`copy_that.analysis.analyse`).
    options : BorderOptions, optional
        Defaults as documented on `BorderOptions`.

    Returns
    -------
    BorderResult
        Border styles and per-box borders.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    opts = options or BorderOptions()
    check_layout(image, layout)
    boxes = [e for e in layout.elements if e.is_box]
    if not boxes:
        reason = "; ".join(layout.notes) or "no boxes to read borders from"
        return BorderResult((), (), {}, reason=reason)
    found = [b for e in boxes if (b := _element_border(e, layout.dpr)) is not None]
    groups: list[tuple[float, tuple[int, int, int], list[int]]] = []
    members: list[list[ElementBorder]] = []
    for border in found:
        for i, (width, colour, ids) in enumerate(groups):
            same_width = abs(width - border.width_px) <= _SAME_WIDTH_PX
            close = (
                float(delta_e_2000_srgb(_srgb01(colour), _srgb01(border.color))) <= opts.max_delta_e
            )
            if same_width and close:
                ids.append(border.element)
                members[i].append(border)
                break
        else:
            groups.append((border.width_px, border.color, [border.element]))
            members.append([border])
    if not groups:
        return BorderResult(
            (), tuple(found), {e.id: e.box for e in boxes}, reason="no box has a border"
        )
    summary: list[tuple[float, tuple[int, int, int], list[int]]] = []
    for group in members:
        colours = np.array([m.color for m in group], dtype=np.float64)
        red, green, blue = (round(float(v)) for v in np.median(colours, axis=0))
        summary.append(
            (
                float(np.median([m.width_px for m in group])),
                (red, green, blue),
                [m.element for m in group],
            )
        )
    summary.sort(key=lambda s: -len(s[2]))
    page = layout.background or (255, 255, 255)
    styles = tuple(
        BorderStyle(
            name=name,
            width_px=width,
            color=colour,
            elements=tuple(ids),
            confidence=1.0 - math.exp(-len(ids) / _COUNT_SCALE),
        )
        for name, (width, colour, ids) in zip(_names(summary, page), summary, strict=True)
    )
    return BorderResult(styles, tuple(found), {e.id: e.box for e in boxes})
