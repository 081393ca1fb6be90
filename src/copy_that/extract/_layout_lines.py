"""Line boxes of text elements: where CSS put the lines whose ink the layout found.

A text element's box is its ink: capitals and ascenders at the top, descenders at the bottom.
CSS spacing ends at the *line box*, which is taller than the ink by the half-leading above and
below, so a padding or gap measured to the ink overstates the declared value by a few pixels.
This module estimates the line box of each text element from its glyphs:

- the baseline and the height of the tall letters (capitals, ascenders) of each line are
  measured on the ink coverage (`copy_that.extract._type_metrics`);
- the font size is the tall height over `_TALL_EM` (capitals and ascenders stand about 0.72 em
  above the baseline in common UI faces);
- CSS centres the font's ascent + descent in the line box, so the line box's middle lies
  `_MIDDLE_EM` em above the baseline whatever the line height (half the ascent minus the
  descent: 0.34–0.36 em in DejaVu, Liberation, Arial, Helvetica, Roboto, Inter, SF Pro);
- the line height is the distance between baselines in a paragraph of several lines (one text
  element, or one-line elements stacked as a paragraph's lines); a single line takes the page's
  measured line height (from paragraphs of about the body's size) or, with none measured,
  `_DEFAULT_LINE_HEIGHT`. Single lines larger than both the body text and `_MAX_TEXT_CSS_PX`
  (headings) get no line box: their line height varies too much between designs to be assumed.

The estimate is good to about a CSS px (the size to a few per cent, the centre to a few hundredths
of an em), which is why distances ending at a line box are weighed like distances to ink.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from copy_that.analysis.model import Layout
from copy_that.analysis.text_lines import line_bands, line_ink
from copy_that.extract._type_metrics import glyph_heights
from copy_that.imaging import Image

__all__ = ["LineBox", "line_boxes"]

# Height of capitals and ascenders above the baseline, em (DejaVu Sans 0.73, Liberation Sans
# 0.72, Roboto 0.71, Inter 0.73, Liberation Serif 0.66–0.68: the serif reads ~6 % large).
_TALL_EM = 0.72
# Middle of the line box above the baseline, em: (ascent − descent) / 2 of the font.
_MIDDLE_EM = 0.35
# Line height of single lines when the page shows none, in em: the body line height of the
# common CSS frameworks (Bootstrap, Bulma, Pico, Tailwind's base size) and of Material's body.
_DEFAULT_LINE_HEIGHT = 1.5
# Single lines up to this size, CSS px, are running text and labels (11-18 px; Tailwind's
# text-lg is 18 px on 28 px), set at about the body's line height; larger single lines are
# headings, whose line heights vary too much (1.1-1.4) to assume one.
_MAX_TEXT_CSS_PX = 18.0
# Text within this share of the page's body size (the median size of the text measured) is
# body text: paragraphs of that size give the line height for single lines.
_BODY_SIZE_SHARE = 0.12
# Line heights outside this range (em) are not one paragraph's lines (two stacked texts, a
# misread baseline).
_LINE_HEIGHT_RANGE = (1.0, 2.2)
# Two rows of text whose sizes differ by at most this share (or `_TALL_SLACK_PX` of glyph
# height), aligned to `_ALIGN_EM`, whose baselines lie at most `_MAX_STACK_PITCH_EM` em apart,
# are consecutive lines of one paragraph (two texts stacked with a gap of half an em or more
# between their line boxes lie farther apart).
_SAME_SIZE_SHARE = 0.06
_TALL_SLACK_PX = 1.5
# Ink edges of aligned lines differ by the first glyphs' side bearings (up to about 0.1 em).
_ALIGN_EM = 0.15
_MAX_STACK_PITCH_EM = 1.9
# Texts whose baselines lie within this many px, at most `_WORD_GAP_EM` em apart, are words of
# one line (a word space is about a third of an em; columns stand farther apart).
_SAME_BASELINE_PX = 1.0
_WORD_GAP_EM = 1.0


@dataclass(frozen=True)
class LineBox:
    """The estimated line boxes around a text element's ink, vertical extent only.

    Parameters
    ----------
    top_px, bottom_px : float
        Top of the first line box and bottom of the last, image px (edge coordinates).
    """

    top_px: float
    bottom_px: float


@dataclass(frozen=True)
class _Lines:
    element: int
    baselines_px: tuple[float, ...]
    size_px: float


def _measure(image: Image, element: int, box: tuple[int, int, int, int]) -> _Lines | None:
    ink = line_ink(image, box)
    if ink is None:
        return None
    baselines: list[float] = []
    talls: list[float] = []
    for start, stop in line_bands(ink.coverage):
        heights = glyph_heights(ink.coverage[start:stop])
        if heights is None or heights.tall_px is None:
            return None
        baselines.append(ink.origin[1] + start + heights.baseline_y)
        talls.append(heights.tall_px)
    if not baselines:
        return None
    return _Lines(element, tuple(baselines), float(np.median(talls)) / _TALL_EM)


def _pitch(lines: _Lines) -> float | None:
    """Line height of a multi-line text element, image px (None for one line or a misread)."""
    if len(lines.baselines_px) < 2:
        return None
    pitch = float(np.median(np.diff(lines.baselines_px)))
    return pitch if _plausible(pitch, lines.size_px) else None


def _plausible(pitch_px: float, size_px: float, most_em: float = _LINE_HEIGHT_RANGE[1]) -> bool:
    """Whether a distance between baselines can be a line height (up to `most_em` em)."""
    return _LINE_HEIGHT_RANGE[0] * size_px <= pitch_px <= most_em * size_px


def _same_size_slack(size_px: float) -> float:
    """How far apart two sizes read from glyphs may lie and still be one size, px."""
    # Hinting rounds glyph heights at small sizes, and a capital Q or an ascender overshoots:
    # the tall heights of two lines of one size differ by up to `_TALL_SLACK_PX`.
    return max(_SAME_SIZE_SHARE * size_px, _TALL_SLACK_PX / _TALL_EM)


@dataclass
class _Row:
    """Lines of text on one baseline, close enough to be the words of one line."""

    members: list[int]
    sizes_px: list[float]
    baseline_px: float
    left_px: float
    right_px: float

    @cached_property
    def size_px(self) -> float:
        """The median size of the row's words (read once the row is complete)."""
        return float(np.median(self.sizes_px))

    def takes(self, baseline_px: float, left_px: float, right_px: float) -> bool:
        # The first word's size sets the reach: the row is still growing.
        reach = _WORD_GAP_EM * self.sizes_px[0]
        return (
            abs(baseline_px - self.baseline_px) <= _SAME_BASELINE_PX
            and left_px - self.right_px <= reach
            and self.left_px - right_px <= reach
        )


