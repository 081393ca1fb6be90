"""Helpers for the native-code exporters (Dart, Swift, Kotlin): roles, weights, names, strings.

Native platforms have no live references between theme values, so every exporter writes the
default mode as constants and a second set for the dark mode, holding only the values that
differ there (`copy_that.exporters._common.affected_paths`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Final

from copy_that.exporters._common import GENERIC_FAMILIES, unique_names
from copy_that.tokens.model import Token, TokenPath, TokenSet

__all__ = [
    "ROLE_ORDER",
    "families_split",
    "identifiers",
    "nearest_weight",
    "quoted",
    "role_tokens",
]

#: The semantic colour roles in the order native theme objects list them.
ROLE_ORDER: Final = (
    "background",
    "surface",
    "text",
    "text-muted",
    "primary",
    "on-primary",
    "secondary",
    "accent",
    "border",
    "success",
    "warning",
    "danger",
)
#: Lowest and highest weights that native font APIs name (w100 … w900).
_WEIGHT_MIN, _WEIGHT_MAX = 100, 900


def role_tokens(tokens: TokenSet) -> dict[str, Token]:
    """Role name → the ``color.<role>`` token, for the roles the image shows."""
    out = {}
    for role in ROLE_ORDER:
        token = tokens.get(("color", role))
        if token is not None and token.type == "color":
            out[role] = token
    return out


def nearest_weight(weight: float) -> int:
    """The nearest named weight step (100–900): native APIs name only multiples of 100."""
    return int(min(_WEIGHT_MAX, max(_WEIGHT_MIN, round(weight / 100.0) * 100)))


def families_split(families: tuple[str, ...]) -> tuple[str, list[str]]:
    """``(first family, fallbacks)`` without CSS generic families, which native code cannot use.

    A stack of generic families only gives ``("", [])``: the platform default font.
    """
    named = [f for f in families if f not in GENERIC_FAMILIES]
    return (named[0], named[1:]) if named else ("", [])


def quoted(text: str, *, lang: str) -> str:
    r"""A double-quoted string literal for ``dart``, ``swift`` or ``kotlin``.

    ``\`` and ``"`` are escaped, ``$`` too in Dart and Kotlin (string interpolation), and
    control or line-separator characters become unicode escapes (``\u{1f}`` in Dart and Swift,
    ``\u001f`` in Kotlin).
    """
    out = []
    for ch in text:
        if ch in ('"', "\\") or (ch == "$" and lang != "swift"):
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if lang == "kotlin" else f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def identifiers(
    tokens: TokenSet, name: Callable[[TokenPath], str], reserved: frozenset[str], fmt: str
) -> dict[TokenPath, str]:
    """Identifier per token, collisions refused.

    The identifier is `name` of the path, with ``t`` before a leading digit and a ``Token``
    suffix on reserved words.

    Raises
    ------
    ExportError
        Two tokens get the same identifier.
    """

    def safe(path: TokenPath) -> str:
        ident = name(path)
        if ident[0].isdigit():
            ident = "t" + ident
        return ident + "Token" if ident in reserved else ident

    return unique_names(tokens, safe, fmt=fmt)
