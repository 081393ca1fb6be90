"""Typography as tokens: ``font.family/weight/size.*`` primitives and ``typography.*`` composites.

Sizes are named on the t-shirt scale around the body size (``base``; ``sm``, ``xs`` below;
``lg``, ``xl``, ``2xl`` … above), weights by their CSS names, families by generic class. The
composites alias the primitives; each style's colour is kept as a raw hex in the composite's
``com.copy-that`` extension for the pipeline to link to a palette token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from copy_that.extract._contribution import Contribution
from copy_that.tokens.model import Alias, Dimension, Evidence, GroupInfo, Token, Typography

if TYPE_CHECKING:
    from copy_that.extract.typography import TypeStyle, TypographyResult

__all__ = ["type_contribution"]

_NAMESPACE = "com.copy-that"
_WEIGHT_NAMES = {
    100: "thin",
    200: "extralight",
    300: "light",
    400: "regular",
    500: "medium",
    600: "semibold",
    700: "bold",
    800: "extrabold",
    900: "black",
}
_FAMILY_KEYS = {"sans-serif": "sans", "serif": "serif", "monospace": "mono", "display": "display"}
# Boxes kept as evidence per token: enough to show where, few enough to keep documents small.
_MAX_BOXES = 24
# Line height assumed when a style has no paragraph: CSS ``normal`` of the matched face, else
# 1.2, the usual ``normal`` of Latin UI faces. Marked as assumed in the token's extension.
_DEFAULT_LINE_HEIGHT = 1.2


def type_contribution(result: TypographyResult, image_id: str) -> Contribution:
    """Build the typography tokens and group notes of `result` for image `image_id`."""
    if not result.styles:
        reason = result.reason or "no text styles were measured"
        return Contribution(
            groups=(
                GroupInfo(path=("font",), description="Font primitives", reason=reason),
                GroupInfo(path=("typography",), description="Text styles", reason=reason),
            )
        )
    styles = result.styles
    sizes = _size_names(styles)
    families = _family_names(styles)
    tokens: list[Token] = []
    for key, (value, members) in families.items():
        tokens.append(
            Token(
                path=("font", "family", key),
                type="fontFamily",
                value=value,
                confidence=_mean(
                    s.match.family_confidence if s.family else s.match.generic_confidence
                    for s in members
                ),
                evidence=_evidence(result, members, image_id),
                extensions={_NAMESPACE: {"ranking": [list(r) for r in members[0].match.ranking]}},
            )
        )
    for weight in sorted({s.font_weight for s in styles}):
        members = [s for s in styles if s.font_weight == weight]
        tokens.append(
            Token(
                path=("font", "weight", _WEIGHT_NAMES[weight]),
                type="fontWeight",
                value=float(weight),
                confidence=_mean(s.match.weight_confidence for s in members),
                evidence=_evidence(result, members, image_id),
            )
        )
    for size, name in sorted(sizes.items()):
        members = [s for s in styles if s.font_size_px == size]
        tokens.append(
            Token(
                path=("font", "size", name),
                type="dimension",
                value=Dimension(size),
                confidence=_mean(_size_confidence(s) for s in members),
                evidence=_evidence(result, members, image_id),
            )
        )
    family_of = {id(s): key for key, (_, members) in families.items() for s in members}
    for style in styles:
        tokens.append(_composite(result, style, sizes, family_of[id(style)], image_id))
    extensions: dict[str, object] = {"ocr": result.ocr_used, "dpr": result.dpr}
    if result.scale_ratio is not None:
        name, ratio, error = result.scale_ratio
        extensions.update(scale_ratio=round(ratio, 4), scale_ratio_name=name, scale_error=error)
    if result.notes:
        extensions["notes"] = list(result.notes)
    return Contribution(
        tokens=tuple(tokens),
        groups=(
            GroupInfo(path=("font",), description="Font primitives measured from the glyphs"),
            GroupInfo(
                path=("typography",),
                description="Text styles of the type scale, largest first",
                extensions={_NAMESPACE: extensions},
            ),
        ),
    )


def _composite(
    result: TypographyResult,
    style: TypeStyle,
    sizes: dict[float, str],
    family_key: str,
    image_id: str,
) -> Token:
    if style.line_height is not None:
        line_height, source = style.line_height, "baseline spacing"
    elif style.match.face is not None:
        line_height, source = round(style.match.face.line_height, 3), "assumed: face normal"
    else:
        line_height, source = _DEFAULT_LINE_HEIGHT, "assumed: default"
    spacing = style.letter_spacing_px
    detail: dict[str, object] = {
        "color": style.color.hex,
        "alignment": style.alignment,
        "line_height_source": source,
        "line_height_pairs": style.line_height_pairs,
        "letter_spacing_source": "measured" if spacing is not None else "assumed: normal",
        "generic": style.generic,
        "size_spread": style.size_spread,
    }
    return Token(
        path=("typography", style.name),
        type="typography",
        value=Typography(
            font_family=Alias(("font", "family", family_key)),
            font_size=Alias(("font", "size", sizes[style.font_size_px])),
            font_weight=Alias(("font", "weight", _WEIGHT_NAMES[style.font_weight])),
            letter_spacing=Dimension(spacing if spacing is not None else 0.0),
            line_height=line_height,
        ),
        confidence=round(_size_confidence(style) * (0.5 + 0.5 * style.match.weight_confidence), 3),
        evidence=_evidence(result, [style], image_id),
        extensions={_NAMESPACE: detail},
    )


def _size_names(styles: tuple[TypeStyle, ...]) -> dict[float, str]:
    """T-shirt names of the distinct sizes around the body size (``base``)."""
    distinct = sorted({s.font_size_px for s in styles})
    body = next((s.font_size_px for s in styles if s.name == "body"), distinct[0])
    below = [v for v in distinct if v < body][::-1]
    above = [v for v in distinct if v > body]
    names = {body: "base"}
    for rank, value in enumerate(below):
        names[value] = ("sm", "xs")[rank] if rank < 2 else f"{rank}xs"
    for rank, value in enumerate(above):
        names[value] = ("lg", "xl")[rank] if rank < 2 else f"{rank}xl"
    return names


def _family_names(
    styles: tuple[TypeStyle, ...],
) -> dict[str, tuple[tuple[str, ...], list[TypeStyle]]]:
    """Family tokens keyed by generic class (``sans``, ``serif`` …, ``-2`` for a second)."""
    found: dict[tuple[str | None, str], list[TypeStyle]] = {}
    for style in styles:
        found.setdefault((style.family, style.generic), []).append(style)
    result: dict[str, tuple[tuple[str, ...], list[TypeStyle]]] = {}
    for (family, generic), members in sorted(found.items(), key=lambda kv: -len(kv[1])):
        base = _FAMILY_KEYS[generic]
        key, count = base, 2
        while key in result:
            key, count = f"{base}-{count}", count + 1
        value = (family, generic) if family else (generic,)
        result[key] = (value, members)
    return result


def _size_confidence(style: TypeStyle) -> float:
    """Agreement of the style's lines on one size, and how many lines there are."""
    agreement = float(np.exp(-style.size_spread / 0.04))
    support = 1.0 - 0.5 ** len(style.line_indices)
    return round(agreement * support, 3)


def _mean(values: Iterable[float]) -> float:
    items = [float(v) for v in values]
    return round(sum(items) / len(items), 3) if items else 0.0


def _evidence(result: TypographyResult, styles: list[TypeStyle], image_id: str) -> Evidence:
    indices = sorted(i for s in styles for i in s.line_indices)
    boxes = tuple(result.lines[i].box for i in indices[:_MAX_BOXES])
    texts = [t for s in styles for t in s.samples]
    sizes = [result.lines[i].font_size_px for i in indices]
    return Evidence(
        boxes=boxes,
        count=len(indices),
        image_ids=(image_id,),
        detail={"texts": texts, "line_sizes_px": sizes[:_MAX_BOXES]},
    )
