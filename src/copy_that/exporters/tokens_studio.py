"""Tokens Studio for Figma: token sets in its JSON format, with ``$themes`` and ``$metadata``.

Sets: ``global`` holds every token with its default-mode value; each mode adds a set with the
tokens it overrides. Themes: one per mode (``light`` = ``global``; ``dark`` = ``global`` as
source + ``dark`` enabled). `render` gives the plugin's single-file form (sets as top-level keys
plus ``$themes`` and ``$metadata``); `render_files` gives the multi-file form the plugin syncs
with Git: ``<set>.json`` per set, ``$themes.json`` and ``$metadata.json``.

Values use Tokens Studio's types and string values (``"#2563eb"``, ``"16px"``, ``boxShadow``
objects ``{x, y, blur, spread, color, type}``); aliases keep the ``{group.token}`` syntax, which
both tools share.
"""

from __future__ import annotations

import json
from typing import Any, Final

from copy_that.exporters._common import (
    ExportOptions,
    color_to_css,
    dimension_px,
    fmt_number,
    kebab,
)
from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Shadow,
    Token,
    TokenSet,
    TokenValue,
    Typography,
)

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render", "render_files"]

NAME = "tokens-studio"
EXTENSION = "json"
MEDIA_TYPE = "application/json"
DESCRIPTION = "Tokens Studio (Figma) sets with $themes and $metadata"

_BASE_SET: Final = "global"


def _type(token: Token) -> str:
    path, kind = token.path, token.type
    if kind == "dimension":
        if path[0] == "spacing":
            return "spacing"
        if path[0] == "radius":
            return "borderRadius"
        if path[:2] == ("font", "size"):
            return "fontSizes"
        return "dimension"
    return {
        "color": "color",
        "shadow": "boxShadow",
        "typography": "typography",
        "border": "border",
        "fontFamily": "fontFamilies",
        "fontWeight": "fontWeights",
        "number": "number",
        "duration": "other",
        "strokeStyle": "other",
    }[kind]


def _value(token: Token, value: TokenValue, options: ExportOptions) -> Any:
    if isinstance(value, Alias):
        return str(value)
    if isinstance(value, Color):
        return color_to_css(value)
    if isinstance(value, Dimension):
        return f"{fmt_number(dimension_px(value, options.rem_base_px))}px"
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Shadow):
        layers = [
            {
                "x": _value(token, layer.offset_x, options),
                "y": _value(token, layer.offset_y, options),
                "blur": _value(token, layer.blur, options),
                "spread": _value(token, layer.spread, options),
                "color": _value(token, layer.color, options),
                "type": "innerShadow" if layer.inset else "dropShadow",
            }
            for layer in value.layers
        ]
        return layers[0] if len(layers) == 1 else layers
    if isinstance(value, Border):
        return {
            "color": _value(token, value.color, options),
            "width": _value(token, value.width, options),
            "style": str(value.style),
        }
    if isinstance(value, Typography):
        return {
            "fontFamily": _value(token, value.font_family, options),
            "fontWeight": _value(token, value.font_weight, options),
            "fontSize": _value(token, value.font_size, options),
            "lineHeight": _value(token, value.line_height, options),
            "letterSpacing": _value(token, value.letter_spacing, options),
        }
    if token.type == "duration" and isinstance(value, float | int):
        return f"{fmt_number(value)}ms"
    if isinstance(value, float | int):
        return fmt_number(value)
    return value


def _set(tokens: TokenSet, options: ExportOptions, mode: str | None) -> dict[str, Any]:
    overrides = tokens.modes.get(mode, {}) if mode is not None else None
    out: dict[str, Any] = {}
    for token in tokens:
        if overrides is not None and token.path not in overrides:
            continue
        value = overrides[token.path] if overrides is not None else token.value
        node = out
        for name in token.path[:-1]:
            node = node.setdefault(name, {})
        entry: dict[str, Any] = {"value": _value(token, value, options), "type": _type(token)}
        if token.description:
            entry["description"] = token.description
        node[token.path[-1]] = entry
    return out


def _themes(tokens: TokenSet, options: ExportOptions) -> list[dict[str, Any]]:
    themes = [
        {
            "id": kebab((options.default_mode,)),
            "name": options.default_mode,
            "group": "mode",
            "selectedTokenSets": {_BASE_SET: "enabled"},
        }
    ]
    for mode in tokens.modes:
        themes.append(
            {
                "id": kebab((mode,)),
                "name": mode,
                "group": "mode",
                "selectedTokenSets": {_BASE_SET: "source", kebab((mode,)): "enabled"},
            }
        )
    return themes


def _json(doc: object) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _sets(tokens: TokenSet, options: ExportOptions) -> dict[str, dict[str, Any]]:
    sets = {_BASE_SET: _set(tokens, options, None)}
    for mode in tokens.modes:
        sets[kebab((mode,))] = _set(tokens, options, mode)
    return sets


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The single-file form: sets as top-level keys, then ``$themes`` and ``$metadata``."""
    sets = _sets(tokens, options)
    doc: dict[str, Any] = dict(sets)
    doc["$themes"] = _themes(tokens, options)
    doc["$metadata"] = {"tokenSetOrder": list(sets)}
    return _json(doc)


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """The multi-file form: ``<set>.json`` per set, ``$themes.json``, ``$metadata.json``."""
    sets = _sets(tokens, options)
    files = {f"{name}.json": _json(content) for name, content in sets.items()}
    files["$themes.json"] = _json(_themes(tokens, options))
    files["$metadata.json"] = _json({"tokenSetOrder": list(sets)})
    return files
