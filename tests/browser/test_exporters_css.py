"""The css exporter's stylesheet in Chromium: computed values in light, dark and pinned themes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from tests.unit.exporters.fixtures import dashboard, minimal

from copy_that.exporters import ExportOptions, css

_BODY = """
<div id="bg" style="background-color: var(--color-background)"></div>
<div id="primary" style="color: var(--color-primary); background-color: var(--color-surface)"></div>
<div id="pad" style="padding: var(--spacing-4); border-radius: var(--radius-md)"></div>
<div id="shadow" style="box-shadow: var(--shadow-1)"></div>
<div id="border" style="border: var(--border-default)"></div>
<p id="type"
   style="font: var(--typography-body); letter-spacing: var(--typography-display-letter-spacing)"
>x</p>
<div id="sea" style="color: var(--color-palette-sea)"></div>
"""


def _page(browser: Browser, stylesheet: str, scheme: str, theme: str | None) -> Page:
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    attr = f' data-theme="{theme}"' if theme else ""
    head = f"<head><style>{stylesheet}</style></head>"
    page.set_content(f"<!doctype html><html{attr}>{head}<body>{_BODY}</body></html>")
    return page


def _style(page: Page, element: str, prop: str) -> str:
    return str(page.eval_on_selector(f"#{element}", f"e => getComputedStyle(e).{prop}"))


@pytest.fixture
def stylesheet() -> str:
    return css.render(dashboard(), ExportOptions())


@pytest.mark.parametrize(
    ("scheme", "theme", "background", "primary", "border"),
    [
        ("light", None, "rgb(248, 250, 252)", "rgb(37, 99, 235)", "rgb(226, 232, 240)"),
        ("dark", None, "rgb(15, 23, 42)", "rgb(96, 165, 250)", "rgb(51, 65, 85)"),
        ("dark", "light", "rgb(248, 250, 252)", "rgb(37, 99, 235)", "rgb(226, 232, 240)"),
        ("light", "dark", "rgb(15, 23, 42)", "rgb(96, 165, 250)", "rgb(51, 65, 85)"),
    ],
    ids=["light", "dark", "dark-pinned-light", "light-pinned-dark"],
)
def test_theme_colours(
    browser: Browser,
    stylesheet: str,
    scheme: str,
    theme: str | None,
    background: str,
    primary: str,
    border: str,
) -> None:
    page = _page(browser, stylesheet, scheme, theme)
    try:
        assert _style(page, "bg", "backgroundColor") == background
        assert _style(page, "primary", "color") == primary
        assert _style(page, "border", "borderTopColor") == border
    finally:
        page.close()


def test_lengths_shadow_and_typography(browser: Browser, stylesheet: str) -> None:
    page = _page(browser, stylesheet, "light", None)
    try:
        assert _style(page, "pad", "paddingTop") == "16px"
        assert _style(page, "pad", "borderTopLeftRadius") == "8px"
        assert _style(page, "shadow", "boxShadow") == "rgba(15, 23, 42, 0.1) 0px 1px 2px 0px"
        assert _style(page, "border", "borderTopWidth") == "1px"
        assert _style(page, "border", "borderTopStyle") == "solid"
        assert _style(page, "type", "fontSize") == "16px"
        assert _style(page, "type", "lineHeight") == "24px"
        assert _style(page, "type", "fontWeight") == "400"
        assert _style(page, "type", "letterSpacing") == "-0.5px"
        assert _style(page, "type", "fontFamily") == 'Inter, "Helvetica Neue", sans-serif'
    finally:
        page.close()


def test_translucent_colour(browser: Browser) -> None:
    page = _page(browser, css.render(minimal(), ExportOptions()), "light", None)
    try:
        assert _style(page, "sea", "color") == "rgba(42, 111, 151, 0.5)"
    finally:
        page.close()
