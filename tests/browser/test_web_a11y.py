"""Accessibility and layout of the web app's pages: labels, contrast in both colour schemes,
keyboard access, and no sideways scrolling on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, expect

# WCAG 2.1 SC 1.4.3: normal text needs 4.5:1 (the app has no large-text exemptions it relies on).
_MIN_TEXT_CONTRAST = 4.5
_PHONE = {"width": 375, "height": 740}

# For every visible text element, the contrast of its colour over the first opaque background
# behind it. Token-coloured samples (swatches, contrast and type previews) show the user's
# colours, not the app's, and are left out; so are disabled controls (exempt in WCAG).
_CONTRAST_SCRIPT = """
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


@pytest.fixture(params=["light", "dark"])
def scheme_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    scheme: Literal["light", "dark"] = request.param
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.route("**/api/v1/**", lambda route: route.fulfill(status=401, body="{}"))
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_text_contrast_meets_wcag_aa(scheme_page: Page, static_server: str, path: str) -> None:
    scheme_page.goto(f"{static_server}{path}")
    results = scheme_page.evaluate(_CONTRAST_SCRIPT)
    assert results, "no text found"
    low = [
        (tag, text, round(ratio, 2)) for tag, text, ratio in results if ratio < _MIN_TEXT_CONTRAST
    ]
    assert not low, f"text below {_MIN_TEXT_CONTRAST}:1: {low}"


@pytest.mark.parametrize("path", ["/login", "/signup", "/", "/projects/x"])
def test_every_control_has_a_label(page: Page, static_server: str, path: str) -> None:
    # No API: the page stays put (a 401 would send it to the log-in page mid-check).
    page.route("**/api/v1/**", lambda route: route.abort())
    page.goto(f"{static_server}{path}", wait_until="domcontentloaded")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, progress')]
            .filter((el) => !el.labels?.length && !el.getAttribute('aria-label')
                    && !el.getAttribute('aria-labelledby'))
            .map((el) => el.outerHTML)"""
    )
    assert not unlabelled


def test_skip_link_is_the_first_tab_stop_and_moves_focus(page: Page, static_server: str) -> None:
    page.route("**/api/v1/**", lambda route: route.fulfill(status=401, body="{}"))
    page.goto(f"{static_server}/signup")
    first = page.evaluate(
        """() => document.querySelector(
            'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
        ).textContent.trim()"""
    )
    assert first == "Skip to content"
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()
    skip.focus()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_pages_fit_a_phone_screen(browser: Browser, static_server: str, path: str) -> None:
    context = browser.new_context(viewport=_PHONE)
    page = context.new_page()
    page.route("**/api/v1/**", lambda route: route.fulfill(status=401, body="{}"))
    page.goto(f"{static_server}{path}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0
