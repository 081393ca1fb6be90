"""Tailwind CSS v3: a ``tailwind.config`` preset (CommonJS) extending the theme with the tokens.

Use it as ``presets: [require("./tokens.preset.js")]``. Values are the default mode's, resolved
(v3 presets hold plain values); for light/dark switching, load the ``css`` export as well and
refer to its variables. Keys follow the token paths below each group: ``color.palette.blue`` →
``colors.palette.blue`` (``bg-palette-blue``), ``spacing.4`` → ``spacing["4"]``,
``radius.md`` → ``borderRadius.md``, ``shadow.1`` → ``boxShadow["1"]``,
``font.family.sans`` → ``fontFamily.sans``, ``font.weight.bold`` → ``fontWeight.bold``,
``typography.body`` → ``fontSize.body`` with line height, letter spacing and weight.
"""

from __future__ import annotations

from typing import Any

from copy_that.errors import ExportError
from copy_that.exporters._common import ExportOptions, header_lines
from copy_that.exporters._css_values import CssFormatter
from copy_that.exporters._js import js_key, js_string
from copy_that.tokens.model import Token, TokenPath, TokenSet, Typography

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render"]

NAME = "tailwind-v3"
EXTENSION = "preset.js"
MEDIA_TYPE = "text/javascript"
DESCRIPTION = "Tailwind CSS v3 preset (tailwind.config theme.extend), default-mode values"


def _section(token: Token) -> tuple[str, TokenPath] | None:
    path, type_ = token.path, token.type
    rest = path[1:]
    if path[0] == "color" and type_ == "color" and rest:
        return "colors", rest
    if path[0] == "spacing" and type_ == "dimension" and rest:
        return "spacing", rest
    if path[0] == "radius" and type_ == "dimension" and rest:
        return "borderRadius", rest
    if path[0] == "shadow" and type_ == "shadow" and rest:
        return "boxShadow", rest
    if path[0] == "font" and len(path) > 2:
        kinds = {"fontFamily": "fontFamily", "fontWeight": "fontWeight", "dimension": "fontSize"}
        if type_ in kinds:
            return kinds[type_], path[2:]
    if path[0] == "typography" and type_ == "typography" and rest:
        return "fontSize", rest
    return None


def _insert(tree: dict[str, Any], keys: TokenPath, value: str, token: Token) -> None:
    node = tree
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ExportError(f"{NAME}: {token.name} nests under a key that holds a value")
        node = child
    if keys[-1] in node:
        raise ExportError(f"{NAME}: {token.name} lands on a key another token already uses")
    node[keys[-1]] = value


def _write(tree: dict[str, Any], indent: int) -> list[str]:
    pad = "  " * indent
    lines = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines += [f"{pad}{js_key(key)}: {{", *_write(value, indent + 1), f"{pad}}},"]
        else:
            lines.append(f"{pad}{js_key(key)}: {value},")
    return lines


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The preset module (see the module docstring)."""
    fmt = CssFormatter(options, lambda alias: "")
    theme: dict[str, Any] = {}
    for token in tokens:
        place = _section(token)
        if place is None:
            continue
        section, keys = place
        value = tokens.resolve(token.value)
        if isinstance(value, Typography):
            size = fmt.length(value.font_size, scalable=True)
            line = fmt.scalar(value.line_height)
            spacing = fmt.length(value.letter_spacing, scalable=True)
            weight = fmt.scalar(value.font_weight)
            extra = (
                f"{{ lineHeight: {js_string(line)}, letterSpacing: {js_string(spacing)}, "
                f"fontWeight: {js_string(weight)} }}"
            )
            text = f"[{js_string(size)}, {extra}]"
        elif section == "fontFamily" and isinstance(value, tuple):
            text = "[" + ", ".join(js_string(f) for f in value) + "]"
        else:
            text = js_string(fmt.value(token, value))
        _insert(theme.setdefault(section, {}), keys, text, token)
    out: list[str] = []
    if options.header:
        out += ["/**", *(f" * {line}" for line in header_lines(tokens, NAME)), " */"]
    out += [
        '"use strict";',
        "",
        "/** @type {import('tailwindcss').Config} */",
        "module.exports = {",
    ]
    out += ["  theme: {", "    extend: {", *_write(theme, 3), "    },", "  },", "};"]
    return "\n".join(out) + "\n"
