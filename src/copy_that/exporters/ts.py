"""TypeScript: a typed theme object (``as const``) for React and other JS code, plus modes.

`render` gives ``tokens.ts``: one ``const`` per token in dependency order (aliases are references
to the target's constant), then ``tokens`` (nested like the token paths), ``themes`` (the default
mode and every other mode; modes get their own constants where a value differs), and the types
``Tokens`` and ``ThemeName``. `render_files` gives the same as ``tokens.js`` (ES module) plus
``tokens.d.ts`` with literal types, for projects without a TypeScript build step.

Values are CSS-ready: colours ``"#2563eb"``, lengths ``"16px"``, font stacks, shadow and border
shorthands as strings; weights and line heights as numbers; typography as React style objects.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from copy_that.errors import ExportError
from copy_that.exporters._common import (
    ExportOptions,
    affected_paths,
    camel,
    dependency_order,
    header_lines,
    mode_value,
    unique_names,
)
from copy_that.exporters._css_values import CssFormatter, font_family_css
from copy_that.exporters._js import js_key, js_string
from copy_that.tokens.model import (
    Alias,
    Border,
    Shadow,
    Token,
    TokenPath,
    TokenSet,
    TokenValue,
    Typography,
)

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render", "render_files"]

NAME = "ts"
EXTENSION = "ts"
MEDIA_TYPE = "text/typescript"
DESCRIPTION = "TypeScript theme object (as const) with types; .js + .d.ts in the files form"

#: Words JavaScript reserves; a constant named like one gets a ``Token`` suffix.
_RESERVED: Final = frozenset(
    [
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "let",
        "static",
        "yield",
        "await",
        "implements",
        "interface",
        "package",
        "private",
        "protected",
        "public",
    ]
)


def _ident(path: TokenPath) -> str:
    name = camel(path)
    if name[0].isdigit():
        name = "t" + name
    return name + "Token" if name in _RESERVED else name


class _Writer:
    def __init__(self, tokens: TokenSet, options: ExportOptions) -> None:
        self.tokens = tokens
        self.fmt_options = replace(options, use_rem=False)
        self.names = unique_names(tokens, _ident, fmt=NAME)
        self.modes = {m: affected_paths(tokens, m) for m in tokens.modes}
        for mode, paths in self.modes.items():
            taken = set(self.names.values())
            for path in paths:
                name = _ident((mode, *path))
                if name in taken:
                    raise ExportError(f"{NAME}: the {mode} constant {name} clashes with a token")

    def const(self, path: TokenPath, mode: str | None) -> str:
        if mode is not None and path in self.modes[mode]:
            return _ident((mode, *path))
        return self.names[path]

    def expr(self, token: Token, value: TokenValue, mode: str | None) -> tuple[str, bool]:
        """``(JS expression, is_template)`` of `value`, aliases as constant references."""
        fmt = CssFormatter(self.fmt_options, lambda a: "${" + self.const(a.path, mode) + "}")
        if isinstance(value, Alias):
            return self.const(value.path, mode), False
        if isinstance(value, Typography):
            parts = self.typography(value, mode, fmt)
            return "{ " + ", ".join(f"{k}: {v}" for k, v in parts) + " }", False
        text = fmt.value(token, value)
        if isinstance(value, Shadow | Border) and "${" in text:
            return "`" + text.replace("`", "\\`") + "`", True
        if isinstance(value, float | int) and token.type != "duration":
            return text, False
        return js_string(text), False

    def typography(
        self, value: Typography, mode: str | None, fmt: CssFormatter
    ) -> list[tuple[str, str]]:
        """``(key, JS expression)`` per member of a typography value (React style keys)."""
        members = {
            "fontFamily": value.font_family,
            "fontSize": value.font_size,
            "fontWeight": value.font_weight,
            "letterSpacing": value.letter_spacing,
            "lineHeight": value.line_height,
        }
        parts = []
        for key, member in members.items():
            if isinstance(member, Alias):
                parts.append((key, self.const(member.path, mode)))
            elif isinstance(member, tuple):
                parts.append((key, js_string(font_family_css(member))))
            elif isinstance(member, float | int):
                parts.append((key, fmt.scalar(member)))
            else:
                parts.append((key, js_string(fmt.length(member, scalable=False))))
        return parts

    def literal(self, token: Token, mode: str | None) -> str:
        """The TS type of the token's resolved value in `mode` (a literal type)."""
        value = self.tokens.resolve(mode_value(self.tokens, token, mode), mode=mode)
        if isinstance(value, Typography):
            fmt = CssFormatter(self.fmt_options, lambda a: "")
            parts = self.typography(value, mode, fmt)
            return "{ " + " ".join(f"readonly {k}: {v};" for k, v in parts) + " }"
        return self.expr(token, value, mode)[0]


