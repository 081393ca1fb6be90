"""Merge the token sets of several images into one design system.

The same colour seen in several images becomes one palette token carrying the evidence of each;
other tokens with the same path are combined when their values agree, and when they disagree the
better-supported value wins while the other is kept under ``alternatives`` in the token's
``com.copy-that`` extension, so nothing measured is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from copy_that.errors import AliasError
from copy_that.imaging import delta_e_2000_srgb, oklab_from_srgb
from copy_that.tokens._resolve import map_aliases
from copy_that.tokens.model import (
    Alias,
    Color,
    Evidence,
    GroupInfo,
    JSONValue,
    Token,
    TokenPath,
    TokenSet,
    TokenValue,
)

__all__ = ["DARK_MAX_LIGHTNESS", "LIGHT_MIN_LIGHTNESS", "MERGE_DELTA_E", "merge_token_sets"]

#: Palette colours closer than this CIEDE2000 across images are one design colour: about one
#: just-noticeable difference, so two designed shades (#ffffff and #f9fafb, ΔE ≈ 1.6) stay apart.
MERGE_DELTA_E = 1.0
#: A background at or above this OKLab lightness makes an image a light theme …
LIGHT_MIN_LIGHTNESS = 0.6
#: … and at or below this one a dark theme; between the two the theme is left undecided.
DARK_MAX_LIGHTNESS = 0.4
# Evidence lists are capped so a merged document stays readable.
_MAX_BOXES = 64
_NAMESPACE = "com.copy-that"
_PALETTE = ("color", "palette")


@dataclass
class _MergedColor:
    token: Token
    color: Color
    members: list[tuple[int, Token]] = field(default_factory=list)


def _weight(token: Token) -> float:
    share = token.evidence.share if token.evidence and token.evidence.share is not None else 0.0
    return share * (token.confidence if token.confidence is not None else 0.5)


def _combine_confidence(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    # Independent observations: the chance that all of them are wrong shrinks with each one.
    return float(1.0 - np.prod([1.0 - v for v in known]))


def _combine_evidence(
    items: Sequence[tuple[Evidence | None, int]], total_pixels: int
) -> Evidence | None:
    present = [(e, pixels) for e, pixels in items if e is not None]
    if not present:
        return None
    shares = [(e.share, pixels) for e, pixels in present if e.share is not None]
    share = (
        sum(s * pixels for s, pixels in shares) / total_pixels if shares and total_pixels else None
    )
    counts = [e.count for e, _ in present if e.count is not None]
    image_ids = tuple(dict.fromkeys(i for e, _ in present for i in e.image_ids))
    details = [e.detail for e, _ in present if e.detail]
    detail: Mapping[str, JSONValue]
    if len(details) <= 1:
        detail = details[0] if details else {}
    else:
        detail = {
            "by_image": [
                {"image_ids": list(e.image_ids), **dict(e.detail)} for e, _ in present if e.detail
            ]
        }
    return Evidence(
        boxes=tuple(b for e, _ in present for b in e.boxes)[:_MAX_BOXES],
        points=tuple(p for e, _ in present for p in e.points)[:_MAX_BOXES],
        share=share,
        count=sum(counts) if counts else None,
        image_ids=image_ids,
        detail=detail,
    )


def _remap(value: TokenValue, mapping: Mapping[TokenPath, TokenPath]) -> TokenValue:
    return map_aliases(value, lambda alias: Alias(mapping.get(alias.path, alias.path)))


def _merge_palettes(
    sets: Sequence[TokenSet], pixels: Sequence[int]
) -> tuple[list[Token], list[dict[TokenPath, TokenPath]]]:
    candidates = [
        (index, token, token.value)
        for index, token_set in enumerate(sets)
        for token in token_set.group(*_PALETTE)
        if isinstance(token.value, Color) and len(token.path) == 3
    ]
    candidates.sort(key=lambda item: -_weight(item[1]))
    merged: list[_MergedColor] = []
    for index, token, color in candidates:
        match = None
        if merged:
            distances = delta_e_2000_srgb(
                np.array(color.components), np.array([m.color.components for m in merged])
            )
            best = int(np.argmin(distances))
            # Alphas within one 8-bit step are the same alpha.
            same_alpha = abs(merged[best].color.alpha - color.alpha) < 1.0 / 255.0
            if distances[best] <= MERGE_DELTA_E and same_alpha:
                match = merged[best]
        if match is None:
            match = _MergedColor(token=token, color=color)
            merged.append(match)
        match.members.append((index, token))

    used: set[str] = set()
    mappings: list[dict[TokenPath, TokenPath]] = [{} for _ in sets]
    tokens: list[Token] = []
    total_pixels = sum(pixels)
    for entry in merged:
        base = entry.token.path[-1]
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base}-{suffix}", suffix + 1
        used.add(name)
        path = (*_PALETTE, name)
        for index, member in entry.members:
            mappings[index][member.path] = path
        evidence = _combine_evidence(
            [(member.evidence, pixels[index]) for index, member in entry.members], total_pixels
        )
        confidence = _combine_confidence([member.confidence for _, member in entry.members])
        tokens.append(replace(entry.token, path=path, evidence=evidence, confidence=confidence))
    return tokens, mappings


def _theme(tokens: TokenSet) -> str | None:
    background = tokens.get(("color", "background"))
    if background is None:
        return None
    try:
        color = tokens.resolve(background.value)
    except AliasError:
        return None
    if not isinstance(color, Color):
        return None
    lightness = float(oklab_from_srgb(np.array(color.components))[0])
    if lightness >= LIGHT_MIN_LIGHTNESS:
        return "light"
    if lightness <= DARK_MAX_LIGHTNESS:
        return "dark"
    return None


def _is_role(token: Token) -> bool:
    return token.path[0] == "color" and len(token.path) == 2 and isinstance(token.value, Alias)


def _remap_json(value: JSONValue, mapping: Mapping[TokenPath, TokenPath]) -> JSONValue:
    """Re-point alias strings inside extension data (e.g. contrast reports) at renamed tokens."""
    if isinstance(value, str) and Alias.is_alias(value):
        alias = Alias.parse(value)
        return str(Alias(mapping.get(alias.path, alias.path)))
    if isinstance(value, Mapping):
        return {key: _remap_json(item, mapping) for key, item in value.items()}
    if isinstance(value, list):
        return [_remap_json(item, mapping) for item in value]
    return value


def _merge_json(first: JSONValue, second: JSONValue) -> JSONValue:
    """Lists are joined without repeats, mappings merged key by key; otherwise the first wins."""
    if isinstance(first, list) and isinstance(second, list):
        return first + [item for item in second if item not in first]
    if isinstance(first, Mapping) and isinstance(second, Mapping):
        merged = dict(first)
        for key, item in second.items():
            merged[key] = _merge_json(first[key], item) if key in first else item
        return merged
    return first


def _merge_group_info(first: GroupInfo, second: GroupInfo) -> GroupInfo:
    return replace(
        first,
        description=first.description or second.description,
        reason=first.reason if first.reason and second.reason else None,
        extensions=_merge_json(first.extensions, second.extensions),
    )


def _with_alternative(token: Token, other: Token) -> Token:
    ours = dict(token.extensions.get(_NAMESPACE, {}))
    alternatives = list(ours.get("alternatives", []))
    alternatives.append(
        {
            "value": repr(other.value),
            "confidence": other.confidence,
            "image_ids": list(other.evidence.image_ids) if other.evidence else [],
        }
    )
    ours["alternatives"] = alternatives
    return replace(token, extensions={**token.extensions, _NAMESPACE: ours})


def merge_token_sets(sets: Sequence[TokenSet]) -> TokenSet:
    """Merge per-image token sets into one.

    Parameters
    ----------
    sets : sequence of TokenSet
        One token set per image, as `copy_that.pipeline.extract_image` returns them.

    Returns
    -------
    TokenSet
        Palette colours within `MERGE_DELTA_E` merged (evidence from each image, shares weighted
        by image size, confidence combined); other tokens merged by path; images and stage
        timings (summed) of all inputs.
    """
    if not sets:
        return TokenSet()
    if len(sets) == 1:
        return sets[0]
    pixels = [sum(i.width_px * i.height_px for i in s.images) or 1 for s in sets]
    palette, mappings = _merge_palettes(sets, pixels)
    palette_paths = {t.path for t in palette}

    # Screenshots of the same design in a light and a dark theme: the light ones give the roles'
    # default values, the dark ones a "dark" mode (DTCG resolver modes, CSS prefers-color-scheme).
    themes = [_theme(s) for s in sets]
    split_themes = "light" in themes and "dark" in themes
    dark_roles: dict[TokenPath, list[Token]] = {}

    by_path: dict[TokenPath, list[tuple[int, Token]]] = {}
    for index, token_set in enumerate(sets):
        for token in token_set.tokens:
            if token.path[:2] == _PALETTE and len(token.path) == 3:
                continue
            remapped = replace(token, value=_remap(token.value, mappings[index]))
            if split_themes and themes[index] == "dark" and _is_role(token):
                dark_roles.setdefault(token.path, []).append(remapped)
                continue
            by_path.setdefault(token.path, []).append((index, remapped))
    for path, candidates in dark_roles.items():
        if path not in by_path:  # a role only the dark theme shows still needs a default value
            by_path[path] = [(themes.index("dark"), candidates[0])]

    others: list[Token] = []
    total_pixels = sum(pixels)
    for path, entries in by_path.items():
        if path in palette_paths:
            continue
        entries.sort(key=lambda item: -(item[1].confidence or 0.0))
        best = entries[0][1]
        agreeing = [(i, t) for i, t in entries if t.value == best.value]
        merged = replace(
            best,
            evidence=_combine_evidence(
                [(t.evidence, pixels[i]) for i, t in agreeing], total_pixels
            ),
            confidence=_combine_confidence([t.confidence for _, t in agreeing]),
        )
        for _, other in entries:
            if other.value != best.value:
                merged = _with_alternative(merged, other)
        others.append(merged)

    token_paths = {t.path for t in palette} | {t.path for t in others}
    groups: dict[TokenPath, GroupInfo] = {}
    for index, token_set in enumerate(sets):
        for info in token_set.groups:
            has_tokens = any(p[: len(info.path)] == info.path for p in token_paths)
            kept = replace(
                info,
                reason=None if has_tokens else info.reason,
                extensions=_remap_json(info.extensions, mappings[index]),
            )
            earlier = groups.get(info.path)
            groups[info.path] = kept if earlier is None else _merge_group_info(earlier, kept)

    modes: dict[str, dict[TokenPath, TokenValue]] = {}
    for path, candidates in dark_roles.items():
        best_dark = max(candidates, key=lambda t: t.confidence or 0.0)
        modes.setdefault("dark", {})[path] = best_dark.value
    for index, token_set in enumerate(sets):
        for mode, values in token_set.modes.items():
            for path, value in values.items():
                if path in token_paths:
                    modes.setdefault(mode, {}).setdefault(path, _remap(value, mappings[index]))

    timings: dict[str, float] = {}
    for token_set in sets:
        for stage, ms in token_set.timings_ms.items():
            timings[stage] = timings.get(stage, 0.0) + ms

    return TokenSet(
        tokens=(*palette, *others),
        groups=tuple(groups.values()),
        images=tuple(i for s in sets for i in s.images),
        timings_ms=timings,
        modes=modes,
    )
