"""Design tokens of a `ColorResult`: palette primitives, tonal ramps, role aliases, contrast.

Token layout (DTCG 2025.10, see ARCHITECTURE.md):

- ``color.palette.<name>`` — every palette colour, with confidence and evidence;
- ``color.<family>.<50..950>`` — ramps of the primary, secondary, accent and neutral colours;
- ``color.<role>`` — aliases to palette colours (``{color.palette.blue}``), roles shown only;
- group ``color`` — ``$extensions["com.copy-that"]["contrast"]``: every text/background pair
  with its WCAG 2.1 ratio and APCA Lc, and ``contrast_failures``: the pairs below 4.5:1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copy_that.extract._contribution import Contribution
from copy_that.tokens.model import Alias, Color, Evidence, GroupInfo, JSONValue, Token

if TYPE_CHECKING:
    from copy_that.extract._color_result import ColorResult, ContrastPair

__all__ = ["color_contribution"]

_NAMESPACE = "com.copy-that"
_PALETTE = ("color", "palette")


def _color(srgb8: tuple[int, int, int]) -> Color:
    return Color.from_srgb8(*srgb8)


def _pair_record(result: ColorResult, pair: ContrastPair) -> dict[str, JSONValue]:
    text, background = result.palette[pair.text], result.palette[pair.background]
    return {
        "text": str(Alias((*_PALETTE, text.name))),
        "background": str(Alias((*_PALETTE, background.name))),
        "text_hex": text.hex,
        "background_hex": background.hex,
        "contrast_ratio": round(pair.contrast_ratio, 2),
        "apca_lc": round(pair.apca_lc, 1),
        "passes_aa": pair.passes_aa,
        "passes_aa_large": pair.passes_aa_large,
        "text_px": pair.text_px,
    }


def color_contribution(result: ColorResult, image_id: str) -> Contribution:
    """Build the colour tokens of one image; see the module notes for the layout.

    Parameters
    ----------
    result : ColorResult
        What `copy_that.extract.colors.extract_colors` measured.
    image_id : str
        Id of the source image, cited in every token's evidence.

    Returns
    -------
    Contribution
    """
    ids = (image_id,)
    tokens: list[Token] = []
    for color in result.palette:
        percent = f"{color.share:.2%}" if color.share < 0.01 else f"{color.share:.1%}"
        tokens.append(
            Token(
                path=(*_PALETTE, color.name),
                type="color",
                value=_color(color.srgb8),
                description=f"{color.hex}: {percent} of pixels, mostly {color.usage}",
                confidence=color.confidence,
                evidence=Evidence(
                    boxes=color.boxes,
                    points=color.points,
                    share=color.share,
                    count=color.pixel_count,
                    image_ids=ids,
                    detail={
                        "oklch": [round(v, 4) for v in color.oklch],
                        "usage": color.usage,
                        "source": color.source,
                        "evidence_px": color.evidence_px,
                        "roles": list(color.roles),
                    },
                ),
            )
        )

    groups: list[GroupInfo] = []
    for ramp in result.ramps:
        source = result.palette[ramp.source]
        confidence = source.confidence * result.role_confidence.get(ramp.role, 1.0)
        groups.append(
            GroupInfo(
                path=("color", ramp.name),
                description=(
                    f"Tonal ramp 50–950 of the {ramp.role} colour {source.hex} in OKLCH, "
                    f"gamut-mapped to sRGB; the source sits at {ramp.ramp.source_step}"
                ),
            )
        )
        for step in ramp.ramp.steps:
            tokens.append(
                Token(
                    path=("color", ramp.name, str(step.step)),
                    type="color",
                    value=_color(step.srgb8),
                    description=(
                        f"{ramp.role} {step.step} (measured)"
                        if step.is_source
                        else f"{ramp.role} {step.step} (derived from {source.hex})"
                    ),
                    confidence=confidence,
                    evidence=Evidence(
                        image_ids=ids,
                        detail={
                            "ramp_source": str(Alias((*_PALETTE, source.name))),
                            "is_source": step.is_source,
                            "oklch": [round(v, 4) for v in step.oklch],
                        },
                    ),
                )
            )

    for role, index in result.roles.items():
        color = result.palette[index]
        reason = result.role_reasons.get(role, "")
        tokens.append(
            Token(
                path=("color", role),
                type="color",
                value=Alias((*_PALETTE, color.name)),
                description=f"{role}: {reason}" if reason else role,
                confidence=result.role_confidence[role],
                evidence=Evidence(
                    boxes=color.boxes,
                    points=color.points,
                    share=color.share,
                    image_ids=ids,
                    detail={"reason": reason},
                ),
            )
        )

    pairs = [_pair_record(result, p) for p in result.contrast]
    failing = [p for p in pairs if not p["passes_aa"]]
    groups.insert(
        0,
        GroupInfo(
            path=("color",),
            description="Colours measured from the pixels: palette, ramps and roles",
            extensions={_NAMESPACE: {"contrast": pairs, "contrast_failures": failing}},
        ),
    )
    groups.insert(
        1,
        GroupInfo(
            path=_PALETTE,
            description="Every distinct colour of the design, with its pixel share",
            reason=None if result.palette else "the image has no opaque pixels",
        ),
    )
    return Contribution(tokens=tuple(tokens), groups=tuple(groups))
