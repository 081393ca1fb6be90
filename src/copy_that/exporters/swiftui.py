"""SwiftUI: `Color`, `Font` and `CGFloat` constants, light and dark in one file.

Colours the dark mode overrides are dynamic colours built in code (``UIColor`` trait provider on
iOS/tvOS/visionOS, ``NSColor`` appearance provider on macOS), so no asset catalogue is needed;
aliases are references to the target constant (a reference to a dynamic colour stays dynamic).
Non-colour values that differ in the dark mode are in ``<TypeName>Dark``. Shadows and borders are
small structs with CSS semantics (`blur` is the CSS blur radius; ``shadowRadius`` gives SwiftUI's
``radius``, half of it, as SwiftUI's radius is closer to a Gaussian sigma). Lengths are points
(CSS px; rem × `rem_base_px`); weights snap to SwiftUI's named weights.
"""

from __future__ import annotations

from typing import Final

from copy_that.exporters._common import (
    ExportOptions,
    camel,
    dependency_order,
    dimension_px,
    fmt_number,
    header_lines,
)
from copy_that.exporters._native import families_split, identifiers, nearest_weight, quoted
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

NAME = "swiftui"
EXTENSION = "swift"
MEDIA_TYPE = "text/x-swift"
DESCRIPTION = "SwiftUI Color/Font/CGFloat constants with code-built light/dark colours"

_RESERVED: Final = frozenset(
    [
        "associatedtype",
        "class",
        "deinit",
        "enum",
        "extension",
        "fileprivate",
        "func",
        "import",
        "init",
        "inout",
        "internal",
        "let",
        "open",
        "operator",
        "private",
        "protocol",
        "public",
        "rethrows",
        "static",
        "struct",
        "subscript",
        "typealias",
        "var",
        "break",
        "case",
        "continue",
        "default",
        "defer",
        "do",
        "else",
        "fallthrough",
        "for",
        "guard",
        "if",
        "in",
        "repeat",
        "return",
        "switch",
        "where",
        "while",
        "as",
        "Any",
        "catch",
        "false",
        "is",
        "nil",
        "super",
        "self",
        "Self",
        "throw",
        "throws",
        "true",
        "try",
    ]
)
_WEIGHTS: Final = {
    100: "ultraLight",
    200: "thin",
    300: "light",
    400: "regular",
    500: "medium",
    600: "semibold",
    700: "bold",
    800: "heavy",
    900: "black",
}
_SUPPORT = """
public struct {T}ShadowLayer: Sendable {{
    public let color: Color
    public let x: CGFloat
    public let y: CGFloat
    public let blur: CGFloat
    public let spread: CGFloat
    public let inset: Bool

    /// SwiftUI's `shadow(radius:)` for this layer (half the CSS blur radius).
    public var shadowRadius: CGFloat {{ blur / 2 }}
}}

public struct {T}Border: Sendable {{
    public let color: Color
    public let width: CGFloat
    public let style: String
}}

public struct {T}TextStyle: Sendable {{
    public let family: String?
    public let size: CGFloat
    public let weight: Font.Weight
    public let letterSpacing: CGFloat
    public let lineHeight: CGFloat

    public var font: Font {{
        if let family {{
            return Font.custom(family, size: size).weight(weight)
        }}
        return Font.system(size: size, weight: weight)
    }}

    /// Extra space between lines, for `lineSpacing(_:)`.
    public var lineSpacing: CGFloat {{ max(0, (lineHeight - 1) * size) }}
}}

extension Color {{
    /// A colour that follows the system appearance, built without an asset catalogue.
    static func {t}Dynamic(light: Color, dark: Color) -> Color {{
        #if canImport(UIKit) && !os(watchOS)
        return Color(uiColor: UIColor {{ traits in
            traits.userInterfaceStyle == .dark ? UIColor(dark) : UIColor(light)
        }})
        #elseif canImport(AppKit)
        return Color(nsColor: NSColor(name: nil) {{ appearance in
            let isDark = appearance.bestMatch(from: [.darkAqua, .aqua]) == .darkAqua
            return isDark ? NSColor(dark) : NSColor(light)
        }})
        #else
        return light
        #endif
    }}
}}
"""


