"""What a subject reported, read from a DTCG 2025.10 token document (the file the CLI writes).

The reader is deliberately independent of ``copy_that.tokens.dtcg``: it walks the JSON the user
gets, follows aliases itself, and so scores the document, not the library's idea of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "Prediction", "ShadowLayerPrediction", "StylePrediction", "from_document"]

RGB8 = tuple[int, int, int]
#: Token kinds the scorer knows, with the top-level group each lives in.
KINDS: dict[str, tuple[str, ...]] = {
    "colors": ("color",),
    "spacing": ("spacing",),
    "radii": ("radius",),
    "shadows": ("shadow",),
    "typography": ("font", "typography"),
}
# Pipeline stage names (root timings) that show a kind's extractor ran even if its group is absent.
_STAGES = {
    "colors": "colors",
    "spacing": "spacing",
    "radii": "radii",
    "shadows": "shadows",
    "typography": "typography",
}
# CSS px per rem, the browsers' default root font size.
_PX_PER_REM = 16.0
# A radius at least this large is the "fully rounded" idiom (9999px), not a measured radius.
_FULL_RADIUS_PX = 999.0
_ALIAS = re.compile(r"^\{([^{}]+)\}$")
_RAMP_STEP = re.compile(r"^\d{2,3}$")
_NAMESPACE = "com.copy-that"


@dataclass(frozen=True)
class ShadowLayerPrediction:
    """One reported shadow layer, CSS px."""

    x_px: float
    y_px: float
    blur_px: float
    spread_px: float
    inset: bool


@dataclass(frozen=True)
class StylePrediction:
    """One reported typography style."""

    size_px: float
    weight: float | None
    line_height: float | None
    family: tuple[str, ...]


@dataclass(frozen=True)
class Prediction:
    """A subject's answer for one image.

    ``produced`` holds the kinds the document covers (group present, or the stage ran); a kind
    outside it is scored "not produced", never 0.
    """

    produced: frozenset[str]
    palette: tuple[RGB8, ...] = ()
    roles: dict[str, RGB8] = field(default_factory=dict)
    spacing_px: tuple[float, ...] = ()
    base_unit_px: float | None = None
    radii_px: tuple[float, ...] = ()
    full_radius: bool = False
    shadow_layers: tuple[ShadowLayerPrediction, ...] = ()
    font_sizes_px: tuple[float, ...] = ()
    styles: tuple[StylePrediction, ...] = ()
    dpr: float | None = None
    dpr_confidence: float | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Token:
    path: tuple[str, ...]
    type: str | None
    value: Any


def _walk(
    node: Mapping[str, Any], path: tuple[str, ...], inherited: str | None
) -> Iterator[_Token]:
    for key, child in node.items():
        if key.startswith("$") or not isinstance(child, Mapping):
            continue
        kind = child.get("$type", inherited)
        if "$value" in child:
            yield _Token((*path, key), kind, child["$value"])
        else:
            yield from _walk(child, (*path, key), kind)


class _Resolver:
    def __init__(self, tokens: list[_Token]) -> None:
        self.by_path = {".".join(t.path): t for t in tokens}

    def value(self, value: Any, depth: int = 0) -> Any:
        if depth > 32:  # an alias cycle; the validator should have refused the document
            return None
        if isinstance(value, str):
            match = _ALIAS.match(value)
            if match:
                target = self.by_path.get(match.group(1))
                return None if target is None else self.value(target.value, depth + 1)
            return value
        if isinstance(value, Mapping):
            return {k: self.value(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, depth + 1) for v in value]
        return value

    def type_of(self, token: _Token) -> str | None:
        if token.type is not None:
            return token.type
        match = _ALIAS.match(token.value) if isinstance(token.value, str) else None
        target = self.by_path.get(match.group(1)) if match else None
        return None if target is None else self.type_of(target)


def _colour(value: Any) -> RGB8 | None:
    if isinstance(value, Mapping):
        components = value.get("components")
        if (
            value.get("colorSpace", "srgb") == "srgb"
            and isinstance(components, list)
            and len(components) == 3
            and all(isinstance(c, int | float) for c in components)
        ):
            r, g, b = (round(float(c) * 255.0) for c in components)
            return (r, g, b)
        value = value.get("hex")
    if isinstance(value, str) and re.match(r"^#[0-9a-fA-F]{6}", value):
        return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
    return None


def _px(value: Any) -> float | None:
    if isinstance(value, Mapping) and isinstance(value.get("value"), int | float):
        scale = _PX_PER_REM if value.get("unit") == "rem" else 1.0
        return float(value["value"]) * scale
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = re.match(r"^(-?[\d.]+)(px|rem)?$", value.strip())
        if match:
            return float(match.group(1)) * (_PX_PER_REM if match.group(2) == "rem" else 1.0)
    return None


def _weight(value: Any) -> float | None:
    keywords = {
        "thin": 100,
        "light": 300,
        "regular": 400,
        "normal": 400,
        "medium": 500,
        "semibold": 600,
        "semi-bold": 600,
        "bold": 700,
        "extrabold": 800,
        "black": 900,
    }
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value.lower() in keywords:
        return float(keywords[value.lower()])
    return None


def _group_extensions(document: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    group = document.get(name)
    if not isinstance(group, Mapping):
        return {}
    ext = group.get("$extensions", {})
    own = ext.get(_NAMESPACE, {}) if isinstance(ext, Mapping) else {}
    return own if isinstance(own, Mapping) else {}


def _base_unit(document: Mapping[str, Any]) -> float | None:
    own = _group_extensions(document, "spacing")
    named = [k for k in ("baseUnit", "base_unit_px", "base_unit", "base") if k in own]
    # Otherwise any key naming the base unit, but not its confidence or other facts about it.
    named += [k for k in own if k.lower().replace("_", "") in ("baseunitpx", "baseunitcss")]
    for key in named:
        px = _px(own[key])
        if px is not None:
            return px
    return None


def _root_facts(
    document: Mapping[str, Any],
) -> tuple[dict[str, float], float | None, float | None]:
    ext = document.get("$extensions", {})
    own = ext.get(_NAMESPACE, {}) if isinstance(ext, Mapping) else {}
    timings: dict[str, float] = {}
    dpr: float | None = None
    confidence: float | None = None
    if isinstance(own, Mapping):
        for key, value in own.items():
            if "timing" in key.lower() and isinstance(value, Mapping):
                timings = {k: float(v) for k, v in value.items() if isinstance(v, int | float)}
        images = own.get("images")
        if isinstance(images, list) and images and isinstance(images[0], Mapping):
            raw = images[0].get("dpr")
            dpr = float(raw) if isinstance(raw, int | float) else None
            raw = images[0].get("dpr_confidence")
            confidence = float(raw) if isinstance(raw, int | float) else None
    return timings, dpr, confidence


def _reasons(document: Mapping[str, Any]) -> dict[str, str]:
    reasons = {}
    for kind, groups in KINDS.items():
        for name in groups:
            own = _group_extensions(document, name)
            reason = own.get("reason") if isinstance(own, Mapping) else None
            if isinstance(reason, str):
                reasons[kind] = reason
    return reasons


def from_document(document: Mapping[str, Any]) -> Prediction:
    """Read a DTCG 2025.10 document into a `Prediction` (aliases resolved, lengths in CSS px)."""
    tokens = list(_walk(document, (), None))
    resolve = _Resolver(tokens)
    timings, dpr, dpr_confidence = _root_facts(document)
    produced = frozenset(
        kind
        for kind, groups in KINDS.items()
        if any(g in document for g in groups) or _STAGES[kind] in timings
    )

    def of(group: str, token_type: str) -> Iterator[tuple[tuple[str, ...], Any]]:
        for token in tokens:
            if token.path[0] == group and resolve.type_of(token) == token_type:
                yield token.path, resolve.value(token.value)

    colours = list(of("color", "color"))
    palette = [c for p, v in colours if len(p) > 2 and p[1] == "palette" and (c := _colour(v))]
    if not palette:  # no palette group: every concrete colour except ramp steps and role aliases
        concrete = {
            ".".join(t.path)
            for t in tokens
            if not (isinstance(t.value, str) and _ALIAS.match(t.value))
        }
        palette = [
            c
            for p, v in colours
            if ".".join(p) in concrete and not _RAMP_STEP.match(p[-1]) and (c := _colour(v))
        ]
    roles = {}
    for role in ("background", "text", "primary"):
        token = resolve.by_path.get(f"color.{role}")
        if token is not None and (rgb := _colour(resolve.value(token.value))) is not None:
            roles[role] = rgb

    radii: list[float] = []
    full = False
    for path, value in of("radius", "dimension"):
        px = _px(value)
        if px is None:
            continue
        if path[-1] == "full" or px >= _FULL_RADIUS_PX:
            full = True
        else:
            radii.append(px)

    layers = []
    for _, value in of("shadow", "shadow"):
        for layer in value if isinstance(value, list) else [value]:
            if not isinstance(layer, Mapping):
                continue
            x, y = _px(layer.get("offsetX")), _px(layer.get("offsetY"))
            blur, spread = _px(layer.get("blur")), _px(layer.get("spread"))
            if x is not None and y is not None and blur is not None:
                layers.append(
                    ShadowLayerPrediction(
                        x, y, blur, spread or 0.0, bool(layer.get("inset", False))
                    )
                )

    styles = []
    for _, value in of("typography", "typography"):
        if not isinstance(value, Mapping) or (size := _px(value.get("fontSize"))) is None:
            continue
        family = value.get("fontFamily")
        families = (
            tuple(family)
            if isinstance(family, list)
            else ((family,) if isinstance(family, str) else ())
        )
        line = value.get("lineHeight")
        styles.append(
            StylePrediction(
                size_px=size,
                weight=_weight(value.get("fontWeight")),
                line_height=float(line) if isinstance(line, int | float) else None,
                family=families,
            )
        )
    sizes = [
        px for p, v in of("font", "dimension") if p[1:2] == ("size",) and (px := _px(v)) is not None
    ]
    sizes += [s.size_px for s in styles]

    return Prediction(
        produced=produced,
        palette=tuple(dict.fromkeys(palette)),
        roles=roles,
        spacing_px=tuple(px for _, v in of("spacing", "dimension") if (px := _px(v)) is not None),
        base_unit_px=_base_unit(document),
        radii_px=tuple(radii),
        full_radius=full,
        shadow_layers=tuple(layers),
        font_sizes_px=tuple(sorted(set(sizes))),
        styles=tuple(styles),
        dpr=dpr,
        dpr_confidence=dpr_confidence,
        timings_ms=timings,
        reasons=_reasons(document),
    )
