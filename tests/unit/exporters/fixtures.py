"""A realistic token set every exporter renders for its golden files.

A light dashboard theme with a dark mode: palette primitives, a blue ramp, semantic roles as
aliases (dark overrides included), spacing, radii, two elevations, a border, font primitives
and typography styles aliasing them; evidence and confidence as an extraction would leave them.
"""

from __future__ import annotations

from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Evidence,
    GroupInfo,
    ImageInfo,
    Shadow,
    ShadowLayer,
    Token,
    TokenSet,
    Typography,
)

__all__ = ["FIXTURES", "dashboard", "minimal"]


def _c(hex_: str, alpha: float = 1.0) -> Color:
    base = Color.from_hex(hex_)
    return Color(base.components, alpha)


def _a(*path: str) -> Alias:
    return Alias(path)


def _px(value: float) -> Dimension:
    return Dimension(value)


def dashboard() -> TokenSet:
    ev = Evidence(boxes=((0, 0, 1440, 900),), share=0.61, count=1, image_ids=("dash",))
    palette = [
        ("white", "#ffffff", 0.97),
        ("slate-50", "#f8fafc", 0.9),
        ("slate-200", "#e2e8f0", 0.82),
        ("slate-500", "#64748b", 0.88),
        ("slate-900", "#0f172a", 0.95),
        ("blue", "#2563eb", 0.93),
        ("amber", "#f59e0b", 0.71),
        ("green", "#16a34a", 0.66),
        ("red", "#dc2626", 0.69),
    ]
    tokens: list[Token] = [
        Token(("color", "palette", name), "color", _c(hex_), confidence=conf, evidence=ev)
        for name, hex_, conf in palette
    ]
    ramp = {
        "50": "#eff6ff",
        "100": "#dbeafe",
        "200": "#bfdbfe",
        "300": "#93c5fd",
        "400": "#60a5fa",
        "500": "#3b82f6",
        "600": "#2563eb",
        "700": "#1d4ed8",
        "800": "#1e40af",
        "900": "#1e3a8a",
        "950": "#172554",
    }
    tokens += [Token(("color", "blue", step), "color", _c(hex_)) for step, hex_ in ramp.items()]
    roles = {
        "background": _a("color", "palette", "slate-50"),
        "surface": _a("color", "palette", "white"),
        "text": _a("color", "palette", "slate-900"),
        "text-muted": _a("color", "palette", "slate-500"),
        "primary": _a("color", "palette", "blue"),
        "on-primary": _a("color", "palette", "white"),
        "secondary": _a("color", "blue", "100"),
        "accent": _a("color", "palette", "amber"),
        "border": _a("color", "palette", "slate-200"),
        "success": _a("color", "palette", "green"),
        "danger": _a("color", "palette", "red"),
    }
    tokens += [
        Token(("color", role), "color", target, description=f"{role} role", confidence=0.8)
        for role, target in roles.items()
    ]
    tokens += [
        Token(("spacing", str(n)), "dimension", _px(4.0 * n), confidence=0.74)
        for n in (1, 2, 3, 4, 6, 8)
    ]
    tokens += [
        Token(("radius", "sm"), "dimension", _px(4.0)),
        Token(("radius", "md"), "dimension", _px(8.0)),
        Token(("radius", "full"), "dimension", _px(9999.0)),
    ]
    shadow_color = _c("#0f172a", 0.1)
    tokens += [
        Token(
            ("shadow", "1"),
            "shadow",
            Shadow((ShadowLayer(shadow_color, _px(0), _px(1), _px(2), _px(0)),)),
        ),
        Token(
            ("shadow", "2"),
            "shadow",
            Shadow(
                (
                    ShadowLayer(shadow_color, _px(0), _px(4), _px(6), _px(-1)),
                    ShadowLayer(_c("#0f172a", 0.06), _px(0), _px(2), _px(4), _px(-2)),
                    ShadowLayer(_a("color", "border"), _px(0), _px(0), _px(0), _px(1), inset=True),
                )
            ),
        ),
        Token(
            ("border", "default"),
            "border",
            Border(_a("color", "border"), _px(1), "solid"),
        ),
        Token(("font", "family", "sans"), "fontFamily", ("Inter", "Helvetica Neue", "sans-serif")),
        Token(("font", "family", "mono"), "fontFamily", ("JetBrains Mono", "monospace")),
        Token(("font", "weight", "regular"), "fontWeight", 400.0),
        Token(("font", "weight", "semibold"), "fontWeight", 600.0),
        Token(("font", "weight", "bold"), "fontWeight", 700.0),
        Token(("font", "size", "sm"), "dimension", _px(14.0)),
        Token(("font", "size", "md"), "dimension", _px(16.0)),
        Token(("font", "size", "xl"), "dimension", _px(24.0)),
        Token(("font", "size", "3xl"), "dimension", _px(36.0)),
    ]
    styles = {
        "display": ("3xl", "bold", -0.5, 1.1),
        "heading-1": ("xl", "semibold", -0.25, 1.25),
        "body": ("md", "regular", 0.0, 1.5),
        "caption": ("sm", "regular", 0.25, 1.4),
    }
    tokens += [
        Token(
            ("typography", name),
            "typography",
            Typography(
                _a("font", "family", "sans"),
                _a("font", "size", size),
                _a("font", "weight", weight),
                _px(tracking),
                line,
            ),
        )
        for name, (size, weight, tracking, line) in styles.items()
    ]
    dark = {
        ("color", "background"): _a("color", "palette", "slate-900"),
        ("color", "surface"): _c("#1e293b"),
        ("color", "text"): _a("color", "palette", "slate-50"),
        ("color", "text-muted"): _c("#94a3b8"),
        ("color", "primary"): _a("color", "blue", "400"),
        ("color", "on-primary"): _a("color", "palette", "slate-900"),
        ("color", "border"): _c("#334155"),
    }
    return TokenSet(
        tokens=tuple(tokens),
        groups=(
            GroupInfo(("color",), description="Colours measured in the screenshot"),
            GroupInfo(("spacing",), extensions={"com.copy-that": {"base_px": 4}}),
        ),
        images=(ImageInfo("dash", "dashboard.png", 1440, 900, dpr=1.0, dpr_source="option"),),
        timings_ms={"colors": 12.5},
        modes={"dark": dark},
    )


def minimal() -> TokenSet:
    """A photo-like result: two colours, no roles, an empty spacing group with its reason."""
    return TokenSet(
        tokens=(
            Token(("color", "palette", "sand"), "color", _c("#d8c3a5"), confidence=0.9),
            Token(("color", "palette", "sea"), "color", _c("#2a6f97", 0.5), confidence=0.6),
        ),
        groups=(GroupInfo(("spacing",), reason="no UI elements: the image looks like a photo"),),
        images=(ImageInfo("photo", "beach.jpg", 800, 600),),
    )


FIXTURES = {"dashboard": dashboard, "minimal": minimal}
