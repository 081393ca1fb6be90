"""CSS custom properties on ``:root``; aliases as ``var()``; light/dark by media and attribute.

The default mode's values sit on ``:root``. The dark mode (`ExportOptions.dark_mode`) follows
``prefers-color-scheme: dark`` unless the page pins ``data-theme="light"``, and any mode can be
pinned with ``data-theme="<mode>"`` on an ancestor (usually ``<html>``). Typography tokens become
the ``font`` shorthand plus a ``-letter-spacing`` property, since the shorthand cannot hold it.
"""

from __future__ import annotations

from copy_that.errors import ExportError
from copy_that.exporters._common import (
    ExportOptions,
    header_lines,
    kebab,
    mode_value,
    unique_names,
)
from copy_that.exporters._css_values import CssFormatter, css_string
from copy_that.tokens.model import Alias, Token, TokenSet, Typography

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "property_names", "render"]

NAME = "css"
EXTENSION = "css"
MEDIA_TYPE = "text/css"
DESCRIPTION = "CSS custom properties; aliases as var(), dark mode by media query and [data-theme]"


def _declarations(
    tokens: TokenSet,
    selected: list[Token],
    mode: str | None,
    names: dict[tuple[str, ...], str],
    fmt: CssFormatter,
) -> list[str]:
    lines = []
    for token in selected:
        value = mode_value(tokens, token, mode)
        name = names[token.path]
        lines.append(f"  {name}: {fmt.value(token, value)};")
        if isinstance(value, Typography):
            spacing = fmt.length(value.letter_spacing, scalable=True)
            lines.append(f"  {name}-letter-spacing: {spacing};")
        elif isinstance(value, Alias) and token.type == "typography":
            lines.append(f"  {name}-letter-spacing: var({names[value.path]}-letter-spacing);")
    return lines


def property_names(tokens: TokenSet, options: ExportOptions) -> dict[tuple[str, ...], str]:
    """Custom property name per token path (``--color-primary``), collisions refused."""
    names = unique_names(tokens, lambda p: "--" + kebab(p, options.prefix), fmt=NAME)
    extra = {f"{names[t.path]}-letter-spacing": t for t in tokens if t.type == "typography"}
    clash = sorted(set(extra) & set(names.values()))
    if clash:
        raise ExportError(f"{NAME}: {clash[0]} is both a token and a typography letter-spacing")
    return names


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The stylesheet (see the module docstring)."""
    names = property_names(tokens, options)
    fmt = CssFormatter(options, lambda alias: f"var({names[alias.path]})")
    out: list[str] = []
    if options.header:
        out += ["/*", *(f" * {line}" for line in header_lines(tokens, NAME)), " */", ""]
    out += [":root {", *_declarations(tokens, list(tokens), None, names, fmt), "}"]
    overridden = {path for values in tokens.modes.values() for path in values}
    if overridden:
        # Pinning the default mode on an element inside a pinned other mode restores it there.
        base = [t for t in tokens if t.path in overridden]
        pin = f"[data-theme={css_string(options.default_mode)}]"
        out += ["", f"{pin} {{", *_declarations(tokens, base, None, names, fmt), "}"]
    for mode in tokens.modes:
        changed = [t for t in tokens if t.path in tokens.modes[mode]]
        block = _declarations(tokens, changed, mode, names, fmt)
        pin = f"[data-theme={css_string(mode)}]"
        if mode == options.dark_mode:
            light = f"[data-theme={css_string(options.default_mode)}]"
            out += ["", "@media (prefers-color-scheme: dark) {", f"  :root:not({light}) {{"]
            out += ["  " + line for line in block]
            out += ["  }", "}"]
        out += ["", f"{pin} {{", *block, "}"]
    return "\n".join(out) + "\n"
