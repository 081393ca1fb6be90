"""DTCG 2025.10 value shapes: encode typed token values to JSON and decode (checking) them back.

Decoding never raises for a bad document: it records ``(pointer, message)`` problems in a
`Problems` list and returns None, so a validator can report every problem at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, Final, TypeAlias, cast, get_args

from coloraide import Color as _CAColor

from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    JSONValue,
    Shadow,
    ShadowLayer,
    TokenType,
    TokenValue,
    Typography,
)

__all__ = [
    "DTCG_TYPES",
    "FONT_WEIGHT_KEYWORDS",
    "MODEL_TYPES",
    "AliasUse",
    "Problems",
    "decode_value",
    "encode_number",
    "encode_value",
    "is_number",
    "pointer_join",
]

#: Every ``$type`` DTCG 2025.10 defines (Format §8–9).
DTCG_TYPES: Final = frozenset(
    {
        "color",
        "dimension",
        "fontFamily",
        "fontWeight",
        "duration",
        "cubicBezier",
        "number",
        "strokeStyle",
        "border",
        "transition",
        "shadow",
        "gradient",
        "typography",
    }
)
#: The types `copy_that.tokens.model` can hold.
MODEL_TYPES: Final = frozenset(get_args(TokenType))

#: DTCG 2025.10 §8.4 font-weight keywords and their numeric values.
FONT_WEIGHT_KEYWORDS: Final = {
    "thin": 100.0,
    "hairline": 100.0,
    "extra-light": 200.0,
    "ultra-light": 200.0,
    "light": 300.0,
    "normal": 400.0,
    "regular": 400.0,
    "book": 400.0,
    "medium": 500.0,
    "semi-bold": 600.0,
    "demi-bold": 600.0,
    "bold": 700.0,
    "extra-bold": 800.0,
    "ultra-bold": 800.0,
    "black": 900.0,
    "heavy": 900.0,
    "extra-black": 950.0,
    "ultra-black": 950.0,
}
_STROKE_KEYWORDS: Final = frozenset(
    {"solid", "dashed", "dotted", "double", "groove", "ridge", "outset", "inset"}
)
_LINE_CAPS: Final = frozenset({"round", "butt", "square"})
_HEX6_RE: Final = re.compile(r"^#[0-9a-fA-F]{6}$")
_ALIAS_SHAPE_RE: Final = re.compile(r"^\{.*\}$")

#: DTCG colour-space names (Color module 2025.10) and the coloraide space plus the factor that
#: scales each DTCG component into coloraide's range (hsl/hwb use 0–100 in DTCG, 0–1 there).
_COLOR_SPACES: Final[dict[str, tuple[str, tuple[float, float, float]]]] = {
    "srgb": ("srgb", (1.0, 1.0, 1.0)),
    "srgb-linear": ("srgb-linear", (1.0, 1.0, 1.0)),
    "hsl": ("hsl", (1.0, 0.01, 0.01)),
    "hwb": ("hwb", (1.0, 0.01, 0.01)),
    "lab": ("lab", (1.0, 1.0, 1.0)),
    "lch": ("lch", (1.0, 1.0, 1.0)),
    "oklab": ("oklab", (1.0, 1.0, 1.0)),
    "oklch": ("oklch", (1.0, 1.0, 1.0)),
    "display-p3": ("display-p3", (1.0, 1.0, 1.0)),
    "a98-rgb": ("a98-rgb", (1.0, 1.0, 1.0)),
    "prophoto-rgb": ("prophoto-rgb", (1.0, 1.0, 1.0)),
    "rec2020": ("rec2020", (1.0, 1.0, 1.0)),
    "xyz-d65": ("xyz-d65", (1.0, 1.0, 1.0)),
    "xyz-d50": ("xyz-d50", (1.0, 1.0, 1.0)),
}

Problems: TypeAlias = list[tuple[str, str]]


class AliasUse:
    """An alias found while decoding: where it sits and which token type it must point at."""

    __slots__ = ("alias", "expected", "pointer")

    def __init__(self, alias: Alias, expected: str, pointer: str) -> None:
        self.alias = alias
        self.expected = expected
        self.pointer = pointer


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Extend a JSON pointer (RFC 6901), escaping ``~`` and ``/`` in each part."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return pointer + "".join("/" + p for p in escaped)


def is_number(raw: object) -> bool:
    """Whether `raw` is a finite JSON number (bools excluded)."""
    return isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)


def encode_number(value: float) -> int | float:
    """Integral floats as JSON integers (``16`` not ``16.0``); reading gives the float back."""
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# --- encoding -------------------------------------------------------------------------------


def _enc_color(value: Color | Alias) -> JSONValue:
    if isinstance(value, Alias):
        return str(value)
    return {
        "colorSpace": "srgb",
        "components": [encode_number(c) for c in value.components],
        "alpha": encode_number(value.alpha),
        "hex": value.hex,
    }


def _enc_dim(value: Dimension | Alias) -> JSONValue:
    if isinstance(value, Alias):
        return str(value)
    return {"value": encode_number(value.value), "unit": value.unit}


def _enc_scalar(value: float | Alias) -> JSONValue:
    return str(value) if isinstance(value, Alias) else encode_number(value)


def _enc_family(value: tuple[str, ...] | Alias) -> JSONValue:
    if isinstance(value, Alias):
        return str(value)
    return value[0] if len(value) == 1 else list(value)


def _enc_layer(layer: ShadowLayer) -> JSONValue:
    return {
        "color": _enc_color(layer.color),
        "offsetX": _enc_dim(layer.offset_x),
        "offsetY": _enc_dim(layer.offset_y),
        "blur": _enc_dim(layer.blur),
        "spread": _enc_dim(layer.spread),
        "inset": layer.inset,
    }


def encode_value(type_: str, value: TokenValue) -> JSONValue:
    """The DTCG ``$value`` for a model value of `type_` (aliases become ``"{a.b}"``)."""
    if isinstance(value, Alias):
        return str(value)
    if isinstance(value, Color):
        return _enc_color(value)
    if isinstance(value, Dimension):
        return _enc_dim(value)
    if isinstance(value, Shadow):
        return [_enc_layer(layer) for layer in value.layers]
    if isinstance(value, Border):
        style = str(value.style)
        return {"color": _enc_color(value.color), "width": _enc_dim(value.width), "style": style}
    if isinstance(value, Typography):
        return {
            "fontFamily": _enc_family(value.font_family),
            "fontSize": _enc_dim(value.font_size),
            "fontWeight": _enc_scalar(value.font_weight),
            "letterSpacing": _enc_dim(value.letter_spacing),
            "lineHeight": _enc_scalar(value.line_height),
        }
    if isinstance(value, tuple):
        return _enc_family(value)
    if type_ == "duration" and isinstance(value, float | int):
        return {"value": encode_number(value), "unit": "ms"}
    if isinstance(value, float | int):
        return encode_number(value)
    return value


# --- decoding -------------------------------------------------------------------------------


class _Decoder:
    """Decodes one token's ``$value``, collecting problems and the aliases it uses."""

    def __init__(self, problems: Problems, aliases: list[AliasUse]) -> None:
        self.problems = problems
        self.aliases = aliases

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append((pointer, message))

    def alias(self, raw: object, expected: str, pointer: str) -> Alias | None:
        """Return an Alias for alias-shaped strings (recording the use), else None."""
        if not isinstance(raw, str) or not _ALIAS_SHAPE_RE.match(raw):
            return None
        try:
            alias = Alias.parse(raw)
        except ValueError:
            self.fail(pointer, f"malformed alias {raw!r}: write '{{group.token}}' with legal names")
            return None
        self.aliases.append(AliasUse(alias, expected, pointer))
        return alias

    def member(self, raw: object, expected: str, pointer: str, decode: Callable[..., Any]) -> Any:
        if isinstance(raw, str) and _ALIAS_SHAPE_RE.match(raw):
            return self.alias(raw, expected, pointer)
        return decode(raw, pointer)

    def number(self, raw: object, pointer: str, what: str = "a number") -> float | None:
        if not is_number(raw):
            self.fail(pointer, f"expected {what} (a finite JSON number), got {raw!r}")
            return None
        return float(cast(float, raw))

    def expect_object(self, raw: object, pointer: str, keys: set[str], required: set[str]) -> bool:
        if not isinstance(raw, dict):
            self.fail(pointer, f"expected an object with {sorted(required)}, got {raw!r}")
            return False
        ok = True
        for key in sorted(required - raw.keys()):
            self.fail(pointer, f"missing required property {key!r}")
            ok = False
        for key in sorted(raw.keys() - keys):
            self.fail(pointer_join(pointer, key), f"unknown property {key!r}")
            ok = False
        return ok

    def color(self, raw: object, pointer: str) -> Color | None:
        if isinstance(raw, str):
            self.fail(
                pointer,
                f"colour {raw!r} is a string; DTCG 2025.10 colours are objects like "
                '{"colorSpace": "srgb", "components": [r, g, b], "alpha": 1}',
            )
            return None
        keys = {"colorSpace", "components", "alpha", "hex"}
        if not self.expect_object(raw, pointer, keys, {"colorSpace", "components"}):
            return None
        raw = cast(dict[str, Any], raw)
        space = raw["colorSpace"]
        if space not in _COLOR_SPACES:
            self.fail(
                pointer_join(pointer, "colorSpace"),
                f"unknown colorSpace {space!r}; use one of {sorted(_COLOR_SPACES)}",
            )
            return None
        comps = raw["components"]
        cp = pointer_join(pointer, "components")
        if not isinstance(comps, list) or len(comps) != 3:
            self.fail(cp, f"expected 3 components, got {comps!r}")
            return None
        if not all(is_number(c) or c == "none" for c in comps):
            self.fail(cp, f"components must be finite numbers or 'none', got {comps!r}")
            return None
        alpha = 1.0
        if "alpha" in raw:
            a = self.number(raw["alpha"], pointer_join(pointer, "alpha"), "an alpha in 0–1")
            if a is None:
                return None
            if not 0.0 <= a <= 1.0:
                self.fail(pointer_join(pointer, "alpha"), f"alpha must lie in 0–1, got {a}")
                return None
            alpha = a
        if "hex" in raw and not (isinstance(raw["hex"], str) and _HEX6_RE.match(raw["hex"])):
            self.fail(
                pointer_join(pointer, "hex"), f"hex must look like '#1a2b3c', got {raw['hex']!r}"
            )
            return None
        values = [0.0 if c == "none" else float(c) for c in comps]
        if space == "srgb":
            if not all(0.0 <= c <= 1.0 for c in values):
                self.fail(cp, f"srgb components must lie in 0–1, got {comps!r}")
                return None
            return Color((values[0], values[1], values[2]), alpha)
        ca_space, scale = _COLOR_SPACES[space]
        scaled = [v * s for v, s in zip(values, scale, strict=True)]
        srgb = _CAColor(ca_space, scaled).convert("srgb").fit()
        r, g, b = (min(1.0, max(0.0, float(c))) for c in srgb.coords())
        return Color((r, g, b), alpha)

    def dimension(self, raw: object, pointer: str) -> Dimension | None:
        if not self.expect_object(raw, pointer, {"value", "unit"}, {"value", "unit"}):
            return None
        raw = cast(dict[str, Any], raw)
        value = self.number(raw["value"], pointer_join(pointer, "value"))
        unit = raw["unit"]
        if unit not in ("px", "rem"):
            self.fail(
                pointer_join(pointer, "unit"), f"dimension unit must be 'px' or 'rem', got {unit!r}"
            )
            return None
        if value is None:
            return None
        return Dimension(value, unit)

    def duration(self, raw: object, pointer: str) -> float | None:
        if not self.expect_object(raw, pointer, {"value", "unit"}, {"value", "unit"}):
            return None
        raw = cast(dict[str, Any], raw)
        value = self.number(raw["value"], pointer_join(pointer, "value"))
        unit = raw["unit"]
        if unit not in ("ms", "s"):
            self.fail(
                pointer_join(pointer, "unit"), f"duration unit must be 'ms' or 's', got {unit!r}"
            )
            return None
        if value is None:
            return None
        return value * 1000.0 if unit == "s" else value

    def font_family(self, raw: object, pointer: str) -> tuple[str, ...] | None:
        if isinstance(raw, str) and raw:
            return (raw,)
        if isinstance(raw, list) and raw and all(isinstance(f, str) and f for f in raw):
            return tuple(raw)
        self.fail(pointer, f"fontFamily must be a name or a non-empty list of names, got {raw!r}")
        return None

    def font_weight(self, raw: object, pointer: str) -> float | None:
        if isinstance(raw, str):
            if raw in FONT_WEIGHT_KEYWORDS:
                return FONT_WEIGHT_KEYWORDS[raw]
            self.fail(
                pointer,
                f"unknown fontWeight keyword {raw!r}; use 1–1000 or one of the DTCG keywords",
            )
            return None
        value = self.number(raw, pointer, "a font weight 1–1000")
        if value is not None and not 1.0 <= value <= 1000.0:
            self.fail(pointer, f"fontWeight must lie in 1–1000, got {value}")
            return None
        return value

    def stroke_style(self, raw: object, pointer: str) -> str | None:
        if isinstance(raw, str) and raw in _STROKE_KEYWORDS:
            return raw
        if isinstance(raw, dict):
            self._stroke_object(raw, pointer)
            return None
        self.fail(pointer, f"strokeStyle must be one of {sorted(_STROKE_KEYWORDS)}, got {raw!r}")
        return None

    def _stroke_object(self, raw: dict[str, Any], pointer: str) -> None:
        if self.expect_object(raw, pointer, {"dashArray", "lineCap"}, {"dashArray", "lineCap"}):
            dashes = raw["dashArray"]
            if not isinstance(dashes, list) or not dashes:
                self.fail(pointer_join(pointer, "dashArray"), "dashArray must be a non-empty list")
            else:
                for i, d in enumerate(dashes):
                    self.member(
                        d, "dimension", pointer_join(pointer, "dashArray", i), self.dimension
                    )
            if raw["lineCap"] not in _LINE_CAPS:
                self.fail(
                    pointer_join(pointer, "lineCap"), f"lineCap must be one of {sorted(_LINE_CAPS)}"
                )
        self.fail(pointer, "strokeStyle objects are valid DTCG, but Copy That holds only keywords")

    def cubic_bezier(self, raw: object, pointer: str) -> None:
        if not (isinstance(raw, list) and len(raw) == 4 and all(is_number(v) for v in raw)):
            self.fail(pointer, f"cubicBezier must be 4 numbers [x1, y1, x2, y2], got {raw!r}")
        elif not (0.0 <= raw[0] <= 1.0 and 0.0 <= raw[2] <= 1.0):
            self.fail(pointer, "cubicBezier x1 and x2 must lie in 0–1")

    def layer(self, raw: object, pointer: str) -> ShadowLayer | None:
        keys = {"color", "offsetX", "offsetY", "blur", "spread", "inset"}
        if not self.expect_object(raw, pointer, keys, keys - {"inset"}):
            return None
        raw = cast(dict[str, Any], raw)
        color = self.member(raw["color"], "color", pointer_join(pointer, "color"), self.color)
        dims = [
            self.member(raw[k], "dimension", pointer_join(pointer, k), self.dimension)
            for k in ("offsetX", "offsetY", "blur", "spread")
        ]
        inset = raw.get("inset", False)
        if not isinstance(inset, bool):
            self.fail(pointer_join(pointer, "inset"), f"inset must be true or false, got {inset!r}")
            return None
        if color is None or any(d is None for d in dims):
            return None
        return ShadowLayer(color, dims[0], dims[1], dims[2], dims[3], inset)

    def shadow(self, raw: object, pointer: str) -> Shadow | None:
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            self.fail(pointer, "a shadow needs at least one layer")
            return None
        pointers = [pointer_join(pointer, i) for i in range(len(items))]
        if not isinstance(raw, list):
            pointers = [pointer]
        layers = [self.layer(item, p) for item, p in zip(items, pointers, strict=True)]
        if any(layer is None for layer in layers):
            return None
        return Shadow(tuple(cast(list[ShadowLayer], layers)))

    def border(self, raw: object, pointer: str) -> Border | None:
        keys = {"color", "width", "style"}
        if not self.expect_object(raw, pointer, keys, keys):
            return None
        raw = cast(dict[str, Any], raw)
        color = self.member(raw["color"], "color", pointer_join(pointer, "color"), self.color)
        width = self.member(
            raw["width"], "dimension", pointer_join(pointer, "width"), self.dimension
        )
        style = self.member(
            raw["style"], "strokeStyle", pointer_join(pointer, "style"), self.stroke_style
        )
        if color is None or width is None or style is None:
            return None
        return Border(color, width, style)

    def typography(self, raw: object, pointer: str) -> Typography | None:
        keys = {"fontFamily", "fontSize", "fontWeight", "letterSpacing", "lineHeight"}
        if not self.expect_object(raw, pointer, keys, keys):
            return None
        raw = cast(dict[str, Any], raw)
        p = pointer_join
        family = self.member(
            raw["fontFamily"], "fontFamily", p(pointer, "fontFamily"), self.font_family
        )
        size = self.member(raw["fontSize"], "dimension", p(pointer, "fontSize"), self.dimension)
        weight = self.member(
            raw["fontWeight"], "fontWeight", p(pointer, "fontWeight"), self.font_weight
        )
        spacing = self.member(
            raw["letterSpacing"], "dimension", p(pointer, "letterSpacing"), self.dimension
        )
        line = self.member(raw["lineHeight"], "number", p(pointer, "lineHeight"), self.number)
        parts = (family, size, weight, spacing, line)
        if any(part is None for part in parts):
            return None
        return Typography(family, size, weight, spacing, line)

    def transition(self, raw: object, pointer: str) -> None:
        keys = {"duration", "delay", "timingFunction"}
        if self.expect_object(raw, pointer, keys, keys):
            raw = cast(dict[str, Any], raw)
            self.member(
                raw["duration"], "duration", pointer_join(pointer, "duration"), self.duration
            )
            self.member(raw["delay"], "duration", pointer_join(pointer, "delay"), self.duration)
            self.member(
                raw["timingFunction"],
                "cubicBezier",
                pointer_join(pointer, "timingFunction"),
                self.cubic_bezier,
            )

    def gradient(self, raw: object, pointer: str) -> None:
        if not isinstance(raw, list) or not raw:
            self.fail(pointer, "a gradient is a non-empty list of {color, position} stops")
            return
        for i, stop in enumerate(raw):
            sp = pointer_join(pointer, i)
            if self.expect_object(stop, sp, {"color", "position"}, {"color", "position"}):
                stop = cast(dict[str, Any], stop)
                self.member(stop["color"], "color", pointer_join(sp, "color"), self.color)
                self.member(stop["position"], "number", pointer_join(sp, "position"), self.number)


