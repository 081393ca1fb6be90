"""Debug overlay: the layout analysis and layout tokens drawn over the image they came from.

`draw_overlay` draws element boxes (coloured by kind), the gaps and paddings behind each spacing
value with the value in CSS px, fitted corner radii as arcs, and each fitted shadow's first layer
as the outline of its offset, spread box. `render_overlay` returns the same as PNG bytes, running
the layout extractors itself for any result not passed in (what ``copy-that extract --overlay
out.png`` writes). Everything drawn is in the results' evidence too; the overlay only makes it
visible.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis.model import ElementKind, Layout
from copy_that.errors import OptionsError
from copy_that.extract._layout_check import check_layout
from copy_that.extract.borders import BorderResult, extract_borders
from copy_that.extract.radii import RadiusResult, extract_radii
from copy_that.extract.shadows import ShadowResult, extract_shadows
from copy_that.extract.spacing import SpacingResult, extract_spacing
from copy_that.imaging import Image

__all__ = ["OverlayOptions", "draw_overlay", "render_overlay"]

RGBA = tuple[int, int, int, int]

_KIND_COLOURS: dict[ElementKind, RGBA] = {
    "container": (120, 120, 120, 200),
    "card": (230, 40, 40, 230),
    "button": (40, 90, 230, 230),
    "input": (0, 160, 160, 230),
    "chip": (20, 160, 60, 230),
    "image": (240, 140, 0, 230),
    "icon": (150, 60, 200, 230),
    "text": (220, 0, 200, 150),
    "divider": (40, 40, 40, 200),
    "unknown": (160, 160, 160, 200),
}
_GAP_FILL: RGBA = (255, 0, 140, 70)
_GAP_LABEL: RGBA = (160, 0, 90, 255)
_RADIUS_COLOUR: RGBA = (255, 120, 0, 255)
_SHADOW_COLOUR: RGBA = (0, 120, 255, 255)
_BORDER_LABEL: RGBA = (60, 60, 60, 255)
_LABEL_BACKGROUND: RGBA = (255, 255, 255, 210)
# Label text height in CSS px (scaled by the DPR so labels read the same at 1× and 2×).
_LABEL_CSS_PX = 10
# Dash and gap lengths of the shadow outline, CSS px.
_DASH_CSS_PX = 4


@dataclass(frozen=True)
class OverlayOptions:
    """Options of `draw_overlay`.

    Parameters
    ----------
    boxes : bool
        Draw element boxes. Default True.
    labels : bool
        Write values next to gaps, radii and shadows. Default True.
    dim : float
        How much to fade the image under the drawing, 0 (not at all) to 1 (white). Default 0.35.
    """

    boxes: bool = True
    labels: bool = True
    dim: float = 0.35

    def __post_init__(self) -> None:
        if not (math.isfinite(self.dim) and 0.0 <= self.dim <= 1.0):
            raise OptionsError(f"dim must lie in 0–1, got {self.dim!r}", option="dim")


def _label(
    draw: ImageDraw.ImageDraw,
    at: tuple[float, float],
    text: str,
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
    colour: RGBA,
) -> None:
    left, top, right, bottom = draw.textbbox(at, text, font=font)
    draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=_LABEL_BACKGROUND)
    draw.text(at, text, font=font, fill=colour)


def _css(value: float) -> str:
    return f"{value:g}"


def draw_overlay(
    image: Image,
    layout: Layout,
    *,
    spacing: SpacingResult | None = None,
    radii: RadiusResult | None = None,
    shadows: ShadowResult | None = None,
    borders: BorderResult | None = None,
    options: OverlayOptions | None = None,
) -> PILImage.Image:
    """Draw the layout and its measurements over the image.

    Parameters
    ----------
    image : Image
        The analysed image.
    layout : Layout
        Its layout.
    spacing, radii, shadows, borders : result, optional
        Extractor results to draw; each is skipped when omitted.
    options : OverlayOptions, optional
        Defaults as documented on `OverlayOptions`.

    Returns
    -------
    PIL.Image.Image
        An RGB image of the same size as `image`.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    opts = options or OverlayOptions()
    check_layout(image, layout)
    base = PILImage.fromarray(image.rgb, mode="RGB").convert("RGBA")
    if opts.dim > 0:
        base = PILImage.blend(base, PILImage.new("RGBA", base.size, (255, 255, 255, 255)), opts.dim)
    layer = PILImage.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    scale = max(1.0, layout.dpr)
    line = max(1, round(scale))
    font = ImageFont.load_default(size=max(8, round(_LABEL_CSS_PX * scale)))

    if opts.boxes:
        for e in layout.elements:
            x, y, w, h = e.box
            draw.rectangle((x, y, x + w - 1, y + h - 1), outline=_KIND_COLOURS[e.kind], width=line)
    if spacing is not None:
        for value in spacing.values:
            for gap in value.gaps:
                x, y, w, h = gap.rect
                draw.rectangle((x, y, x + w - 1, y + h - 1), fill=_GAP_FILL)
                if opts.labels:
                    _label(draw, (x + 1, y + 1), _css(value.value_px), font, _GAP_LABEL)
    by_id = {e.id: e for e in layout.elements}
    if radii is not None:
        for fitted in radii.elements:
            e = by_id[fitted.element]
            x, y, w, h = e.box
            centres = ((x, y, 180), (x + w, y, 270), (x + w, y + h, 0), (x, y + h, 90))
            for radius, (cx, cy, start) in zip(fitted.corners_px, centres, strict=True):
                if radius is None or radius <= 0:
                    continue
                r = radius * layout.dpr
                ox = cx + (r if cx == x else -r)
                oy = cy + (r if cy == y else -r)
                draw.arc(
                    (ox - r, oy - r, ox + r, oy + r),
                    start,
                    start + 90,
                    fill=_RADIUS_COLOUR,
                    width=line,
                )
            measured = [c for c in fitted.corners_px if c is not None]
            if opts.labels and measured:
                text = "full" if fitted.pill else f"r{_css(max(measured))}"
                _label(draw, (x + w + 2, y), text, font, _RADIUS_COLOUR)
    if shadows is not None:
        dash = _DASH_CSS_PX * scale
        for shadow in shadows.elements:
            e = by_id[shadow.element]
            first = shadow.layers[0]
            x, y, w, h = e.box
            grow = first.spread_px * layout.dpr
            x0 = x + first.offset_x_px * layout.dpr - grow
            y0 = y + first.offset_y_px * layout.dpr - grow
            x1, y1 = x0 + w + 2 * grow, y0 + h + 2 * grow
            for (ax, ay), (bx, by) in (
                ((x0, y1), (x1, y1)),
                ((x1, y0), (x1, y1)),
                ((x0, y0), (x0, y1)),
                ((x0, y0), (x1, y0)),
            ):
                length = math.hypot(bx - ax, by - ay)
                steps = max(1, int(length // (2 * dash)))
                for i in range(steps):
                    t0, t1 = 2 * i * dash / length, min(1.0, (2 * i + 1) * dash / length)
                    draw.line(
                        (
                            ax + (bx - ax) * t0,
                            ay + (by - ay) * t0,
                            ax + (bx - ax) * t1,
                            ay + (by - ay) * t1,
                        ),
                        fill=_SHADOW_COLOUR,
                        width=line,
                    )
            if opts.labels:
                text = " + ".join(
                    f"{_css(layer_.offset_x_px)} {_css(layer_.offset_y_px)} {_css(layer_.blur_px)}"
                    for layer_ in shadow.layers
                )
                _label(draw, (x, y + h + 2), text, font, _SHADOW_COLOUR)
    if borders is not None and opts.labels:
        text_height = round(_LABEL_CSS_PX * scale)
        for border in borders.elements:
            x, y, _, _ = by_id[border.element].box
            where = (x, max(0, y - text_height - 3))
            _label(draw, where, f"{_css(border.width_px)}px", font, _BORDER_LABEL)
    return PILImage.alpha_composite(base, layer).convert("RGB")


def render_overlay(
    image: Image,
    layout: Layout,
    *,
    spacing: SpacingResult | None = None,
    radii: RadiusResult | None = None,
    shadows: ShadowResult | None = None,
    borders: BorderResult | None = None,
    options: OverlayOptions | None = None,
) -> bytes:
    """Draw the layout and every layout measurement over the image, as PNG bytes.

    Parameters
    ----------
    image : Image
        The analysed image.
    layout : Layout
        Its layout.
    spacing, radii, shadows, borders : result, optional
        Extractor results; each one not given is computed here with default options.
    options : OverlayOptions, optional
        Defaults as documented on `OverlayOptions`.

    Returns
    -------
    bytes
        A PNG image of the same size as `image`.

    Raises
    ------
    OptionsError
        The layout was computed from an image of another size.
    """
    drawn = draw_overlay(
        image,
        layout,
        spacing=spacing if spacing is not None else extract_spacing(image, layout),
        radii=radii if radii is not None else extract_radii(image, layout),
        shadows=shadows if shadows is not None else extract_shadows(image, layout),
        borders=borders if borders is not None else extract_borders(image, layout),
        options=options,
    )
    out = io.BytesIO()
    drawn.save(out, format="PNG")
    return out.getvalue()
