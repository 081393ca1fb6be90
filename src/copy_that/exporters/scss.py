"""SCSS: one variable per token (aliases as variables), a map per top-level group, and modes.

Variables are declared before use (alias targets first). Each top-level group also becomes a map,
``$tokens-color: ("palette-blue": $color-palette-blue, …)``, for ``@each`` loops, and every mode
other than the default becomes ``$tokens-modes: ("dark": ("color-background": …))``.
Typography tokens are maps of CSS properties (``font-family``, ``font-size`` …).
"""

from __future__ import annotations

from copy_that.errors import ExportError
from copy_that.exporters._common import (
    ExportOptions,
    dependency_order,
    header_lines,
    kebab,
    unique_names,
)
from copy_that.exporters._css_values import CssFormatter, css_string
from copy_that.tokens.model import Token, TokenPath, TokenSet, TokenValue, Typography

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render"]

NAME = "scss"
EXTENSION = "scss"
MEDIA_TYPE = "text/x-scss"
DESCRIPTION = "Sass variables (aliases as variables), a map per group and a map of modes"


def _paren(text: str) -> str:
    """Wrap comma lists so they stay one value inside a map."""
    return f"({text})" if "," in text else text


def _value(fmt: CssFormatter, token: Token, value: TokenValue) -> str:
    if isinstance(value, Typography):
        members = {
            "font-family": fmt.family(value.font_family),
            "font-size": fmt.length(value.font_size, scalable=True),
            "font-weight": fmt.scalar(value.font_weight),
            "letter-spacing": fmt.length(value.letter_spacing, scalable=True),
            "line-height": fmt.scalar(value.line_height),
        }
        inner = ", ".join(f"{k}: {_paren(v)}" for k, v in members.items())
        return f"({inner})"
    return fmt.value(token, value)


def _variable(path: TokenPath, prefix: str) -> str:
    """``$color-primary``; ``t-`` goes before a leading digit (Sass names cannot start with one)."""
    name = kebab(path, prefix)
    return "$" + ("t-" + name if name[0].isdigit() else name)


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The SCSS partial (see the module docstring)."""
    names = unique_names(tokens, lambda p: _variable(p, options.prefix), fmt=NAME)
    groups = list(dict.fromkeys(t.path[0] for t in tokens))
    maps = {g: "$" + kebab(("tokens", g), options.prefix) for g in groups}
    modes_name = "$" + kebab(("tokens", "modes"), options.prefix)
    clash = sorted(set(names.values()) & {*maps.values(), modes_name})
    if clash:
        raise ExportError(f"{NAME}: token variable {clash[0]} clashes with a generated map name")
    fmt = CssFormatter(options, lambda alias: names[alias.path])
    out: list[str] = []
    if options.header:
        out += [f"// {line}" for line in header_lines(tokens, NAME)] + [""]
    out += [f"{names[t.path]}: {_value(fmt, t, t.value)};" for t in dependency_order(tokens)]
    for group in groups:
        members = [t for t in tokens if t.path[0] == group]
        entries = [
            f"  {css_string(kebab(t.path[1:]) if len(t.path) > 1 else group)}: {names[t.path]},"
            for t in members
        ]
        out += ["", f"{maps[group]}: (", *entries, ");"]
    if tokens.modes:
        out += ["", f"{modes_name}: ("]
        for mode, overrides in tokens.modes.items():
            out.append(f"  {css_string(mode)}: (")
            for token in tokens:
                if token.path in overrides:
                    value = _paren(_value(fmt, token, overrides[token.path]))
                    out.append(f"    {css_string(kebab(token.path))}: {value},")
            out.append("  ),")
        out.append(");")
    return "\n".join(out) + "\n"
