"""extract_colors on real Chromium screenshots of pages whose CSS colours are known.

Chromium renders text with sub-pixel positioning and gamma-aware anti-aliasing, dithers
gradients and blurs shadows: the colours the page's CSS declares must come back exactly
(CIEDE2000 ≤ 1), and nothing else may.
"""

import numpy as np
import pytest
from playwright.sync_api import Browser

from copy_that.extract.colors import ColorOptions, extract_colors
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


TABLE_DESIGN = [
    "#ffffff", "#1f2937", "#1e3a8a", "#bfdbfe", "#e5e7eb", "#6b7280", "#f9fafb", "#dcfce7",
    "#166534", "#fef3c7", "#92400e", "#fee2e2", "#991b1b", "#2563eb", "#f59e0b", "#d1d5db",
    "#9ca3af",
]  # fmt: skip

TABLE_PAGE = """<!doctype html><html><head><style>
body{margin:0;background:#fff;font-family:sans-serif;color:#1f2937;font-size:14px}
nav{background:#1e3a8a;color:#fff;height:48px;display:flex;align-items:center;padding:0 20px;
  gap:20px}
nav a{color:#bfdbfe}
main{padding:20px}
table{border-collapse:collapse;width:700px}
td,th{padding:8px 12px;border-bottom:1px solid #e5e7eb;text-align:left}
th{color:#6b7280;font-size:12px;text-transform:uppercase}
tr:nth-child(even) td{background:#f9fafb}
.badge{display:inline-block;padding:2px 8px;border-radius:999px;font-size:12px}
.ok{background:#dcfce7;color:#166534}.warn{background:#fef3c7;color:#92400e}
.bad{background:#fee2e2;color:#991b1b}
a.link{color:#2563eb}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;background:#f59e0b;
  margin-right:6px}
input{border:1px solid #d1d5db;border-radius:6px;padding:8px;width:240px;margin-bottom:16px}
input::placeholder{color:#9ca3af}
</style></head><body>
<nav><b>Orders</b><a>Customers</a><a>Reports</a><a>Settings</a></nav>
<main><input placeholder="Search orders"><table>
<tr><th>Order</th><th>Customer</th><th>Status</th><th>Total</th></tr>
<tr><td><a class="link">#1042</a></td><td>Ada Lovelace</td><td><span class="badge ok">Paid</span>
</td><td>€120.00</td></tr>
<tr><td><a class="link">#1043</a></td><td>Grace Hopper</td><td><span class="badge warn">Pending
</span></td><td>€64.50</td></tr>
<tr><td><a class="link">#1044</a></td><td>Alan Turing</td><td><span class="badge bad">Refunded
</span></td><td>€310.99</td></tr>
<tr><td><a class="link">#1045</a></td><td><span class="dot"></span>Edsger Dijkstra</td><td>
<span class="badge ok">Paid</span></td><td>€18.20</td></tr>
<tr><td><a class="link">#1046</a></td><td>Barbara Liskov</td><td><span class="badge warn">Pending
</span></td><td>€77.00</td></tr>
</table></main></body></html>"""


def test_dense_table_with_badges(browser: Browser):
    context = browser.new_context(viewport={"width": 760, "height": 420}, device_scale_factor=1)
    page = context.new_page()
    page.set_content(TABLE_PAGE)
    shot = page.screenshot(type="png")
    context.close()
    result = extract_colors(load_image(shot), options=ColorOptions(max_colors=24))
    found = [c.hex for c in result.palette]
    missing = [design for design in TABLE_DESIGN if _delta_e(design, found) > 1.0]
    assert not missing, f"{missing} missing from {found}"
    for color in found:
        assert _delta_e(color, TABLE_DESIGN) <= 1.0, f"{color} was never declared"
