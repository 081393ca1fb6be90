"""Android XML resources: colours, dimensions, font weights and text appearances.

`render` gives one ``<resources>`` file with every default-mode value; `render_files` gives
``values/<stem>.xml`` and ``values-night/<stem>.xml`` (the colours the dark mode overrides, so
Android switches them with the system theme). Aliases are resource references (``@color/…``,
``@dimen/…``). Names are snake case (``color_text_muted``). Lengths are ``dp``, font sizes
``sp``; typography becomes ``TextAppearance.<TypeName>.<Name>`` styles (letter spacing in ``em``
of the font size, as Android wants it). Borders become a colour plus a width; box shadows have no
XML resource form and are listed in a comment only.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape, quoteattr

from copy_that.errors import ExportError
from copy_that.exporters._common import (
    ExportOptions,
    comment_text,
    dimension_px,
    fmt_number,
    header_lines,
    pascal,
    snake,
)
from copy_that.exporters._native import nearest_weight
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

NAME = "android"
EXTENSION = "xml"
MEDIA_TYPE = "application/xml"
DESCRIPTION = "Android XML resources: colors, dimens, text appearances; values-night for dark"


def _name(path: TokenPath) -> str:
    name = snake(path)
    return name if name[0].isalpha() else "t_" + name


def _xml_text(token: Token, text: str) -> str:
    """`text` escaped for XML; XML 1.0 cannot hold control characters at all, so they raise."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r" for ch in text):
        raise ExportError(f"{NAME}: {token.name} holds control characters XML cannot represent")
    return escape(text)


def _argb(color: Color) -> str:
    r, g, b = color.srgb8
    return f"#{round(color.alpha * 255):02X}{r:02X}{g:02X}{b:02X}"


class _Res:
    def __init__(self, tokens: TokenSet, options: ExportOptions) -> None:
        self.tokens = tokens
        self.options = options
        self.names: dict[TokenPath, str] = {}
        seen: dict[str, str] = {}
        for token in tokens:
            n = _name(token.path)
            if n in seen:
                raise ExportError(f"{NAME}: tokens {seen[n]} and {token.name} both become {n!r}")
            seen[n] = token.name
            self.names[token.path] = n

    def _unit(self, path: TokenPath) -> str:
        return "sp" if path[:2] == ("font", "size") else "dp"

    def length(self, value: Dimension | Alias, unit: str) -> str:
        if isinstance(value, Alias):
            return f"@dimen/{self.names[value.path]}"
        return f"{fmt_number(dimension_px(value, self.options.rem_base_px))}{unit}"

    def color(self, value: Color | Alias) -> str:
        return f"@color/{self.names[value.path]}" if isinstance(value, Alias) else _argb(value)

    def items(self, token: Token, value: TokenValue) -> list[str]:
        """Resource elements for one token."""
        name = self.names[token.path]
        if isinstance(value, Alias):
            kind = {"color": "color", "dimension": "dimen", "fontWeight": "integer"}.get(token.type)
            if kind is None:
                kind = "string" if token.type == "fontFamily" else None
            if kind is None:
                return []
            extra = ' translatable="false"' if kind == "string" else ""
            return [f'<{kind} name="{name}"{extra}>@{kind}/{self.names[value.path]}</{kind}>']
        if isinstance(value, Color):
            return [f'<color name="{name}">{self.color(value)}</color>']
        if isinstance(value, Dimension):
            return [f'<dimen name="{name}">{self.length(value, self._unit(token.path))}</dimen>']
        if isinstance(value, tuple):
            families = _xml_text(token, ", ".join(value))
            return [f'<string name="{name}" translatable="false">{families}</string>']
        if token.type == "fontWeight" and isinstance(value, float | int):
            return [f'<integer name="{name}">{round(value)}</integer>']
        if isinstance(value, float | int):
            return [f'<item name="{name}" format="float" type="dimen">{fmt_number(value)}</item>']
        if isinstance(value, Border):
            return [
                f'<color name="{name}_color">{self.color(value.color)}</color>',
                f'<dimen name="{name}_width">{self.length(value.width, "dp")}</dimen>',
            ]
        if isinstance(value, Typography):
            return self.text_appearance(token, value)
        return []

    def text_appearance(self, token: Token, value: Typography) -> list[str]:
        style = f"TextAppearance.{self.options.type_name}.{pascal(token.path[1:] or token.path)}"
        resolved = self.tokens.resolve(value)
        if not (
            isinstance(resolved, Typography)
            and isinstance(resolved.font_size, Dimension)
            and isinstance(resolved.letter_spacing, Dimension)
            and isinstance(resolved.line_height, float | int)
        ):
            raise ExportError(f"{NAME}: {token.name} does not resolve to a typography value")
        size_px = dimension_px(resolved.font_size, self.options.rem_base_px)
        spacing_px = dimension_px(resolved.letter_spacing, self.options.rem_base_px)
        weight = (
            f"@integer/{self.names[value.font_weight.path]}"
            if isinstance(value.font_weight, Alias)
            else str(nearest_weight(value.font_weight))
        )
        line_sp = fmt_number(float(resolved.line_height) * size_px)
        em = fmt_number(spacing_px / size_px) if size_px else "0"
        return [
            f'<style name={quoteattr(style)} parent="">',
            f'    <item name="android:textSize">{self.length(value.font_size, "sp")}</item>',
            f'    <item name="android:textFontWeight">{weight}</item>',
            f'    <item name="android:letterSpacing">{em}</item>',
            f'    <item name="android:lineHeight">{line_sp}sp</item>',
            "</style>",
        ]


def _document(tokens: TokenSet, options: ExportOptions, body: list[str], note: list[str]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    if options.header:
        out += [
            "<!--",
            *(f"  {escape(line)}" for line in header_lines(tokens, NAME)),
            "-->",
        ]
    out.append("<resources>")
    out += [f"    <!-- {escape(comment_text(line))} -->" for line in note]
    out += [f"    {line}" for line in body]
    out.append("</resources>")
    return "\n".join(out) + "\n"


def _shadow_note(tokens: TokenSet) -> list[str]:
    shadows = [t.name for t in tokens if isinstance(t.value, Shadow) or t.type == "shadow"]
    if not shadows:
        return []
    return [f"box shadows have no resource form; use elevation instead of: {', '.join(shadows)}"]


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """One resources file with every default-mode value."""
    res = _Res(tokens, options)
    body = [line for token in tokens for line in res.items(token, token.value)]
    return _document(tokens, options, body, _shadow_note(tokens))


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """``values/<stem>.xml`` and, with a dark mode, ``values-night/<stem>.xml``."""
    files = {f"values/{options.file_stem}.xml": render(tokens, options)}
    overrides = tokens.modes.get(options.dark_mode)
    if overrides:
        res = _Res(tokens, options)
        body = [
            line
            for token in tokens
            if token.path in overrides and token.type == "color"
            for line in res.items(token, overrides[token.path])
        ]
        files[f"values-night/{options.file_stem}.xml"] = _document(tokens, options, body, [])
    return files
