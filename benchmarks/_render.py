"""Headless Chromium rendering: HTML in, a screenshot and the DOM's computed-style records out.

Uses Debian's ``/usr/bin/chromium`` through Playwright for Python (never a downloaded browser).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

__all__ = ["CHROMIUM", "Rendered", "Renderer", "chromium_version", "renderer"]

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a sandbox-less headless run on a machine whose network only reaches package
# registries: without the background-networking ones Chromium keeps calling home and failing.
_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Fixed sRGB output so the pixels are the CSS values (no display profile conversion).
    "--force-color-profile=srgb",
    "--font-render-hinting=none",
]
_TRUTH_JS = (Path(__file__).with_name("_truth.js")).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Rendered:
    """One rendered page: PNG bytes of the viewport and the raw DOM records (`_truth.js`)."""

    png: bytes
    dom: dict[str, Any]


class Renderer:
    """Renders HTML documents in one browser instance (a new page per document)."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def render(self, html: str, *, width_css: int, height_css: int, dpr: float) -> Rendered:
        """Render `html` in a `width_css` × `height_css` CSS px viewport at pixel ratio `dpr`."""
        page = self._browser.new_page(
            viewport={"width": width_css, "height": height_css}, device_scale_factor=dpr
        )
        try:
            page.set_content(html, wait_until="load")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            dom = page.evaluate(_TRUTH_JS)
            png = page.screenshot(type="png", animations="disabled", caret="hide")
        finally:
            page.close()
        return Rendered(png=png, dom=dom)


def chromium_version() -> str:
    """The version string of the Chromium the benchmark renders with."""
    with renderer() as active:
        return active._browser.version


@contextmanager
def renderer() -> Iterator[Renderer]:
    """A `Renderer` over Debian's Chromium; raises FileNotFoundError when it is not installed."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        raise FileNotFoundError(
            "Chromium is not installed: run `apt-get install -y chromium` "
            "(scripts/ci-setup.sh does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS)
        try:
            yield Renderer(browser)
        finally:
            browser.close()
