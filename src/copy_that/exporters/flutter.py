"""Flutter (Dart): token constants, a `ColorScheme` and `ThemeData`, and a `ThemeExtension`.

``<TypeName>`` holds the default mode as ``static const`` values (aliases are references),
``<TypeName>Dark`` the values that differ in the dark mode. ``<typeName>ColorScheme(brightness)``
starts from ``ColorScheme.fromSeed`` on the primary colour and sets every role the image shows
(primary, onPrimary, secondary, accent → tertiary, surface, text → onSurface, text-muted →
onSurfaceVariant, border → outline, danger → error); ``<typeName>Theme(brightness)`` adds the
background as ``scaffoldBackgroundColor`` and ``<TypeName>Extension`` (spacing, radii, shadows,
text styles by name). Units: logical pixels (CSS px; rem × `rem_base_px`). Conversions that lose
something are commented in the output: weights to the nearest w100–w900, inset shadow layers
(Flutter has none) left out, non-solid border styles drawn solid.
"""

from __future__ import annotations

from typing import Final

from copy_that.exporters._common import (
    ExportOptions,
    affected_paths,
    camel,
    comment_text,
    dependency_order,
    dimension_px,
    fmt_number,
    header_lines,
    mode_value,
    snake,
)
from copy_that.exporters._native import (
    families_split,
    identifiers,
    nearest_weight,
    quoted,
    role_tokens,
)
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

NAME = "flutter"
EXTENSION = "dart"
MEDIA_TYPE = "text/x-dart"
DESCRIPTION = "Flutter Dart constants, ColorScheme/ThemeData and a ThemeExtension"

_RESERVED: Final = frozenset(
    [
        "abstract",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "covariant",
        "default",
        "deferred",
        "do",
        "dynamic",
        "else",
        "enum",
        "export",
        "extends",
        "extension",
        "external",
        "factory",
        "false",
        "final",
        "finally",
        "for",
        "get",
        "if",
        "implements",
        "import",
        "in",
        "interface",
        "is",
        "late",
        "library",
        "mixin",
        "new",
        "null",
        "on",
        "operator",
        "part",
        "required",
        "rethrow",
        "return",
        "set",
        "static",
        "super",
        "switch",
        "sync",
        "this",
        "throw",
        "true",
        "try",
        "typedef",
        "var",
        "void",
        "while",
        "with",
        "yield",
    ]
)
_ROLE_FIELDS: Final = {
    "primary": "primary",
    "on-primary": "onPrimary",
    "secondary": "secondary",
    "accent": "tertiary",
    "surface": "surface",
    "text": "onSurface",
    "text-muted": "onSurfaceVariant",
    "border": "outline",
    "danger": "error",
}


def _argb(color: Color) -> str:
    r, g, b = color.srgb8
    return f"Color(0x{round(color.alpha * 255):02X}{r:02X}{g:02X}{b:02X})"


