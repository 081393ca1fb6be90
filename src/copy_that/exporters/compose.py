"""Jetpack Compose (Kotlin): token constants, light/dark `ColorScheme`, `Typography`, `Shapes`.

``object <TypeName>`` holds the default mode (aliases are references, ``dp``/``sp`` units),
``object <TypeName>Dark`` the values that differ in the dark mode. The Material 3 colour schemes
set the roles the image shows (text → onBackground/onSurface, text-muted → onSurfaceVariant,
accent → tertiary, border → outline, danger → error) and keep Material's defaults for the rest.
Typography maps display → displayLarge, heading-1..3 → headlineLarge..Small, body → bodyLarge,
small → bodyMedium, caption → bodySmall; radii xs..xl → Shapes extraSmall..extraLarge. Font
sizes and letter spacing are ``sp``, line height ``em`` (a multiple of the font size), other
lengths ``dp`` (CSS px; rem × `rem_base_px`). Font families are Compose's generic families with
the design's family names in a comment: custom fonts need the app's font resources.
"""

from __future__ import annotations

from typing import Final

from copy_that.exporters._common import (
    ExportOptions,
    affected_paths,
    comment_text,
    dependency_order,
    dimension_px,
    fmt_number,
    header_lines,
    mode_value,
    pascal,
)
from copy_that.exporters._native import identifiers, quoted, role_tokens
from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Shadow,
    Token,
    TokenPath,
    TokenSet,
    TokenValue,
    Typography,
)

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render", "render_files"]

NAME = "compose"
EXTENSION = "kt"
MEDIA_TYPE = "text/x-kotlin"
DESCRIPTION = "Jetpack Compose Kotlin: ColorScheme (light/dark), Typography, Shapes, spacing"

_RESERVED: Final = frozenset(
    [
        "as",
        "break",
        "class",
        "continue",
        "do",
        "else",
        "false",
        "for",
        "fun",
        "if",
        "in",
        "interface",
        "is",
        "null",
        "object",
        "package",
        "return",
        "super",
        "this",
        "throw",
        "true",
        "try",
        "typealias",
        "typeof",
        "val",
        "var",
        "when",
        "while",
    ]
)
_ROLES: Final = {
    "primary": ("primary",),
    "on-primary": ("onPrimary",),
    "secondary": ("secondary",),
    "accent": ("tertiary",),
    "background": ("background",),
    "surface": ("surface",),
    "text": ("onBackground", "onSurface"),
    "text-muted": ("onSurfaceVariant",),
    "border": ("outline",),
    "danger": ("error",),
}
_TEXT_ROLES: Final = {
    "display": "displayLarge",
    "heading-1": "headlineLarge",
    "heading-2": "headlineMedium",
    "heading-3": "headlineSmall",
    "body": "bodyLarge",
    "small": "bodyMedium",
    "caption": "bodySmall",
}
_SHAPES: Final = {
    "xs": "extraSmall",
    "sm": "small",
    "md": "medium",
    "lg": "large",
    "xl": "extraLarge",
}
_GENERIC: Final = {
    "serif": "FontFamily.Serif",
    "monospace": "FontFamily.Monospace",
    "ui-monospace": "FontFamily.Monospace",
    "cursive": "FontFamily.Cursive",
}
_SUPPORT = """
/** One shadow layer with CSS semantics (blur is the CSS blur radius). */
data class {T}ShadowLayer(
    val color: Color,
    val offsetX: Dp,
    val offsetY: Dp,
    val blur: Dp,
    val spread: Dp,
    val inset: Boolean,
)
"""


def _argb(color: Color) -> str:
    r, g, b = color.srgb8
    return f"Color(0x{round(color.alpha * 255):02X}{r:02X}{g:02X}{b:02X})"


