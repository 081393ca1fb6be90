"""Device pixel ratio from the evidence in a screenshot: thin lines, text size and image width.

Three independent clues, each a log-likelihood per candidate ratio (1, 2, 3):

- *thin lines.* CSS borders and rules are mostly 1 CSS px, so the thinnest line that recurs is
  the ratio itself (1 px at 1×, 2 px at 2×); a thinner line than the ratio is nearly impossible,
  a thicker one only means the design has no hairlines.
- *text size.* Body text is 14–16 CSS px nearly everywhere; glyph pieces (x-height letters and
  ascenders) of body text are about 0.55 of the font size, so their median height divided by the
  ratio should land near 8 CSS px.
- *image width.* A width that is a common viewport width times the ratio is weak evidence.

The posterior over the candidates (equal priors) gives the ratio and its confidence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DprEstimate", "estimate_dpr"]

_CANDIDATES = (1.0, 2.0, 3.0)
# Median glyph-piece height of body text in CSS px (0.55 × a 14–16 px font), and the spread of
# its logarithm across fonts and designs.
_GLYPH_CSS_PX = 8.0
_GLYPH_LOG_SIGMA = 0.3
# Thin-line evidence: log-likelihood of the thinnest recurring line width w given a ratio r.
_LINE_MATCH = 0.0  # w == r: what hairline borders give
_LINE_MULTIPLE = -1.5  # w a multiple of r: a design without hairlines
_LINE_THINNER = -6.0  # w < r: a line thinner than one CSS px, rare
_LINE_OTHER = -4.0
# Common viewport widths in CSS px (phones, tablets, laptops, desktops).
_VIEWPORTS_CSS = frozenset(
    {
        360,
        375,
        390,
        393,
        412,
        414,
        428,
        430,
        768,
        800,
        810,
        820,
        834,
        1024,
        1280,
        1366,
        1440,
        1536,
        1600,
        1680,
        1920,
    }
)
_WIDTH_MATCH = 0.7  # log-likelihood bonus for a width that is a known viewport × r
# A line width counts once seen this often (one odd line may be a glyph stroke or a 2-px accent).
_MIN_RECURRING = 2


@dataclass(frozen=True)
class DprEstimate:
    """An inferred device pixel ratio.

    Parameters
    ----------
    dpr : float
        The most likely ratio.
    confidence : float
        Its posterior probability, 0–1.
    reasons : tuple of str
        The evidence used, in words.
    """

    dpr: float
    confidence: float
    reasons: tuple[str, ...]


def _thinnest_recurring(widths: Sequence[int]) -> int | None:
    counts = Counter(w for w in widths if w > 0)
    recurring = [w for w, n in counts.items() if n >= _MIN_RECURRING]
    return min(recurring) if recurring else None


def _line_score(thinnest: int | None, ratio: float) -> float:
    if thinnest is None:
        return 0.0
    if thinnest == ratio:
        return _LINE_MATCH
    if thinnest < ratio:
        return _LINE_THINNER
    if thinnest % ratio == 0:
        return _LINE_MULTIPLE
    return _LINE_OTHER


def _text_score(glyph_heights_px: Sequence[float], ratio: float) -> float:
    if not glyph_heights_px:
        return 0.0
    heights = sorted(glyph_heights_px)
    median = heights[len(heights) // 2]
    z = (math.log(max(median, 1.0) / ratio) - math.log(_GLYPH_CSS_PX)) / _GLYPH_LOG_SIGMA
    return -0.5 * z * z


def estimate_dpr(
    *,
    line_widths_px: Sequence[int],
    glyph_heights_px: Sequence[float],
    image_width_px: int,
) -> DprEstimate | None:
    """Infer the device pixel ratio.

    Parameters
    ----------
    line_widths_px : sequence of int
        Widths of borders and thickness of rules found, image px.
    glyph_heights_px : sequence of float
        Median glyph-piece heights of text lines, image px.
    image_width_px : int
        Image width.

    Returns
    -------
    DprEstimate or None
        None when there is neither line nor text evidence.
    """
    thinnest = _thinnest_recurring(line_widths_px)
    if thinnest is None and not glyph_heights_px:
        return None
    scores = []
    for ratio in _CANDIDATES:
        score = _line_score(thinnest, ratio) + _text_score(glyph_heights_px, ratio)
        css_width = image_width_px / ratio
        if css_width.is_integer() and int(css_width) in _VIEWPORTS_CSS:
            score += _WIDTH_MATCH
        scores.append(score)
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    best = max(range(len(_CANDIDATES)), key=lambda i: scores[i])
    reasons: list[str] = []
    if thinnest is not None:
        reasons.append(f"thinnest recurring line {thinnest} px")
    if glyph_heights_px:
        heights = sorted(glyph_heights_px)
        reasons.append(f"median glyph height {heights[len(heights) // 2]:.0f} px")
    return DprEstimate(
        dpr=_CANDIDATES[best], confidence=weights[best] / total, reasons=tuple(reasons)
    )
