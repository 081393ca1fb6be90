"""Accessibility and layout of the web app's pages: labels, contrast in both colour schemes,
keyboard access, and no sideways scrolling on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser._a11y import MIN_TEXT_CONTRAST, PHONE, low_contrast, overflow_px


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
    low = low_contrast(scheme_page)
    assert not low, f"text below {MIN_TEXT_CONTRAST}:1: {low}"


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
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/api/v1/**", lambda route: route.fulfill(status=401, body="{}"))
    page.goto(f"{static_server}{path}")
    overflow = overflow_px(page)
    context.close()
    assert overflow <= 0
