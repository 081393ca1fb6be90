"""Accessibility checks shared by the browser tests: text contrast and sideways overflow."""

from __future__ import annotations

from playwright.sync_api import Page

__all__ = ["CONTRAST_SCRIPT", "MIN_TEXT_CONTRAST", "PHONE", "low_contrast", "overflow_px"]

# WCAG 2.1 SC 1.4.3: normal text needs 4.5:1 (the app has no large-text exemptions it relies on).
MIN_TEXT_CONTRAST = 4.5
#: A small phone's viewport in CSS px.
PHONE = {"width": 375, "height": 740}

# For every visible text element, the contrast of its colour over the first opaque background
# behind it. Token-coloured samples (swatches, contrast and type previews) show the user's
# colours, not the app's, and are left out; so are disabled controls (exempt in WCAG).
CONTRAST_SCRIPT = """
async () => {
  const { contrastRatio } = await import('/static/js/contrast.js');
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { components: parts.slice(0, 3).map((v) => v / 255), alpha: parts[3] ?? 1 };
  };
  const skip = '.swatches, .contrast-sample, .type-sample, .inspector, [disabled], '
    + '.visually-hidden';
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest(skip) || !el.checkVisibility()) continue;
    const fg = parse(getComputedStyle(el).color);
    let bg = null;
    for (let a = el; a && !bg; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c && c.alpha === 1) bg = c;
    }
    bg ??= parse(getComputedStyle(document.documentElement).backgroundColor);
    out.push([el.tagName + '.' + el.className, el.textContent.trim().slice(0, 40),
              contrastRatio(fg, bg)]);
  }
  return out;
}
"""


def low_contrast(page: Page) -> list[tuple[str, str, float]]:
    """Text elements of `page` below `MIN_TEXT_CONTRAST`, as (element, text, ratio)."""
    results = page.evaluate(CONTRAST_SCRIPT)
    assert results, "no text found"
    return [
        (tag, text, round(ratio, 2)) for tag, text, ratio in results if ratio < MIN_TEXT_CONTRAST
    ]


def overflow_px(page: Page) -> int:
    """How far the page scrolls sideways (0 when it fits its viewport)."""
    width: int = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width
