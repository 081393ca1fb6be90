"""Tailwind CSS v4: an ``@theme`` block in Tailwind's namespaces, plus light/dark overrides.

Import it after Tailwind (``@import "tailwindcss"; @import "./tokens.css";``). Namespaces:
``color.*`` → ``--color-*`` (``bg-primary``), ``spacing.*`` → ``--spacing-*`` (``p-4``),
``radius.*`` → ``--radius-*`` (``rounded-md``), ``shadow.*`` → ``--shadow-*`` (``shadow-1``),
``font.family.*`` → ``--font-*`` (``font-sans``), ``font.weight.*`` → ``--font-weight-*``,
``font.size.*`` and ``typography.*`` → ``--text-*`` with ``--line-height``/``--letter-spacing``/
``--font-weight`` companions (``text-body``). Other tokens become plain custom properties on
``:root``. Modes override the same variables, so utilities follow the theme: the dark mode by
``prefers-color-scheme`` (unless ``data-theme`` pins another) and any mode by ``data-theme``.
"""

from __future__ import annotations

from copy_that.exporters._common import (
    ExportOptions,
    header_lines,
    kebab,
    mode_value,
    unique_names,
)
from copy_that.exporters._css_values import CssFormatter, css_string
from copy_that.tokens.model import Alias, Token, TokenPath, TokenSet, Typography

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render", "theme_name"]

NAME = "tailwind"
EXTENSION = "css"
MEDIA_TYPE = "text/css"
DESCRIPTION = "Tailwind CSS v4 @theme variables (utilities like bg-primary, p-4, rounded-md)"


def theme_name(token: Token, prefix: str = "") -> tuple[str, bool]:
    """``(--variable-name, in_theme)`` of a token: its Tailwind namespace when it has one."""
    path, type_ = token.path, token.type
    head = path[0]
    rest: TokenPath = path[1:] or path
    lead = (prefix,) if prefix else ()
    if head == "color" and type_ == "color":
        return "--" + kebab((*lead, "color", *rest)), True
    if head == "spacing" and type_ == "dimension":
        return "--" + kebab((*lead, "spacing", *rest)), True
    if head == "radius" and type_ == "dimension":
        return "--" + kebab((*lead, "radius", *rest)), True
    if head == "shadow" and type_ == "shadow":
        return "--" + kebab((*lead, "shadow", *rest)), True
    if head == "font" and len(path) > 2 and type_ in ("fontFamily", "fontWeight", "dimension"):
        kind = {"fontFamily": ("font",), "fontWeight": ("font", "weight"), "dimension": ("text",)}
        return "--" + kebab((*lead, *kind[type_], *path[2:])), True
    if head == "typography" and type_ == "typography":
        return "--" + kebab((*lead, "text", *rest)), True
    return "--" + kebab((*lead, *path)), False


def _lines(
    tokens: TokenSet, token: Token, mode: str | None, names: dict[TokenPath, str], fmt: CssFormatter
) -> list[str]:
    value = mode_value(tokens, token, mode)
    name = names[token.path]
    if isinstance(value, Typography):
        return [
            f"  {name}: {fmt.length(value.font_size, scalable=True)};",
            f"  {name}--line-height: {fmt.scalar(value.line_height)};",
            f"  {name}--letter-spacing: {fmt.length(value.letter_spacing, scalable=True)};",
            f"  {name}--font-weight: {fmt.scalar(value.font_weight)};",
        ]
    if isinstance(value, Alias) and token.type == "typography":
        target = names[value.path]
        companions = ("line-height", "letter-spacing", "font-weight")
        return [f"  {name}: var({target});"] + [
            f"  {name}--{c}: var({target}--{c});" for c in companions
        ]
    return [f"  {name}: {fmt.value(token, value)};"]


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The Tailwind v4 theme stylesheet (see the module docstring)."""
    by_path = {t.path: t for t in tokens}
    names = unique_names(tokens, lambda p: theme_name(by_path[p], options.prefix)[0], fmt=NAME)
    fmt = CssFormatter(options, lambda alias: f"var({names[alias.path]})")
    themed = [t for t in tokens if theme_name(t, options.prefix)[1]]
    plain = [t for t in tokens if not theme_name(t, options.prefix)[1]]
    out: list[str] = []
    if options.header:
        out += ["/*", *(f" * {line}" for line in header_lines(tokens, NAME)), " */", ""]
    out += ["@theme {"]
    for token in themed:
        out += _lines(tokens, token, None, names, fmt)
    out += ["}"]
    if plain:
        out += ["", ":root {"]
        for token in plain:
            out += _lines(tokens, token, None, names, fmt)
        out += ["}"]
    overridden = [t for t in tokens if any(t.path in m for m in tokens.modes.values())]
    if overridden:
        out += ["", f"[data-theme={css_string(options.default_mode)}] {{"]
        for token in overridden:
            out += _lines(tokens, token, None, names, fmt)
        out += ["}"]
    for mode, overrides in tokens.modes.items():
        changed = [t for t in tokens if t.path in overrides]
        block = [line for t in changed for line in _lines(tokens, t, mode, names, fmt)]
        if mode == options.dark_mode:
            light = f"[data-theme={css_string(options.default_mode)}]"
            out += ["", "@media (prefers-color-scheme: dark) {", f"  :root:not({light}) {{"]
            out += ["  " + line for line in block] + ["  }", "}"]
        out += ["", f"[data-theme={css_string(mode)}] {{", *block, "}"]
    return "\n".join(out) + "\n"
