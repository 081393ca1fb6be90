"""Options and helpers every exporter shares: header comment, name casing, units, colours, order.

Naming: a token path becomes words (``("color", "text-muted")`` → ``color text muted``), which
each platform joins in its own case: kebab (CSS), snake (Android, SCSS maps keep kebab), camel
(TS, Dart, Swift) or Pascal (Kotlin). Two paths that give the same name raise `ExportError`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from copy_that._version import __version__
from copy_that.errors import ExportError, OptionsError
from copy_that.tokens._resolve import map_aliases
from copy_that.tokens.model import Alias, Color, Dimension, Token, TokenPath, TokenSet, TokenValue

__all__ = [
    "GENERIC_FAMILIES",
    "STROKE_KEYWORDS",
    "ExportOptions",
    "affected_paths",
    "aliases_in",
    "camel",
    "color_to_css",
    "comment_text",
    "dependency_order",
    "dimension_px",
    "dimension_to_rem",
    "fmt_number",
    "header_lines",
    "kebab",
    "mode_value",
    "pascal",
    "snake",
    "stroke_keyword",
    "unique_names",
    "words",
]

#: CSS generic font families: written unquoted, and mapped to platform defaults elsewhere.
GENERIC_FAMILIES: Final = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "math",
        "emoji",
        "fangsong",
    }
)
_CAMEL_BOUNDARY: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT: Final = re.compile(r"[^0-9A-Za-z]+")


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """How exporters write names, units and files.

    Parameters
    ----------
    rem_base_px : float
        CSS px per rem for px → rem conversion (16, the browsers' default root font size).
    use_rem : bool
        CSS, SCSS and Tailwind write spacing, radii and font sizes in rem (shadow and border
        lengths stay in px, as hairlines should not scale with the root font size).
    prefix : str
        Prepended to every generated name (``"ct"`` → ``--ct-color-primary``); empty for none.
    file_stem : str
        Base file name of the written files (``tokens`` → ``tokens.css``, ``tokens.dark.json``).
    type_name : str
        Name of the generated type in Dart, Swift, Kotlin and TypeScript (a Pascal-case identifier).
    package : str
        Kotlin package of the Compose file.
    default_mode : str
        Name of the mode the tokens' own values belong to (``light`` for UI themes).
    dark_mode : str
        The mode written as the platform's dark appearance when the token set has it.
    header : bool
        Start each file with a comment naming Copy That, its version and the source images.
    """

    rem_base_px: float = 16.0
    use_rem: bool = True
    prefix: str = ""
    file_stem: str = "tokens"
    type_name: str = "DesignTokens"
    package: str = "design.tokens"
    default_mode: str = "light"
    dark_mode: str = "dark"
    header: bool = True

    def __post_init__(self) -> None:
        if not self.rem_base_px > 0:
            raise OptionsError(
                f"rem_base_px must be positive, got {self.rem_base_px}", option="rem_base_px"
            )
        if self.prefix and not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", self.prefix):
            raise OptionsError(
                f"prefix {self.prefix!r} must be a letter then letters, digits or '-'",
                option="prefix",
            )
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", self.file_stem):
            raise OptionsError(
                f"file_stem {self.file_stem!r} must be a plain file name", option="file_stem"
            )
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", self.type_name):
            raise OptionsError(
                f"type_name {self.type_name!r} must be a Pascal-case identifier",
                option="type_name",
            )
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", self.package):
            raise OptionsError(
                f"package {self.package!r} must be a dotted lower-case name", option="package"
            )
        if self.default_mode == self.dark_mode:
            raise OptionsError("default_mode and dark_mode must differ", option="dark_mode")


def comment_text(text: str) -> str:
    """`text` made safe inside any comment syntax.

    Control and line-separator characters become U+FFFD; comment closers (``*/``, ``--``) are
    broken up.
    """
    cleaned = "".join(
        "\ufffd" if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") else ch for ch in text
    )
    return cleaned.replace("*/", "* /").replace("--", "- -")


#: DTCG 2025.10 §8.8 strokeStyle keywords, the only border styles written into code.
STROKE_KEYWORDS: Final = frozenset(
    {"solid", "dashed", "dotted", "double", "groove", "ridge", "outset", "inset"}
)


def stroke_keyword(owner: str, style: str) -> str:
    """`style` if it is a DTCG strokeStyle keyword (safe to write as code), else ExportError.

    Raises
    ------
    ExportError
        `style` is not one of `STROKE_KEYWORDS`; `owner` (the token name) is in the message.
    """
    if style not in STROKE_KEYWORDS:
        raise ExportError(
            f"{owner}: stroke style {style!r} is not one of {sorted(STROKE_KEYWORDS)}"
        )
    return style


def header_lines(tokens: TokenSet, fmt: str) -> list[str]:
    """Lines of the header comment: generator, version, format and source images (no dates).

    Image names are passed through `comment_text`, so every comment syntax can hold them.
    """
    lines = [f"Generated by Copy That {__version__} (format {fmt}). Do not edit by hand."]
    for image in tokens.images:
        size = f"{image.width_px}×{image.height_px} px at dpr {fmt_number(image.dpr)}"
        lines.append(comment_text(f"Source: {image.name or image.id} ({size})"))
    return lines


def words(path: TokenPath, prefix: str = "") -> list[str]:
    """Lower-case ASCII words of a path (accents stripped, camelCase and separators split)."""
    out: list[str] = []
    for part in ((prefix,) if prefix else ()) + tuple(path):
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        spaced = _CAMEL_BOUNDARY.sub(" ", ascii_part)
        out.extend(w.lower() for w in _SPLIT.split(spaced) if w)
    return out or ["token"]


def kebab(path: TokenPath, prefix: str = "") -> str:
    """``color-text-muted``."""
    return "-".join(words(path, prefix))


def snake(path: TokenPath, prefix: str = "") -> str:
    """``color_text_muted``."""
    return "_".join(words(path, prefix))


def camel(path: TokenPath, prefix: str = "") -> str:
    """``colorTextMuted``."""
    first, *rest = words(path, prefix)
    return first + "".join(w.capitalize() for w in rest)


def pascal(path: TokenPath, prefix: str = "") -> str:
    """``ColorTextMuted``."""
    return "".join(w.capitalize() for w in words(path, prefix))


def unique_names(
    tokens: Iterable[Token], name: Callable[[TokenPath], str], *, fmt: str
) -> dict[TokenPath, str]:
    """Name every token with `name`, refusing two tokens that would get the same name.

    Raises
    ------
    ExportError
        Two token paths map to one name on this platform.
    """
    out: dict[TokenPath, str] = {}
    seen: dict[str, TokenPath] = {}
    for token in tokens:
        n = name(token.path)
        if n in seen:
            other = ".".join(seen[n])
            raise ExportError(
                f"{fmt}: tokens {other} and {token.name} both become {n!r}; rename one of them"
            )
        seen[n] = token.path
        out[token.path] = n
    return out


def fmt_number(value: float, digits: int = 4) -> str:
    """A number rounded to `digits` decimals without trailing zeros (``16``, ``0.0625``, ``-1.5``).

    Four decimals keep 1/16 rem steps exact and sub-pixel lengths far below what a screen shows.
    """
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def dimension_px(value: Dimension, rem_base_px: float) -> float:
    """A dimension in CSS px (rem values multiplied by `rem_base_px`)."""
    return value.value * rem_base_px if value.unit == "rem" else value.value


def dimension_to_rem(value: Dimension, rem_base_px: float) -> str:
    """CSS text of a dimension in rem (``16px`` → ``1rem`` at 16 px per rem)."""
    rem = value.value if value.unit == "rem" else value.value / rem_base_px
    # Five decimals keep 1/32 rem (0.5 px at 16 px per rem) exact.
    return f"{fmt_number(rem, 5)}rem"


def color_to_css(color: Color) -> str:
    """``#rrggbb`` when opaque, else ``#rrggbbaa`` (CSS Color 4 hex with alpha)."""
    return color.hex if color.alpha >= 1.0 else color.hex8


def mode_value(tokens: TokenSet, token: Token, mode: str | None) -> TokenValue:
    """The token's value in `mode` (its own value where the mode does not override it)."""
    if mode is not None:
        overrides = tokens.modes.get(mode, {})
        if token.path in overrides:
            return overrides[token.path]
    return token.value


def aliases_in(value: TokenValue) -> list[Alias]:
    """Every alias in `value`: itself, or the alias members of a composite."""
    found: list[Alias] = []

    def keep(alias: Alias) -> Alias:
        found.append(alias)
        return alias

    map_aliases(value, keep)
    return found


def affected_paths(tokens: TokenSet, mode: str) -> set[TokenPath]:
    """Paths whose value differs in `mode`: its overrides and every token aliasing one of them.

    Platforms without live references (Dart, Swift, Kotlin, TypeScript constants) must write a
    mode-specific value for each of these.
    """
    affected = set(tokens.modes.get(mode, {}))
    changed = True
    while changed:
        changed = False
        for token in tokens.tokens:
            if token.path not in affected and any(
                a.path in affected for a in aliases_in(token.value)
            ):
                affected.add(token.path)
                changed = True
    return affected


def dependency_order(tokens: TokenSet) -> list[Token]:
    """Tokens ordered so every alias target comes before the tokens that use it (stable).

    Languages that need names declared before use (SCSS, Dart consts in some positions) write
    in this order. Mode overrides count as uses too.
    """
    by_path = {t.path: t for t in tokens.tokens}
    done: set[TokenPath] = set()
    out: list[Token] = []

    def visit(token: Token, stack: tuple[TokenPath, ...]) -> None:
        if token.path in done or token.path in stack:
            return
        values = [token.value, *(m.get(token.path) for m in tokens.modes.values())]
        for value in values:
            for alias in aliases_in(value) if value is not None else []:
                target = by_path.get(alias.path)
                if target is not None:
                    visit(target, (*stack, token.path))
        done.add(token.path)
        out.append(token)

    for token in tokens.tokens:
        visit(token, ())
    return out
