"""Synthetic design systems drawn from a seed: palette, spacing scale, type scale, radii, shadows.

A `DesignSystem` is only the generator's intention: the benchmark never scores against it. The
truth is read back from the rendered page's computed styles (see `benchmarks._truth`), so a value
the browser rounds or a rule the layout never uses cannot inflate or deflate a score.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from coloraide import Color

__all__ = ["DesignSystem", "ShadowSpec", "design_system"]

# Base units the generator draws from: the common 4 and 8, and some odd ones designers do use.
_BASE_UNITS_PX = (4, 8, 4, 8, 5, 6, 10)
# Modular type-scale ratios: major second, minor third, major third, perfect fourth.
_TYPE_RATIOS = (1.125, 1.2, 1.25, 1.333)
_BODY_SIZES_PX = (14, 15, 16)
_RADII_PX = (2, 4, 6, 8, 10, 12, 16, 20, 24)
# Text families, sans and serif first, monospace last (scripts/ci-setup.sh installs the fonts:
# fonts-dejavu-core and fonts-liberation2).
_FAMILIES = (
    '"DejaVu Sans", sans-serif',
    '"Liberation Sans", sans-serif',
    '"DejaVu Serif", serif',
    '"Liberation Serif", serif',
    '"DejaVu Sans Mono", monospace',
)


@dataclass(frozen=True)
class ShadowSpec:
    """One elevation level as the CSS ``box-shadow`` the generator writes."""

    css: str


@dataclass(frozen=True)
class DesignSystem:
    """The generator's choices for one page (colours as ``#rrggbb``, lengths in CSS px)."""

    seed: int
    theme: str
    base_unit_px: int
    space_px: tuple[int, ...]
    background: str
    surface: str
    text: str
    text_muted: str
    border: str
    primary: str
    on_primary: str
    accent: str
    success: str
    warning: str
    danger: str
    body_size_px: int
    type_ratio: float
    sizes_px: dict[str, int]
    body_family: str
    heading_family: str
    heading_weight: int
    line_height: float
    radii_px: tuple[int, ...]
    pill: bool
    shadows: tuple[ShadowSpec, ...]

    def radius(self, level: int) -> int:
        """The radius of `level` (0 smallest), clamped to the largest the system has."""
        return self.radii_px[min(level, len(self.radii_px) - 1)]

    def shadow(self, level: int) -> str:
        """The box-shadow CSS of elevation `level` (0 lowest), clamped to the highest."""
        return self.shadows[min(level, len(self.shadows) - 1)].css

    def space(self, step: int) -> int:
        """The spacing value of scale `step` (0 = one base unit)."""
        return self.space_px[min(step, len(self.space_px) - 1)]


def _oklch(lightness: float, chroma: float, hue_deg: float) -> str:
    colour = Color("oklch", [lightness, chroma, hue_deg]).convert("srgb")
    return str(colour.fit("srgb").to_string(hex=True, fit=True))


def _palette(rng: random.Random, theme: str) -> dict[str, str]:
    hue = rng.uniform(0.0, 360.0)
    # A neutral tint: most design systems tilt their greys slightly towards the brand hue.
    tint = rng.choice((0.0, 0.005, 0.012))
    accent_hue = (hue + rng.choice((120.0, 150.0, 180.0, 210.0))) % 360.0
    if theme == "light":
        colours = {
            "background": _oklch(rng.uniform(0.97, 1.0), tint, hue),
            "surface": _oklch(1.0, 0.0, hue) if rng.random() < 0.6 else _oklch(0.94, tint, hue),
            "text": _oklch(rng.uniform(0.18, 0.3), tint * 2, hue),
            "text_muted": _oklch(rng.uniform(0.5, 0.58), tint * 2, hue),
            "border": _oklch(rng.uniform(0.86, 0.9), tint * 2, hue),
            "primary": _oklch(rng.uniform(0.5, 0.62), rng.uniform(0.13, 0.2), hue),
            "accent": _oklch(0.7, 0.14, accent_hue),
        }
        colours["on_primary"] = "#ffffff"
    else:
        colours = {
            "background": _oklch(rng.uniform(0.14, 0.2), tint * 2, hue),
            "surface": _oklch(rng.uniform(0.24, 0.28), tint * 2, hue),
            "text": _oklch(rng.uniform(0.93, 0.97), tint, hue),
            "text_muted": _oklch(rng.uniform(0.7, 0.76), tint, hue),
            "border": _oklch(rng.uniform(0.36, 0.4), tint * 2, hue),
            "primary": _oklch(rng.uniform(0.68, 0.76), rng.uniform(0.12, 0.17), hue),
            "accent": _oklch(0.78, 0.12, accent_hue),
        }
        colours["on_primary"] = _oklch(0.16, tint * 2, hue)
    lightness = 0.62 if theme == "light" else 0.72
    colours["success"] = _oklch(lightness, 0.15, 150.0)
    colours["warning"] = _oklch(lightness + 0.12, 0.15, 75.0)
    colours["danger"] = _oklch(lightness - 0.04, 0.19, 25.0)
    return colours