class _Kotlin:
    def __init__(self, tokens: TokenSet, options: ExportOptions) -> None:
        self.tokens = tokens
        self.options = options
        self.t = options.type_name
        self.names = identifiers(tokens, pascal, _RESERVED, NAME)
        self.dark = options.dark_mode if options.dark_mode in tokens.modes else None
        self.dark_paths = affected_paths(tokens, self.dark) if self.dark else set()

    def ref(self, path: TokenPath, mode: str | None) -> str:
        owner = f"{self.t}Dark" if mode is not None and path in self.dark_paths else self.t
        return f"{owner}.{self.names[path]}"

    def length(self, value: Dimension | Alias, mode: str | None, unit: str = "dp") -> str:
        if isinstance(value, Alias):
            ref = self.ref(value.path, mode)
            is_font_size = value.path[:2] == ("font", "size")
            if (unit == "sp") == is_font_size:
                return ref
            return f"{ref}.value.{unit}"
        return f"{fmt_number(dimension_px(value, self.options.rem_base_px))}.{unit}"

    def color(self, value: Color | Alias, mode: str | None) -> str:
        return self.ref(value.path, mode) if isinstance(value, Alias) else _argb(value)

    def expr(self, token: Token, value: TokenValue, mode: str | None) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path, mode)
        if isinstance(value, Color):
            return _argb(value)
        if isinstance(value, Dimension):
            unit = "sp" if token.path[:2] == ("font", "size") else "dp"
            return self.length(value, mode, unit)
        if isinstance(value, tuple):
            generic = next((_GENERIC[f] for f in value if f in _GENERIC), "FontFamily.SansSerif")
            return f"{generic} // design: {comment_text(', '.join(value))}"
        if token.type == "fontWeight" and isinstance(value, float | int):
            return f"FontWeight({round(value)})"
        if isinstance(value, float | int):
            return f"{fmt_number(value)}f"
        if isinstance(value, Shadow):
            layers = ", ".join(
                f"{self.t}ShadowLayer({self.color(layer.color, mode)}, "
                f"{self.length(layer.offset_x, mode)}, "
                f"{self.length(layer.offset_y, mode)}, {self.length(layer.blur, mode)}, "
                f"{self.length(layer.spread, mode)}, {'true' if layer.inset else 'false'})"
                for layer in value.layers
            )
            return f"listOf({layers})"
        if isinstance(value, Border):
            return (
                f"BorderStroke({self.length(value.width, mode)}, {self.color(value.color, mode)})"
            )
        if isinstance(value, Typography):
            family = (
                self.ref(value.font_family.path, mode)
                if isinstance(value.font_family, Alias)
                else self.expr(token, value.font_family, mode).split(" //")[0]
            )
            weight = (
                self.ref(value.font_weight.path, mode)
                if isinstance(value.font_weight, Alias)
                else f"FontWeight({round(value.font_weight)})"
            )
            line = (
                f"{self.ref(value.line_height.path, mode)}.em"
                if isinstance(value.line_height, Alias)
                else f"{fmt_number(value.line_height)}.em"
            )
            return (
                f"TextStyle(fontFamily = {family}, "
                f"fontSize = {self.length(value.font_size, mode, 'sp')}, fontWeight = {weight}, "
                f"letterSpacing = {self.length(value.letter_spacing, mode, 'sp')}, "
                f"lineHeight = {line})"
            )
        return quoted(str(value), lang="kotlin")


def _object(name: str, doc: str, lines: list[str]) -> list[str]:
    return [f"/** {doc} */", f"object {name} {{", *(f"    {line}" for line in lines), "}"]


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The Kotlin source file (see the module docstring)."""
    k = _Kotlin(tokens, options)
    t = options.type_name
    out: list[str] = []
    if options.header:
        out += [f"// {line}" for line in header_lines(tokens, NAME)]
    imports = [
        "androidx.compose.foundation.BorderStroke",
        "androidx.compose.foundation.shape.RoundedCornerShape",
        "androidx.compose.material3.ColorScheme",
        "androidx.compose.material3.Shapes",
        "androidx.compose.material3.Typography",
        "androidx.compose.material3.darkColorScheme",
        "androidx.compose.material3.lightColorScheme",
        "androidx.compose.ui.graphics.Color",
        "androidx.compose.ui.text.TextStyle",
        "androidx.compose.ui.text.font.FontFamily",
        "androidx.compose.ui.text.font.FontWeight",
        "androidx.compose.ui.unit.Dp",
        "androidx.compose.ui.unit.dp",
        "androidx.compose.ui.unit.em",
        "androidx.compose.ui.unit.sp",
    ]
    out += ["", f"package {options.package}", "", *(f"import {i}" for i in imports)]
    out += _SUPPORT.format(T=t).splitlines()
    order = dependency_order(tokens)
    base = [f"val {k.names[x.path]} = {k.expr(x, x.value, None)}" for x in order]
    out += ["", *_object(t, "Design tokens, default mode.", base)]
    if k.dark:
        dark = [
            f"val {k.names[x.path]} = {k.expr(x, mode_value(tokens, x, k.dark), k.dark)}"
            for x in order
            if x.path in k.dark_paths
        ]
        out += ["", *_object(f"{t}Dark", f"Values that differ in the {k.dark} mode.", dark)]
    roles = role_tokens(tokens)
    for label, builder, mode in (
        ("Light", "lightColorScheme", None),
        ("Dark", "darkColorScheme", k.dark),
    ):
        if label == "Dark" and mode is None:
            continue
        args = [
            f"    {field} = {k.ref(roles[role].path, mode)},"
            for role, fields in _ROLES.items()
            if role in roles
            for field in fields
        ]
        out += ["", f"val {t}{label}Colors: ColorScheme = {builder}(", *args, ")"]
    styles = {x.path[1]: x for x in tokens if x.type == "typography" and len(x.path) == 2}
    text_args = [
        f"    {field} = {k.ref(styles[n].path, None)},"
        for n, field in _TEXT_ROLES.items()
        if n in styles
    ]
    out += ["", f"val {t}Typography = Typography(", *text_args, ")"]
    radii = {
        x.path[1]: x
        for x in tokens
        if x.path[0] == "radius" and x.type == "dimension" and len(x.path) == 2
    }
    shape_args = [
        f"    {field} = RoundedCornerShape({k.ref(radii[n].path, None)}),"
        for n, field in _SHAPES.items()
        if n in radii
    ]
    out += ["", f"val {t}Shapes = Shapes(", *shape_args, ")"]
    return "\n".join(out) + "\n"


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """One Kotlin file named after the type (``DesignTokens.kt``)."""
    return {f"{options.type_name}.{EXTENSION}": render(tokens, options)}