class _Dart:
    def __init__(self, tokens: TokenSet, options: ExportOptions) -> None:
        self.tokens = tokens
        self.options = options
        self.base = options.type_name
        self.dark_name = options.type_name + "Dark"
        self.names = identifiers(tokens, camel, _RESERVED, NAME)
        dark = options.dark_mode if options.dark_mode in tokens.modes else None
        self.dark = dark
        self.dark_paths = affected_paths(tokens, dark) if dark else set()

    def ref(self, path: TokenPath, mode: str | None) -> str:
        owner = self.dark_name if mode is not None and path in self.dark_paths else self.base
        return f"{owner}.{self.names[path]}"

    def pick(self, path: TokenPath) -> str:
        """A Dart expression choosing the dark or default constant by a ``dark`` boolean."""
        if path in self.dark_paths:
            return f"dark ? {self.ref(path, self.dark)} : {self.ref(path, None)}"
        return self.ref(path, None)

    def pick_extension(self, ext: str) -> str:
        """The theme extension for the brightness (``dark`` boolean) or the light one."""
        return f"dark ? {ext}.dark : {ext}.light" if self.dark else f"{ext}.light"

    def px(self, value: Dimension | Alias, mode: str | None) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path, mode)
        return fmt_number(dimension_px(value, self.options.rem_base_px))

    def color(self, value: Color | Alias, mode: str | None) -> str:
        return self.ref(value.path, mode) if isinstance(value, Alias) else _argb(value)

    def weight(self, value: float | Alias, mode: str | None) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path, mode)
        return f"FontWeight.w{nearest_weight(value)}"

    def declaration(self, token: Token, value: TokenValue, mode: str | None) -> list[str]:
        """``static const`` line(s) for `token` holding `value`."""
        name = self.names[token.path]
        t = token.type
        if isinstance(value, Alias):
            target = self.ref(value.path, mode)
            if t == "fontFamily":
                return [
                    f"static const String {name} = {target};",
                    f"static const List<String> {name}Fallback = {target}Fallback;",
                ]
            kind = {
                "color": "Color",
                "dimension": "double",
                "fontWeight": "FontWeight",
                "shadow": "List<BoxShadow>",
                "border": "BorderSide",
                "typography": "TextStyle",
                "strokeStyle": "String",
            }.get(t, "double")
            return [f"static const {kind} {name} = {target};"]
        if isinstance(value, Color):
            return [f"static const Color {name} = {_argb(value)};"]
        if isinstance(value, Dimension):
            return [f"static const double {name} = {self.px(value, mode)};"]
        if isinstance(value, tuple):
            first, rest = families_split(value)
            fallback = ", ".join(quoted(f, lang="dart") for f in rest)
            return [
                f"static const String {name} = {quoted(first, lang='dart')};",
                f"static const List<String> {name}Fallback = [{fallback}];",
            ]
        if t == "fontWeight" and isinstance(value, float | int):
            note = (
                "" if nearest_weight(value) == value else f"  // {fmt_number(value)} in the design"
            )
            return [f"static const FontWeight {name} = {self.weight(value, mode)};{note}"]
        if isinstance(value, float | int):
            return [f"static const double {name} = {fmt_number(value)};"]
        if isinstance(value, Shadow):
            return self.shadow(name, value, mode)
        if isinstance(value, Border):
            return self.border(name, value, mode)
        if isinstance(value, Typography):
            return self.text_style(name, value, mode)
        return [f"static const String {name} = {quoted(str(value), lang='dart')};"]

    def shadow(self, name: str, value: Shadow, mode: str | None) -> list[str]:
        lines = [f"static const List<BoxShadow> {name} = ["]
        for layer in value.layers:
            if layer.inset:
                lines.append(
                    "  // an inset layer of the design is left out: Flutter has no inset shadows"
                )
                continue
            lines.append(
                f"  BoxShadow(color: {self.color(layer.color, mode)}, "
                f"offset: Offset({self.px(layer.offset_x, mode)}, "
                f"{self.px(layer.offset_y, mode)}), blurRadius: {self.px(layer.blur, mode)}, "
                f"spreadRadius: {self.px(layer.spread, mode)}),"
            )
        return [*lines, "];"]

    def border(self, name: str, value: Border, mode: str | None) -> list[str]:
        note = ""
        if value.style != "solid":
            note = f"  // {comment_text(str(value.style))} in the design; Flutter borders are solid"
        return [
            f"static const BorderSide {name} = BorderSide(color: {self.color(value.color, mode)}, "
            f"width: {self.px(value.width, mode)});{note}"
        ]

    def text_style(self, name: str, value: Typography, mode: str | None) -> list[str]:
        if isinstance(value.font_family, Alias):
            family = self.ref(value.font_family.path, mode)
            fallback = family + "Fallback"
        else:
            first, rest = families_split(value.font_family)
            family = quoted(first, lang="dart")
            fallback = "[" + ", ".join(quoted(f, lang="dart") for f in rest) + "]"
        height = (
            self.ref(value.line_height.path, mode)
            if isinstance(value.line_height, Alias)
            else fmt_number(value.line_height)
        )
        return [
            f"static const TextStyle {name} = TextStyle(",
            f"  fontFamily: {family},",
            f"  fontFamilyFallback: {fallback},",
            f"  fontSize: {self.px(value.font_size, mode)},",
            f"  fontWeight: {self.weight(value.font_weight, mode)},",
            f"  letterSpacing: {self.px(value.letter_spacing, mode)},",
            f"  height: {height},",
            ");",
        ]


def _class(name: str, doc: str, lines: list[str]) -> list[str]:
    return [
        f"/// {doc}",
        f"class {name} {{",
        f"  {name}._();",
        "",
        *(f"  {line}" for line in lines),
        "}",
    ]


