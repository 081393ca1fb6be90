"""Synthetic images with known colours for the colour-extraction tests.

Shapes are drawn at 3× and box-filtered down, so rounded corners and fractional edges carry real
anti-aliasing blends while flat areas keep their exact colour; text is drawn at 1× by FreeType
(DejaVu Sans from Debian's fonts-dejavu-core, installed by scripts/ci-setup.sh) with its own
anti-aliasing; drop shadows are Gaussian-blurred; the hero banner is a linear gradient.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

from copy_that.imaging import Image, delta_e_2000_srgb

__all__ = [
    "DARK_COLORS",
    "DEJAVU",
    "UI_COLORS",
    "Scene",
    "as_jpeg",
    "dark_scene",
    "hex_rgb",
    "nearest_delta_e",
    "ui_scene",
]

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
_SS = 3  # supersampling factor for shapes

#: The design colours of `ui_scene`, by what they are used for.
UI_COLORS = {
    "background": "#f3f4f6",
    "surface": "#ffffff",
    "border": "#e5e7eb",
    "sidebar": "#111827",
    "text": "#111827",
    "body": "#374151",
    "text-muted": "#6b7280",
    "sidebar-text": "#9ca3af",
    "primary": "#2563eb",
    "on-primary": "#ffffff",
    "success": "#16a34a",
    "danger": "#dc2626",
    "accent": "#db2777",
    "input-border": "#d1d5db",
}


def hex_rgb(code: str) -> tuple[int, int, int]:
    """``#rrggbb`` → (r, g, b)."""
    return (int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16))


def nearest_delta_e(target: str, candidates: list[str]) -> float:
    """CIEDE2000 from `target` to the closest of `candidates` (hex codes)."""
    if not candidates:
        return float("inf")
    t = np.array(hex_rgb(target)) / 255.0
    c = np.array([hex_rgb(h) for h in candidates]) / 255.0
    return float(np.min(delta_e_2000_srgb(t, c)))


def as_jpeg(image: Image, quality: int = 75) -> Image:
    """Round-trip `image` through JPEG at `quality` (Pillow's default 4:2:0 subsampling)."""
    buffer = io.BytesIO()
    PILImage.fromarray(image.rgb).save(buffer, format="JPEG", quality=quality)
    return Image.from_array(np.asarray(PILImage.open(io.BytesIO(buffer.getvalue())).convert("RGB")))


@dataclass(frozen=True)
class Scene:
    """A rendered test image and the colours it was drawn with."""

    image: Image
    colors: dict[str, str]


def _box(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    return (round(x * _SS), round(y * _SS), round((x + w) * _SS) - 1, round((y + h) * _SS) - 1)


def _shadow(canvas: PILImage.Image, box: tuple[float, float, float, float]) -> None:
    """Composite a soft drop shadow (0 4px 12px rgba(0,0,0,0.18)) under `box` at 3×."""
    x, y, w, h = box
    pad = 40
    mask = PILImage.new("L", (round((w + 2 * pad) * _SS), round((h + 2 * pad) * _SS)), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        _box(pad, pad + 4, w, h), radius=8 * _SS, fill=round(255 * 0.18)
    )
    mask = mask.filter(ImageFilter.GaussianBlur(6 * _SS))
    black = PILImage.new("RGB", mask.size, (0, 0, 0))
    canvas.paste(black, (round((x - pad) * _SS), round((y - pad) * _SS)), mask)


def _card(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float]) -> None:
    draw.rounded_rectangle(
        _box(*box),
        radius=8 * _SS,
        fill=UI_COLORS["surface"],
        outline=UI_COLORS["border"],
        width=_SS,
    )