def _rows(layout: Layout, measured: dict[int, _Lines]) -> list[_Row]:
    """Every measured line (a paragraph element gives one per line) grouped into rows of words."""
    entries = sorted(
        (baseline, e.box[0], e.box[0] + e.box[2], m)
        for m in measured.values()
        for e in (layout.elements[m.element],)
        for baseline in m.baselines_px
    )
    rows: list[_Row] = []
    for baseline, left, right, lines in entries:
        row = next((r for r in rows if r.takes(baseline, left, right)), None)
        if row is None:
            rows.append(_Row([], [], baseline, left, right))
            row = rows[-1]
        row.members.append(lines.element)
        row.sizes_px.append(lines.size_px)
        row.left_px, row.right_px = min(row.left_px, left), max(row.right_px, right)
    return rows


def _stacked_pitches(layout: Layout, measured: dict[int, _Lines]) -> dict[int, float]:
    """Line heights read from consecutive lines of a paragraph, however the layout split it.

    Two rows of text of one size, aligned left or centred, whose baselines lie a plausible
    line height apart with no row between, are consecutive lines of one paragraph; the
    distance between their baselines is the line height of every text on them.
    """
    out: dict[int, float] = {}
    rows = _rows(layout, measured)
    for a in rows:
        below = [
            b
            for b in rows
            if b.baseline_px > a.baseline_px
            and abs(a.size_px - b.size_px) <= _same_size_slack(a.size_px)
            and min(
                abs(a.left_px - b.left_px),
                abs((a.left_px + a.right_px) - (b.left_px + b.right_px)) / 2.0,
            )
            <= _ALIGN_EM * a.size_px
        ]
        if not below:
            continue
        b = min(below, key=lambda r: r.baseline_px)
        pitch = b.baseline_px - a.baseline_px
        if _plausible(pitch, a.size_px, _MAX_STACK_PITCH_EM):
            for element in a.members + b.members:
                out.setdefault(element, pitch)
    return out


def line_boxes(
    image: Image, layout: Layout, elements: Collection[int] | None = None
) -> dict[int, LineBox]:
    """Estimate the line boxes of the layout's text elements (see the module docstring).

    Parameters
    ----------
    image : Image
        The image the layout was computed from.
    layout : Layout
        Its layout.
    elements : collection of int, optional
        Ids of the text elements to estimate (the body size and line height are read from
        them too); every text element when omitted.

    Returns
    -------
    dict of int to LineBox
        By element id; text elements whose lines could not be measured, or whose line height
        cannot be told, are left out.
    """
    measured = {
        e.id: lines
        for e in layout.elements
        if e.kind == "text"
        and (elements is None or e.id in elements)
        and (lines := _measure(image, e.id, e.box)) is not None
    }
    if not measured:
        return {}
    pitches = _stacked_pitches(layout, measured)
    pitches.update({i: pitch for i, m in measured.items() if (pitch := _pitch(m)) is not None})
    body_px = float(np.median([m.size_px for m in measured.values()]))

    def body(size_px: float) -> bool:
        return abs(size_px - body_px) <= _BODY_SIZE_SHARE * body_px

    ratios = [p / measured[i].size_px for i, p in pitches.items() if body(measured[i].size_px)]
    body_ratio = float(np.median(ratios)) if ratios else _DEFAULT_LINE_HEIGHT
    out: dict[int, LineBox] = {}
    for i, m in measured.items():
        pitch = pitches.get(i)
        if pitch is None:
            if not (body(m.size_px) or m.size_px <= _MAX_TEXT_CSS_PX * layout.dpr):
                continue
            pitch = body_ratio * m.size_px
        middle_first = m.baselines_px[0] - _MIDDLE_EM * m.size_px
        middle_last = m.baselines_px[-1] - _MIDDLE_EM * m.size_px
        out[i] = LineBox(middle_first - pitch / 2.0, middle_last + pitch / 2.0)
    return out
