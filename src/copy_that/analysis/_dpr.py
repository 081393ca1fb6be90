"""Device pixel ratio from the evidence in a screenshot: thin lines, text size and image width.

Three independent clues, each a log-likelihood per candidate ratio (1, 2, 3):

- *thin lines.* CSS borders and rules are mostly 1 CSS px, so most lines are as thick as the
  ratio (1 px at 1×, 2 px at 2×); a line thinner than the ratio is rare, a thicker one common
  enough (2-px accents). Each line adds its log-likelihood, at most ten counted in full.
- *text size.* Body text is 14–16 CSS px nearly everywhere; glyph pieces (x-height letters and
  ascenders) of body text are about 0.55 of the font size, so their median height divided by the
  ratio should land near 8 CSS px. A page with many text lines counts up to four times.
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
# Thin-line evidence: log-likelihood of one line of width w given a ratio r (natural logs of
# rough frequencies: most borders are 1 CSS px, some 2; thinner than 1 CSS px is a hairline or a
# misread; other widths are odd).
_LINE_MATCH = math.log(0.8)  # w == r
_LINE_MULTIPLE = math.log(0.15)  # w a multiple of r
_LINE_THINNER = math.log(0.02)  # w < r
_LINE_OTHER = math.log(0.03)
# Most text lines counted as independent evidence (most share the body font).
_MAX_TEXT_WEIGHT = 4
# Most lines counted as independent evidence (the borders of one page share one style).
_MAX_LINE_WEIGHT = 10
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


def _line_score(widths: Sequence[int], ratio: float) -> float:
    """Log-likelihood of the line widths under `ratio` (see the `_LINE_*` constants)."""
    observed = [w for w in widths if w > 0]
    if not observed:
        return 0.0
    total = 0.0
    for width in observed:
        if width == ratio:
            total += _LINE_MATCH
        elif width < ratio:
            total += _LINE_THINNER
        elif width % ratio == 0:
            total += _LINE_MULTIPLE
        else:
            total += _LINE_OTHER
    # Lines of one page are not independent observations: count at most `_MAX_LINE_WEIGHT`.
    return total / len(observed) * min(len(observed), _MAX_LINE_WEIGHT)


def _text_score(glyph_heights_px: Sequence[float], ratio: float) -> float:
    if not glyph_heights_px:
        return 0.0
    heights = sorted(glyph_heights_px)
    median = heights[len(heights) // 2]
    z = (math.log(max(median, 1.0) / ratio) - math.log(_GLYPH_CSS_PX)) / _GLYPH_LOG_SIGMA
    # A page full of text says more than one line does; lines share their font, so only a few
    # count in full.
    return -0.5 * z * z * min(len(heights), _MAX_TEXT_WEIGHT)


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
    lines = [w for w in line_widths_px if w > 0]
    if not lines and not glyph_heights_px:
        return None
    scores = []
    for ratio in _CANDIDATES:
        score = _line_score(lines, ratio) + _text_score(glyph_heights_px, ratio)
        css_width = image_width_px / ratio
        if css_width.is_integer() and int(css_width) in _VIEWPORTS_CSS:
            score += _WIDTH_MATCH
        scores.append(score)
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    best = max(range(len(_CANDIDATES)), key=lambda i: scores[i])
    reasons: list[str] = []
    if lines:
        common = Counter(lines).most_common(1)[0][0]
        reasons.append(f"{len(lines)} borders and rules, most {common} px thick")
    if glyph_heights_px:
        heights = sorted(glyph_heights_px)
        reasons.append(f"median glyph height {heights[len(heights) // 2]:.0f} px")
    return DprEstimate(
        dpr=_CANDIDATES[best], confidence=weights[best] / total, reasons=tuple(reasons)
    )
