"""extract_colors on real Chromium screenshots of pages whose CSS colours are known.

Chromium renders text with sub-pixel positioning and gamma-aware anti-aliasing, dithers
gradients and blurs shadows: the colours the page's CSS declares must come back exactly
(CIEDE2000 ≤ 1), and nothing else may.
"""

import numpy as np
import pytest
from playwright.sync_api import Browser

from copy_that.extract.colors import extract_colors
from copy_that.imaging import delta_e_2000_srgb, load_image

DESIGN = {
    "background": "#f8fafc",
    "surface": "#ffffff",
    "border": "#e2e8f0",
    "text": "#0f172a",
    "text-muted": "#64748b",
    "primary": "#7c3aed",
    "success": "#059669",
    "danger": "#e11d48",
}

PAGE = """<!doctype html><html><head><style>
body{margin:0;background:#f8fafc;font-family:sans-serif;color:#0f172a}
header{height:56px;background:#fff;border-bottom:1px solid #e2e8f0;display:flex;
  align-items:center;padding:0 24px;font-weight:700}
.hero{height:140px;margin:24px;border-radius:16px;padding:24px;color:#fff;font-size:28px;
  font-weight:700;background:linear-gradient(90deg,#06b6d4,#3b82f6)}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:20px;margin:24px;
  width:360px;display:inline-block;vertical-align:top;
  box-shadow:0 4px 6px -1px rgb(0 0 0/.1),0 2px 4px -2px rgb(0 0 0/.1)}
.muted{color:#64748b;font-size:14px}
.ok{color:#059669;font-size:13px}
.err{color:#e11d48;font-size:13px}
.btn{display:inline-block;background:#7c3aed;color:#fff;padding:10px 16px;border-radius:8px;
  font-weight:600;margin-top:12px}
</style></head><body>
<header>Acme analytics</header>
<div class="hero">Everything at a glance</div>
<div class="card"><div>Monthly revenue</div><div class="muted">Compared with the previous
period</div><div class="ok">+8.1% this month</div><div class="btn">View report</div></div>
<div class="card"><div>Failed payments</div><div class="muted">Retries scheduled for
tomorrow</div><div class="err">3 payments failed</div><div class="btn">Retry now</div></div>
</body></html>"""


def _delta_e(a: str, others: list[str]) -> float:
    rgb = np.array([int(a[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    rest = np.array([[int(o[i : i + 2], 16) for i in (1, 3, 5)] for o in others]) / 255.0
    return float(np.min(delta_e_2000_srgb(rgb, rest)))


@pytest.fixture(scope="module", params=[1, 2], ids=["dpr1", "dpr2"])
def screenshot(browser: Browser, request: pytest.FixtureRequest) -> bytes:
    context = browser.new_context(
        viewport={"width": 1000, "height": 520}, device_scale_factor=request.param
    )
    page = context.new_page()
    page.set_content(PAGE)
    shot = page.screenshot(type="png")
    context.close()
    return shot


def test_declared_colours_come_back_exactly(screenshot):
    result = extract_colors(load_image(screenshot))
    found = [c.hex for c in result.palette]
    for role, design in DESIGN.items():
        assert _delta_e(design, found) <= 1.0, f"{role} {design} missing from {found}"
    # The gradient's ends, its dithering, the shadows and anti-aliasing are not colours.
    for color in found:
        assert _delta_e(color, list(DESIGN.values())) <= 1.0, f"{color} was never declared"


def test_roles_from_a_browser_page(screenshot):
    result = extract_colors(load_image(screenshot))
    roles = {role: result.palette[index].hex for role, index in result.roles.items()}
    for role in ("background", "surface", "border", "text", "text-muted", "primary"):
        assert roles[role] == DESIGN[role], role
    assert roles["on-primary"] == "#ffffff"