@lru_cache(maxsize=4)
def ui_scene(width: int = 1440, height: int = 900) -> Scene:
    """A dashboard: header, dark sidebar, cards with borders and shadows, buttons, text, badges.

    Everything is laid out relative to a 1440×900 frame and clipped to (`width`, `height`).
    """
    c = UI_COLORS
    canvas = PILImage.new("RGB", (1440 * _SS, 900 * _SS), c["background"])
    draw = ImageDraw.Draw(canvas)
    # Header with a 1px bottom border, sidebar.
    draw.rectangle(_box(0, 0, 1440, 64), fill=c["surface"])
    draw.rectangle(_box(0, 64, 1440, 1), fill=c["border"])
    draw.rectangle(_box(0, 65, 240, 835), fill=c["sidebar"])
    # Hero banner: a horizontal gradient indigo → purple, filled after the downsample.
    hero = (272, 96, 1136, 160)
    # Cards with shadows; one sits on a fractional row so its edges blend.
    cards = [(272, 288.5, 360, 240), (656, 288, 360, 240), (1040, 288, 368, 240)]
    for card in cards:
        _shadow(canvas, card)
    for card in cards:
        _card(draw, card)
    wide = (272, 560, 1136, 300)
    _shadow(canvas, wide)
    _card(draw, wide)
    # Buttons, badges, an input with a 1px border, divider lines inside the wide card.
    draw.rounded_rectangle(_box(296, 460, 132, 40), radius=6 * _SS, fill=c["primary"])
    draw.rounded_rectangle(_box(680, 460, 132, 40), radius=6 * _SS, fill=c["primary"])
    draw.rounded_rectangle(_box(1064, 470, 84, 26), radius=13 * _SS, fill=c["accent"])
    draw.rectangle(_box(296, 600, 400, 40), fill=c["surface"], outline=c["input-border"], width=_SS)
    for row in (680, 730, 780):
        draw.rectangle(_box(296, row, 1088, 1), fill=c["border"])
    canvas = canvas.reduce(_SS)
    rgb = np.asarray(canvas).copy()
    ramp = np.linspace(0.0, 1.0, hero[2])[None, :, None]
    start, end = np.array(hex_rgb("#6366f1")), np.array(hex_rgb("#a855f7"))
    rgb[hero[1] : hero[1] + hero[3], hero[0] : hero[0] + hero[2]] = np.round(
        start + (end - start) * ramp
    ).astype(np.uint8)
    canvas = PILImage.fromarray(rgb)
    draw = ImageDraw.Draw(canvas)

    font = ImageFont.truetype(str(DEJAVU), 14)
    body = ImageFont.truetype(str(DEJAVU), 16)
    bold = ImageFont.truetype(str(DEJAVU_BOLD), 16)
    title = ImageFont.truetype(str(DEJAVU_BOLD), 28)
    draw.text((24, 22), "Copy That", font=bold, fill=c["text"])
    draw.text((1200, 24), "Signed in as Ada", font=font, fill=c["text-muted"])
    for i, label in enumerate(["Overview", "Projects", "Tokens", "Exports", "Settings"]):
        fill = c["surface"] if i == 0 else c["sidebar-text"]
        draw.text((32, 100 + 40 * i), label, font=body, fill=fill)
    draw.text((304, 150), "Design tokens from pixels", font=title, fill=c["surface"])
    for x, y, _w, _h in cards:
        draw.text((x + 24, y + 24), "Monthly extractions", font=bold, fill=c["text"])
        draw.text((x + 24, y + 56), "Palettes measured this month", font=body, fill=c["body"])
        draw.text((x + 24, y + 84), "Updated 3 minutes ago", font=font, fill=c["text-muted"])
        draw.text((x + 24, y + 112), "+12.5% since last week", font=font, fill=c["success"])
    draw.text((1064, 434), "2 failed exports", font=font, fill=c["danger"])
    for x in (296, 680):
        draw.text((x + 30, 471), "Export CSS", font=bold, fill=c["on-primary"])
    draw.text((1076, 475), "BETA", font=ImageFont.truetype(str(DEJAVU_BOLD), 12), fill="#ffffff")
    draw.text((308, 611), "Search tokens…", font=body, fill=c["sidebar-text"])
    for i, row in enumerate((690, 740, 790)):
        draw.text((296, row + 12), f"color.palette.blue-{i + 1}", font=body, fill=c["body"])
        draw.text((900, row + 12), "#2563eb", font=body, fill=c["text-muted"])
    rgb = np.asarray(canvas)[:height, :width]
    return Scene(image=Image.from_array(np.ascontiguousarray(rgb), name="ui"), colors=dict(c))


#: The design colours of `dark_scene`.
DARK_COLORS = {
    "background": "#0f172a",
    "surface": "#1e293b",
    "text": "#f8fafc",
    "text-muted": "#94a3b8",
    "primary": "#38bdf8",
    "on-primary": "#0f172a",
    "border": "#334155",
    "warning": "#f59e0b",
}


@lru_cache(maxsize=1)
def dark_scene() -> Scene:
    """A dark theme: cards with 1-px borders (the right and bottom ones straddle two pixels),
    sky-blue buttons with dark labels, light and muted text, amber warnings."""
    c = DARK_COLORS
    canvas = PILImage.new("RGB", (900 * _SS, 600 * _SS), c["background"])
    draw = ImageDraw.Draw(canvas)
    for i in range(3):
        x = 30 + 290 * i
        # Inclusive right/bottom coordinates put those border edges a third of a pixel out.
        draw.rounded_rectangle(
            [x * _SS, 40 * _SS, (x + 260) * _SS, 300 * _SS],
            radius=10 * _SS,
            fill=c["surface"],
            outline=c["border"],
            width=_SS,
        )
        draw.rounded_rectangle(
            [(x + 20) * _SS, 230 * _SS, (x + 140) * _SS, 270 * _SS],
            radius=6 * _SS,
            fill=c["primary"],
        )
    draw.rectangle(_box(30, 340, 840, 1), fill=c["border"])
    canvas = canvas.reduce(_SS)
    draw = ImageDraw.Draw(canvas)
    body = ImageFont.truetype(str(DEJAVU), 15)
    bold = ImageFont.truetype(str(DEJAVU_BOLD), 18)
    for i in range(3):
        x = 30 + 290 * i
        draw.text((x + 20, 60), "Revenue this month", font=bold, fill=c["text"])
        draw.text((x + 20, 95), "Compared with last month", font=body, fill=c["text-muted"])
        draw.text((x + 20, 125), "3 invoices overdue", font=body, fill=c["warning"])
        draw.text((x + 34, 240), "Open report", font=body, fill=c["on-primary"])
    for j in range(5):
        fill = c["text"] if j % 2 else c["text-muted"]
        draw.text(
            (30, 360 + 40 * j), f"Line item number {j} with a description", font=body, fill=fill
        )
    rgb = np.asarray(canvas)
    return Scene(image=Image.from_array(np.ascontiguousarray(rgb), name="dark"), colors=dict(c))
