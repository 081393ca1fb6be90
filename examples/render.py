"""Render examples/dashboard.html to examples/dashboard.png with the system Chromium."""

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1200, "height": 560}, device_scale_factor=1)
    page.goto((HERE / "dashboard.html").as_uri())
    page.screenshot(path=str(HERE / "dashboard.png"))
    browser.close()
