"""Token values as CSS text, shared by the CSS, SCSS and Tailwind exporters.

References are written by a caller-supplied function, so one formatter serves CSS custom
properties (``var(--color-primary)``) and Sass variables (``$color-primary``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from copy_that.errors import ExportError
from copy_that.exporters._common import (
    GENERIC_FAMILIES,
    ExportOptions,
    color_to_css,
    dimension_to_rem,
    fmt_number,
    stroke_keyword,
)
from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Shadow,
    Token,
    TokenValue,
    Typography,
)

__all__ = ["CssFormatter", "css_string", "font_family_css"]

Ref = Callable[[Alias], str]


def _css_char(ch: str) -> str:
    if ch in ('"', "\\"):
        return "\\" + ch
    if ch == "\0":
        return "\\fffd "  # CSS cannot hold NUL; parsers read it as U+FFFD (CSS Syntax 3, 3.3)
    if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029":
        return f"\\{ord(ch):x} "
    return ch


def css_string(text: str) -> str:
    r"""A double-quoted CSS string: ``"`` and ``\`` escaped, control characters as hex escapes."""
    return '"' + "".join(_css_char(ch) for ch in text) + '"'


def font_family_css(families: tuple[str, ...]) -> str:
    """``"Inter", sans-serif``: names quoted, generic families bare."""
    return ", ".join(f if f in GENERIC_FAMILIES else css_string(f) for f in families)


# Lengths this large are the "fully rounded" idiom (``border-radius: 9999px``), not a size: they
# stay in px, as people write them (9999 px in rem would read 624.9375rem).
_FULLY_ROUNDED_PX = 999.0


class CssFormatter:
    """Formats token values as CSS, with `ref` writing references to other tokens."""

    def __init__(self, options: ExportOptions, ref: Ref) -> None:
        self.options = options
        self.ref = ref

    def length(self, value: Dimension | Alias, *, scalable: bool) -> str:
        """A length; in rem when `scalable` and the options ask for rem, else px."""
        if isinstance(value, Alias):
            return self.ref(value)
        if value.unit == "px" and value.value >= _FULLY_ROUNDED_PX:
            return f"{fmt_number(value.value)}px"
        if value.unit == "rem" or (scalable and self.options.use_rem):
            return dimension_to_rem(value, self.options.rem_base_px)
        return f"{fmt_number(value.value)}px"

    def color(self, value: Color | Alias) -> str:
        return self.ref(value) if isinstance(value, Alias) else color_to_css(value)

    def scalar(self, value: float | Alias) -> str:
        return self.ref(value) if isinstance(value, Alias) else fmt_number(value)

    def family(self, value: tuple[str, ...] | Alias) -> str:
        return self.ref(value) if isinstance(value, Alias) else font_family_css(value)

    def shadow(self, value: Shadow) -> str:
        layers = []
        for layer in value.layers:
            parts = ["inset"] if layer.inset else []
            parts += [
                self.length(d, scalable=False)
                for d in (layer.offset_x, layer.offset_y, layer.blur, layer.spread)
            ]
            parts.append(self.color(layer.color))
            layers.append(" ".join(parts))
        return ", ".join(layers)

    def font(self, value: Typography) -> str:
        """The CSS ``font`` shorthand (letter-spacing is not part of it; see `value`)."""
        size = self.length(value.font_size, scalable=True)
        return f"{self.scalar(value.font_weight)} {size}/{self.scalar(value.line_height)} " + (
            self.family(value.font_family)
        )

    def value(self, token: Token, value: TokenValue) -> str:
        """The CSS text of `value` for `token` (a mode's value may differ from the token's own).

        Raises
        ------
        ExportError
            The value has no CSS form (a bug in the token set: a type/value mismatch).
        """
        if isinstance(value, Alias):
            return self.ref(value)
        if isinstance(value, Color):
            return color_to_css(value)
        if isinstance(value, Dimension):
            return self.length(value, scalable=True)
        if isinstance(value, Shadow):
            return self.shadow(value)
        if isinstance(value, Border):
            width = self.length(value.width, scalable=False)
            style = (
                self.ref(value.style)
                if isinstance(value.style, Alias)
                else stroke_keyword(token.name, value.style)
            )
            return f"{width} {style} {self.color(value.color)}"
        if isinstance(value, Typography):
            return self.font(value)
        if isinstance(value, tuple):
            return font_family_css(value)
        if token.type == "duration" and isinstance(value, float | int):
            return f"{fmt_number(value)}ms"
        if isinstance(value, float | int):
            return fmt_number(value)
        if isinstance(value, str):
            return stroke_keyword(token.name, value)
        raise ExportError(f"{token.name}: no CSS form for {type(value).__name__} values")