_UNHELD: Final = frozenset({"cubicBezier", "transition", "gradient"})


def decode_value(
    type_: str, raw: object, pointer: str, problems: Problems, aliases: list[AliasUse]
) -> TokenValue | None:
    """Decode a ``$value`` of DTCG type `type_` at `pointer`.

    Parameters
    ----------
    type_ : str
        The token's resolved ``$type``.
    raw : JSON value
        The ``$value`` as parsed from JSON.
    pointer : str
        JSON pointer of the ``$value``, used in problem reports.
    problems : list of (pointer, message)
        Receives every problem found.
    aliases : list of AliasUse
        Receives every alias found, with the type its target must have.

    Returns
    -------
    TokenValue or None
        None when the value is invalid, or valid DTCG that the model cannot hold (a problem
        then says so).

    Notes
    -----
    DTCG 2025.10 Format §8 (types), §9 (composite types) and the Color module.
    """
    d = _Decoder(problems, aliases)
    if isinstance(raw, str) and _ALIAS_SHAPE_RE.match(raw):
        return d.alias(raw, type_, pointer)
    decoders: dict[str, Callable[[object, str], Any]] = {
        "color": d.color,
        "dimension": d.dimension,
        "number": d.number,
        "fontFamily": d.font_family,
        "fontWeight": d.font_weight,
        "duration": d.duration,
        "strokeStyle": d.stroke_style,
        "shadow": d.shadow,
        "border": d.border,
        "typography": d.typography,
        "cubicBezier": d.cubic_bezier,
        "transition": d.transition,
        "gradient": d.gradient,
    }
    before = len(problems)
    value = decoders[type_](raw, pointer)
    if type_ in _UNHELD and len(problems) == before:
        d.fail(
            pointer, f"{type_} tokens are valid DTCG, but Copy That's token model cannot hold them"
        )
    return cast(TokenValue | None, value)
