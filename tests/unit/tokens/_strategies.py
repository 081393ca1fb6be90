"""Hypothesis strategies for random, valid token sets in document order."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from copy_that.tokens.model import (
    Alias,
    Border,
    Color,
    Dimension,
    Evidence,
    GroupInfo,
    ImageInfo,
    Shadow,
    ShadowLayer,
    Token,
    TokenPath,
    TokenSet,
    Typography,
)

_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_ éß$"
names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=6).filter(
    lambda s: not s.startswith("$")
)
unit = st.floats(0.0, 1.0, allow_nan=False)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | finite | st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
colors = st.builds(lambda r, g, b, a: Color((r, g, b), a), unit, unit, unit, unit)
dimensions = st.builds(Dimension, finite, st.sampled_from(["px", "rem"]))
families = st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3).map(tuple)
weights = st.floats(1.0, 1000.0)
strokes = st.sampled_from(["solid", "dashed", "dotted", "double"])

_PLAIN = ["color", "dimension", "number", "fontFamily", "fontWeight", "duration", "strokeStyle"]
_TYPES = [*_PLAIN, "shadow", "border", "typography"]


def _member(draw: st.DrawFn, type_: str, plain: Any, known: dict[str, list[TokenPath]]) -> Any:
    targets = known.get(type_, [])
    if targets and draw(st.booleans()):
        return Alias(draw(st.sampled_from(targets)))
    return draw(plain)


def _value(draw: st.DrawFn, type_: str, known: dict[str, list[TokenPath]]) -> Any:
    targets = known.get(type_, [])
    if targets and draw(st.integers(0, 3)) == 0:
        return Alias(draw(st.sampled_from(targets)))
    if type_ == "color":
        return draw(colors)
    if type_ == "dimension":
        return draw(dimensions)
    if type_ in ("number", "duration"):
        return draw(finite)
    if type_ == "fontFamily":
        return draw(families)
    if type_ == "fontWeight":
        return draw(weights)
    if type_ == "strokeStyle":
        return draw(strokes)
    if type_ == "shadow":
        layers = [
            ShadowLayer(
                _member(draw, "color", colors, known),
                *(_member(draw, "dimension", dimensions, known) for _ in range(4)),
                inset=draw(st.booleans()),
            )
            for _ in range(draw(st.integers(1, 3)))
        ]
        return Shadow(tuple(layers))
    if type_ == "border":
        return Border(
            _member(draw, "color", colors, known),
            _member(draw, "dimension", dimensions, known),
            _member(draw, "strokeStyle", strokes, known),
        )
    return Typography(
        _member(draw, "fontFamily", families, known),
        _member(draw, "dimension", dimensions, known),
        _member(draw, "fontWeight", weights, known),
        _member(draw, "dimension", dimensions, known),
        _member(draw, "number", finite, known),
    )


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    box = st.tuples(*(st.integers(0, 5000) for _ in range(4)))
    point = st.tuples(st.integers(0, 5000), st.integers(0, 5000))
    return Evidence(
        boxes=tuple(draw(st.lists(box, max_size=3))),
        points=tuple(draw(st.lists(point, max_size=3))),
        share=draw(st.none() | unit),
        count=draw(st.none() | st.integers(0, 10_000)),
        image_ids=tuple(draw(st.lists(st.text(min_size=1, max_size=6), max_size=2))),
        detail=draw(st.dictionaries(st.text(max_size=5), json_values, max_size=3)),
    )


@st.composite
def extensions(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = draw(
        st.dictionaries(st.sampled_from(["org.example", "studio.tokens"]), json_values, max_size=1)
    )
    if draw(st.booleans()):
        out["com.copy-that"] = {"role": draw(st.text(min_size=1, max_size=6))}
    return out


@st.composite
def _tree(draw: st.DrawFn, depth: int) -> list[tuple[str, Any]]:
    """Children of a group: (name, None) for a token, (name, children) for a subgroup,
    (name, []) for an empty group; empty groups come after populated siblings."""
    keys = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    full: list[tuple[str, Any]] = []
    empty: list[tuple[str, Any]] = []
    for key in keys:
        kind = draw(st.sampled_from(["token", "group", "empty"] if depth < 3 else ["token"]))
        if kind == "token":
            full.append((key, None))
        elif kind == "group":
            full.append((key, draw(_tree(depth + 1))))
        else:
            empty.append((key, []))
    if not full:
        full.append((draw(names.filter(lambda n: n not in keys)), None))
    return full + empty


def _flatten(
    children: list[tuple[str, Any]],
    path: TokenPath,
    tokens: list[TokenPath],
    groups: list[tuple[TokenPath, bool]],
) -> None:
    for name, sub in children:
        if sub is None:
            tokens.append((*path, name))
        else:
            groups.append(((*path, name), not sub))
            _flatten(sub, (*path, name), tokens, groups)


@st.composite
def token_sets(draw: st.DrawFn) -> TokenSet:
    """A random valid `TokenSet` in document order (no modes)."""
    token_paths: list[TokenPath] = []
    group_paths: list[tuple[TokenPath, bool]] = []
    _flatten(draw(_tree(0)), (), token_paths, group_paths)
    known: dict[str, list[TokenPath]] = {}
    tokens = []
    for path in token_paths:
        type_ = draw(st.sampled_from(_TYPES))
        tokens.append(
            Token(
                path=path,
                type=type_,  # type: ignore[arg-type]
                value=_value(draw, type_, known),
                description=draw(st.none() | st.text(max_size=10)),
                confidence=draw(st.none() | unit),
                evidence=draw(st.none() | evidence()),
                extensions=draw(extensions()),
            )
        )
        known.setdefault(type_, []).append(path)
    groups = []
    for path, is_empty in group_paths:
        if is_empty or draw(st.booleans()):
            groups.append(
                GroupInfo(
                    path,
                    description=draw(st.none() | st.text(max_size=10)),
                    reason=draw(st.text(min_size=1, max_size=10)) if is_empty else None,
                    extensions=draw(extensions()) if not is_empty else {},
                )
            )
    groups = [g for g in groups if g.description is not None or g.reason or g.extensions]
    images = draw(
        st.lists(
            st.builds(
                ImageInfo,
                id=st.text(min_size=1, max_size=6),
                name=st.none() | st.text(max_size=6),
                width_px=st.integers(1, 10_000),
                height_px=st.integers(1, 10_000),
                dpr=st.floats(0.5, 4.0),
                dpr_source=st.sampled_from(["option", "inferred", "default"]),
                dpr_confidence=st.none() | unit,
            ),
            max_size=2,
        )
    )
    timings = draw(
        st.dictionaries(st.text(min_size=1, max_size=6), st.floats(0.0, 1e6), max_size=3)
    )
    return TokenSet(
        tokens=tuple(tokens),
        groups=tuple(groups),
        images=tuple(images),
        timings_ms=timings,
        extensions=draw(extensions()),
    )