class _Swift:
    def __init__(self, tokens: TokenSet, options: ExportOptions) -> None:
        self.tokens = tokens
        self.options = options
        self.t = options.type_name
        self.names = identifiers(tokens, camel, _RESERVED, NAME)
        self.dark = options.dark_mode if options.dark_mode in tokens.modes else None

    def ref(self, path: TokenPath) -> str:
        return f"{self.t}.{self.names[path]}"

    def length(self, value: Dimension | Alias) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path)
        return fmt_number(dimension_px(value, self.options.rem_base_px))

    def color(self, value: Color | Alias) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path)
        r, g, b = (fmt_number(c) for c in value.components)
        return f"Color(.sRGB, red: {r}, green: {g}, blue: {b}, opacity: {fmt_number(value.alpha)})"

    def weight(self, value: float | Alias) -> str:
        if isinstance(value, Alias):
            return self.ref(value.path)
        return "." + _WEIGHTS[nearest_weight(value)]

    def expr(self, token: Token, value: TokenValue) -> tuple[str, str]:
        """``(Swift type, expression)`` of `value`."""
        if isinstance(value, Alias):
            target = self.tokens.get(value.path)
            kind = self.expr(target, target.value)[0] if target is not None else "Never"
            return kind, self.ref(value.path)
        if isinstance(value, Color):
            return "Color", self.color(value)
        if isinstance(value, Dimension):
            return "CGFloat", self.length(value)
        if isinstance(value, tuple):
            first, _ = families_split(value)
            return "String?", quoted(first, lang="swift") if first else "nil"
        if token.type == "fontWeight" and isinstance(value, float | int):
            return "Font.Weight", self.weight(value)
        if isinstance(value, float | int):
            return "CGFloat", fmt_number(value)
        if isinstance(value, Shadow):
            layers = ", ".join(
                f"{self.t}ShadowLayer(color: {self.color(layer.color)}, "
                f"x: {self.length(layer.offset_x)}, "
                f"y: {self.length(layer.offset_y)}, blur: {self.length(layer.blur)}, "
                f"spread: {self.length(layer.spread)}, inset: {'true' if layer.inset else 'false'})"
                for layer in value.layers
            )
            return f"[{self.t}ShadowLayer]", f"[{layers}]"
        if isinstance(value, Border):
            style = (
                self.ref(value.style.path)
                if isinstance(value.style, Alias)
                else quoted(value.style, lang="swift")
            )
            return f"{self.t}Border", (
                f"{self.t}Border(color: {self.color(value.color)}, "
                f"width: {self.length(value.width)}, "
                f"style: {style})"
            )
        if isinstance(value, Typography):
            if isinstance(value.font_family, Alias):
                family = self.ref(value.font_family.path)
            else:
                first, _ = families_split(value.font_family)
                family = quoted(first, lang="swift") if first else "nil"
            line = (
                self.ref(value.line_height.path)
                if isinstance(value.line_height, Alias)
                else fmt_number(value.line_height)
            )
            return f"{self.t}TextStyle", (
                f"{self.t}TextStyle(family: {family}, size: {self.length(value.font_size)}, "
                f"weight: {self.weight(value.font_weight)}, letterSpacing: "
                f"{self.length(value.letter_spacing)}, lineHeight: {line})"
            )
        return "String", quoted(str(value), lang="swift")


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The Swift source file (see the module docstring)."""
    s = _Swift(tokens, options)
    t = options.type_name
    lower = t[0].lower() + t[1:]
    overrides = tokens.modes.get(s.dark, {}) if s.dark else {}
    out: list[str] = []
    if options.header:
        out += [f"// {line}" for line in header_lines(tokens, NAME)]
    out += [
        "",
        "import SwiftUI",
        "#if canImport(UIKit)",
        "import UIKit",
        "#elseif canImport(AppKit)",
        "import AppKit",
        "#endif",
        *_SUPPORT.format(T=t, t=lower).splitlines(),
    ]
    out += ["", "/// Design tokens; colours follow the system appearance.", f"public enum {t} {{"]
    dark_lines: list[str] = []
    for token in dependency_order(tokens):
        kind, expr = s.expr(token, token.value)
        name = s.names[token.path]
        if token.path in overrides and token.type == "color":
            _, dark_expr = s.expr(token, overrides[token.path])
            expr = f"Color.{lower}Dynamic(light: {expr}, dark: {dark_expr})"
        elif token.path in overrides:
            _, dark_expr = s.expr(token, overrides[token.path])
            dark_lines.append(f"    public static let {name}: {kind} = {dark_expr}")
        out.append(f"    public static let {name}: {kind} = {expr}")
    out.append("}")
    if dark_lines:
        out += [
            "",
            f"/// Non-colour values that differ in the {s.dark} mode.",
            f"public enum {t}Dark {{",
            *dark_lines,
            "}",
        ]
    return "\n".join(out) + "\n"


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """One Swift file named after the type (``DesignTokens.swift``)."""
    return {f"{options.type_name}.{EXTENSION}": render(tokens, options)}
