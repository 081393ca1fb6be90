"""The shared layout analysis of one image: elements, their containment tree, text lines, DPR.

Computed once per image by `copy_that.analysis.analyse` and read by every extractor that needs
structure (spacing, radii, shadows, borders, typography, colour roles). Boxes are ``(x, y, w, h)``
in image pixels; CSS px = image px / `Layout.dpr`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from copy_that.tokens.model import Box

__all__ = [
    "NOISY_EDGE_THRESHOLD",
    "DprSource",
    "Element",
    "ElementKind",
    "Layout",
    "TextLine",
    "Word",
]

#: Edge threshold (largest sRGB channel step, code values) at or above which the analysis reads
#: an image as noisy: JPEG's noise makes neighbouring pixels of one fill differ by this much.
NOISY_EDGE_THRESHOLD = 6

ElementKind: TypeAlias = Literal[
    "container", "card", "button", "input", "chip", "image", "icon", "text", "divider", "unknown"
]
DprSource: TypeAlias = Literal["option", "inferred", "default"]


@dataclass(frozen=True)
class Element:
    """A UI element found in the image.

    Parameters
    ----------
    id : int
        Index of the element in `Layout.elements`.
    box : Box
        Bounding box in image px.
    kind : ElementKind
        Best guess at what the element is.
    fill : tuple of 3 ints or None
        Dominant sRGB8 fill colour, None for elements without a uniform fill (images, text).
    parent : int or None
        Id of the smallest element containing this one; None for top-level elements.
    children : tuple of int
        Ids of the elements directly inside this one, in reading order.
    confidence : float
        0–1, how clearly the element is separated from its surroundings.
    edges_px : tuple of 4 floats or None
        ``(left, top, right, bottom)`` outer edges in image px to a fraction of a pixel (edge
        coordinates: pixel column ``x`` spans ``[x, x + 1)``); None for ink (text, icons).
    border_px : tuple of 4 ints
        Border width at top, right, bottom, left in image px (0 where there is none).
    border_color : tuple of 3 ints or None
        sRGB8 colour of the border, None without one.
    outside : tuple of 3 ints or None
        sRGB8 colour just outside the element (its parent's fill, possibly shadowed).
    clipped : tuple of 4 bools
        Whether the top, right, bottom, left side is cut by the image edge (not a real edge).
    """

    id: int
    box: Box
    kind: ElementKind
    fill: tuple[int, int, int] | None
    parent: int | None
    children: tuple[int, ...] = ()
    confidence: float = 0.0
    edges_px: tuple[float, float, float, float] | None = None
    border_px: tuple[int, int, int, int] = (0, 0, 0, 0)
    border_color: tuple[int, int, int] | None = None
    outside: tuple[int, int, int] | None = None
    clipped: tuple[bool, bool, bool, bool] = (False, False, False, False)

    @property
    def is_box(self) -> bool:
        """Whether the element is a measured box (a fill with edges), not ink."""
        return self.edges_px is not None


@dataclass(frozen=True)
class Word:
    """A word inside a text line: its box in image px and, when recognised, its text."""

    box: Box
    text: str | None = None


@dataclass(frozen=True)
class TextLine:
    """A line of text.

    Parameters
    ----------
    box : Box
        Tight box around the line's ink, image px.
    baseline_y : float
        Row of the baseline in image px (sub-pixel).
    color : tuple of 3 ints or None
        sRGB8 colour of the glyphs' solid interior.
    background : tuple of 3 ints or None
        sRGB8 colour behind the glyphs.
    words : tuple of Word
        Words left to right.
    text : str or None
        Recognised text (OCR), None when recognition was not run.
    confidence : float
        0–1 detection confidence.
    """

    box: Box
    baseline_y: float
    color: tuple[int, int, int] | None
    background: tuple[int, int, int] | None
    words: tuple[Word, ...] = ()
    text: str | None = None
    confidence: float = 0.0


@dataclass(frozen=True)
class Layout:
    """Structure of one image, shared by the extractors.

    Parameters
    ----------
    width_px, height_px : int
        Image size.
    elements : tuple of Element
        All detected elements; ``elements[i].id == i``.
    text_lines : tuple of TextLine
        All detected text lines, top to bottom.
    background : tuple of 3 ints or None
        sRGB8 page background (the largest uniform region touching the borders).
    dpr : float
        Device pixel ratio used for CSS px.
    dpr_source : DprSource
        ``"option"`` when the caller gave it, ``"inferred"`` from evidence, ``"default"`` (1.0)
        when neither.
    dpr_confidence : float
        0–1 confidence of an inferred DPR (1.0 when given).
    notes : tuple of str
        Why parts are empty, in words a user can read ("no UI elements: looks like a photo").
    structure_share : float
        0–1 share of the image's pixels in flat UI structure (the page background and the fills
        of the detected boxes); photos score low.
    edge_threshold : int
        The colour step (largest sRGB channel difference) the analysis treated as an edge; 3 on
        lossless images, more on noisy (JPEG) ones.
    """

    width_px: int
    height_px: int
    elements: tuple[Element, ...] = ()
    text_lines: tuple[TextLine, ...] = ()
    background: tuple[int, int, int] | None = None
    dpr: float = 1.0
    dpr_source: DprSource = "default"
    dpr_confidence: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    structure_share: float = 0.0
    edge_threshold: int = 3

    @property
    def lossy(self) -> bool:
        """Whether the image was read as noisy (JPEG), from its edge threshold."""
        return self.edge_threshold >= NOISY_EDGE_THRESHOLD

    def roots(self) -> tuple[Element, ...]:
        """Top-level elements (no parent)."""
        return tuple(e for e in self.elements if e.parent is None)