def _shadows(rng: random.Random, theme: str) -> tuple[ShadowSpec, ...]:
    count = rng.randint(1, 3)
    alpha_scale = 1.0 if theme == "light" else 3.0
    specs = []
    for level in range(count):
        y_px = (1, 4, 10)[level] + rng.choice((0, 1, 2))
        blur_px = (3, 10, 24)[level] + rng.choice((0, 2, 4))
        spread_px = rng.choice((0, 0, -1, -2)) if level else 0
        alpha = round(min(0.9, rng.uniform(0.1, 0.18) * alpha_scale), 2)
        layer = f"0px {y_px}px {blur_px}px {spread_px}px rgba(0, 0, 0, {alpha})"
        if rng.random() < 0.3:
            # A second, tight contact layer, as many systems layer an ambient and a key shadow.
            contact = round(alpha * 0.6, 2)
            layer += f", 0px 1px 2px 0px rgba(0, 0, 0, {contact})"
        specs.append(ShadowSpec(layer))
    return tuple(specs)


def design_system(seed: int, *, theme: str | None = None) -> DesignSystem:
    """Draw a complete design system from `seed` (the same seed always gives the same system).

    Parameters
    ----------
    seed : int
        Random seed.
    theme : {"light", "dark"}, optional
        Force the theme; drawn from the seed when omitted.
    """
    rng = random.Random(seed)
    chosen_theme = theme or rng.choice(("light", "dark"))
    base = rng.choice(_BASE_UNITS_PX)
    multiples = (1, 2, 3, 4, 6, 8) if base <= 6 else (1, 2, 3, 4, 5, 6)
    body = rng.choice(_BODY_SIZES_PX)
    ratio = rng.choice(_TYPE_RATIOS)
    sizes = {
        "small": round(body / ratio),
        "body": body,
        "h3": round(body * ratio),
        "h2": round(body * ratio**2),
        "h1": round(body * ratio**3),
        "display": round(body * ratio**4),
    }
    # Mostly sans or serif body text; now and then a monospace one (developer tools do that).
    body_family = rng.choice(_FAMILIES[:4]) if rng.random() < 0.85 else _FAMILIES[4]
    heading_family = body_family if rng.random() < 0.7 else rng.choice(_FAMILIES[:4])
    radii = tuple(sorted(rng.sample(_RADII_PX, rng.randint(1, 3))))
    return DesignSystem(
        seed=seed,
        theme=chosen_theme,
        base_unit_px=base,
        space_px=tuple(base * m for m in multiples),
        body_size_px=body,
        type_ratio=ratio,
        sizes_px=sizes,
        body_family=body_family,
        heading_family=heading_family,
        heading_weight=rng.choice((600, 700, 700)),
        line_height=rng.choice((1.4, 1.5, 1.6)),
        radii_px=radii,
        pill=rng.random() < 0.5,
        shadows=_shadows(rng, chosen_theme),
        **_palette(rng, chosen_theme),
    )