def _map(kind: str, entries: list[tuple[str, str]]) -> str:
    inner = ", ".join(f"{quoted(k, lang='dart')}: {v}" for k, v in entries)
    return f"<String, {kind}>{{{inner}}}"


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The Dart library (see the module docstring)."""
    d = _Dart(tokens, options)
    lower = options.type_name[0].lower() + options.type_name[1:]
    ext = options.type_name + "Extension"
    out: list[str] = []
    if options.header:
        out += [f"// {line}" for line in header_lines(tokens, NAME)]
    out += ["", "import 'package:flutter/material.dart';", ""]
    base_lines = [
        line for t in dependency_order(tokens) for line in d.declaration(t, t.value, None)
    ]
    out += _class(options.type_name, "Design tokens, default mode.", base_lines)
    if d.dark:
        dark_lines = [
            line
            for t in dependency_order(tokens)
            if t.path in d.dark_paths
            for line in d.declaration(t, mode_value(tokens, t, d.dark), d.dark)
        ]
        out += ["", *_class(d.dark_name, f"Values that differ in the {d.dark} mode.", dark_lines)]
    roles = role_tokens(tokens)
    seed = roles.get("primary") or next((t for t in tokens if t.type == "color"), None)
    if seed is not None:
        out += [
            "",
            "/// A Material 3 colour scheme with the roles measured in the image.",
            f"ColorScheme {lower}ColorScheme(Brightness brightness) {{",
            *(["  final dark = brightness == Brightness.dark;"] if d.dark else []),
            f"  return ColorScheme.fromSeed(seedColor: {d.pick(seed.path)}, "
            "brightness: brightness).copyWith(",
            *(
                f"    {field}: {d.pick(roles[role].path)},"
                for role, field in _ROLE_FIELDS.items()
                if role in roles
            ),
            "  );",
            "}",
        ]
    groups = {
        "spacing": (
            "double",
            [t for t in tokens if t.path[0] == "spacing" and t.type == "dimension"],
        ),
        "radii": ("double", [t for t in tokens if t.path[0] == "radius" and t.type == "dimension"]),
        "shadows": ("List<BoxShadow>", [t for t in tokens if t.type == "shadow"]),
        "textStyles": ("TextStyle", [t for t in tokens if t.type == "typography"]),
    }
    out += [
        "",
        "/// Spacing, radii, shadows and text styles by token name, on `ThemeData.extensions`.",
        "@immutable",
        f"class {ext} extends ThemeExtension<{ext}> {{",
        f"  const {ext}({{{', '.join(f'required this.{k}' for k in groups)}}});",
        "",
    ]
    out += [f"  final Map<String, {kind}> {key};" for key, (kind, _) in groups.items()]
    for label, mode in (("light", None), ("dark", d.dark)):
        if label == "dark" and mode is None:
            continue
        out += ["", f"  static const {label} = {ext}("]
        for key, (kind, members) in groups.items():
            entries = [
                (snake(t.path[1:]) if len(t.path) > 1 else t.path[0], d.ref(t.path, mode))
                for t in members
            ]
            out.append(f"    {key}: {_map(kind, entries)},")
        out.append("  );")
    args = ", ".join(f"Map<String, {kind}>? {key}" for key, (kind, _) in groups.items())
    out += [
        "",
        "  @override",
        f"  {ext} copyWith({{{args}}}) => {ext}(",
        *(f"        {key}: {key} ?? this.{key}," for key in groups),
        "      );",
    ]
    out += [
        "",
        "  @override",
        f"  {ext} lerp(covariant ThemeExtension<{ext}>? other, double t) {{",
        f"    if (other is! {ext}) return this;",
        "    return t < 0.5 ? this : other;",
        "  }",
        "}",
    ]
    background = roles.get("background")
    out += [
        "",
        f"/// `ThemeData` with the measured colours and `{ext}`.",
        f"ThemeData {lower}Theme(Brightness brightness) {{",
        *(["  final dark = brightness == Brightness.dark;"] if d.dark else []),
        "  return ThemeData(",
        *([f"    colorScheme: {lower}ColorScheme(brightness),"] if seed is not None else []),
        *([f"    scaffoldBackgroundColor: {d.pick(background.path)},"] if background else []),
        f"    extensions: <ThemeExtension<dynamic>>[{d.pick_extension(ext)}],",
        "  );",
        "}",
    ]
    return "\n".join(out) + "\n"


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """One Dart library named after the type (``design_tokens.dart``)."""
    return {f"{snake((options.type_name,))}.{EXTENSION}": render(tokens, options)}