def _tree(tokens: TokenSet, leaf: Any) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for token in tokens:
        node = tree
        for name in token.path[:-1]:
            node = node.setdefault(name, {})
        node[token.path[-1]] = leaf(token)
    return tree


def _object(tree: dict[str, Any], indent: int, readonly: bool = False) -> list[str]:
    pad = "  " * indent
    ro = "readonly " if readonly else ""
    end = ";" if readonly else ","
    lines = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines += [
                f"{pad}{ro}{js_key(key)}: {{",
                *_object(value, indent + 1, readonly),
                f"{pad}}}{end}",
            ]
        else:
            lines.append(f"{pad}{ro}{js_key(key)}: {value}{end}")
    return lines


def _module(tokens: TokenSet, options: ExportOptions, typed: bool) -> str:
    w = _Writer(tokens, options)
    out: list[str] = []
    if options.header:
        out += ["/**", *(f" * {line}" for line in header_lines(tokens, NAME)), " */", ""]
    suffix = " as const" if typed else ""
    for token in dependency_order(tokens):
        text, template = w.expr(token, token.value, None)
        tail = suffix if template or text.startswith("{") else ""
        out.append(f"const {w.names[token.path]} = {text}{tail};")
    for mode, paths in w.modes.items():
        for token in dependency_order(tokens):
            if token.path in paths:
                text, template = w.expr(token, mode_value(tokens, token, mode), mode)
                tail = suffix if template or text.startswith("{") else ""
                out.append(f"const {w.const(token.path, mode)} = {text}{tail};")
    out += ["", "export const tokens = {", *_object(_tree(tokens, lambda t: w.names[t.path]), 1)]
    out.append(f"}}{suffix};")
    out += ["", "export const themes = {", f"  {js_key(options.default_mode)}: tokens,"]
    for mode in tokens.modes:
        tree = _tree(tokens, lambda t, m=mode: w.const(t.path, m))
        out += [f"  {js_key(mode)}: {{", *_object(tree, 2), "  },"]
    out.append(f"}}{suffix};")
    if typed:
        out += [
            "",
            "export type Tokens = typeof tokens;",
            "export type ThemeName = keyof typeof themes;",
        ]
    out += ["", "export default tokens;"]
    return "\n".join(out) + "\n"


def _declarations(tokens: TokenSet, options: ExportOptions) -> str:
    w = _Writer(tokens, options)
    out: list[str] = []
    if options.header:
        out += ["/**", *(f" * {line}" for line in header_lines(tokens, NAME)), " */", ""]
    out += [
        "export declare const tokens: {",
        *_object(_tree(tokens, lambda t: w.literal(t, None)), 1, True),
        "};",
    ]
    out += [
        "",
        "export declare const themes: {",
        f"  readonly {js_key(options.default_mode)}: typeof tokens;",
    ]
    for mode in tokens.modes:
        tree = _tree(tokens, lambda t, m=mode: w.literal(t, m))
        out += [f"  readonly {js_key(mode)}: {{", *_object(tree, 2, True), "  };"]
    out += [
        "};",
        "",
        "export type Tokens = typeof tokens;",
        "export type ThemeName = keyof typeof themes;",
    ]
    out += ["", "export default tokens;"]
    return "\n".join(out) + "\n"


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """``tokens.ts`` (see the module docstring)."""
    return _module(tokens, options, typed=True)


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """``<stem>.js`` (ES module) and ``<stem>.d.ts`` (its types)."""
    stem = options.file_stem
    return {
        f"{stem}.js": _module(tokens, options, typed=False),
        f"{stem}.d.ts": _declarations(tokens, options),
    }
