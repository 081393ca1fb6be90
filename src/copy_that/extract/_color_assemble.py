"""Assembling a `ColorResult`: evidence per colour, roles, names, truncation, contrast, ramps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis.model import Layout
from copy_that.colorimetry import (
    WCAG_AA_LARGE_TEXT,
    WCAG_AA_NORMAL_TEXT,
    apca_lc,
    color_name,
    hue_family,
    tonal_ramps,
    wcag21_ratio,
)
from copy_that.extract._color_evidence import Lookup, edge_shares, locate, text_pairs
from copy_that.extract._color_flat import FlatColor
from copy_that.extract._color_kmeans import PixelCluster
from copy_that.extract._color_photo import Sample
from copy_that.extract._color_result import ColorRamp, ColorResult, ContrastPair, PaletteColor
from copy_that.extract._color_roles import ROLE_ORDER, ColorFacts, assign_roles
from copy_that.extract._color_runs import RunAnalysis
from copy_that.imaging import Image, oklab_from_srgb, oklch_from_oklab
from copy_that.tokens.model import Box

__all__ = ["assemble"]

# Text/paper pairs below this WCAG ratio are not text (#f3f4f6 on white is 1.1:1; the faintest
# placeholder text, #d1d5db on white, is 1.5:1).
_MIN_PAIR_CONTRAST = 1.25
# Confidence scales: a flat colour with this many pixels of evidence is 63 % certain on
# evidence alone; a photo cluster with this share likewise; a cluster spread of this many
# CIEDE2000 units halves its confidence.
_EVIDENCE_SCALE_PX = 60.0
_CLUSTER_SHARE_SCALE = 0.05
_CLUSTER_SPREAD_SCALE = 10.0
# Ramps are built for these roles, plus a neutral one.
_RAMP_ROLES = ("primary", "secondary", "accent")
# The neutral ramp starts from the first of these roles present.
_NEUTRAL_SOURCES = ("text-muted", "text", "border", "surface", "background")


def _oklch(srgb8: tuple[int, int, int]) -> tuple[float, float, float]:
    lightness, chroma, hue = oklch_from_oklab(oklab_from_srgb(np.array(srgb8) / 255.0))
    return float(lightness), float(chroma), float(hue)


def _usage(color: FlatColor) -> Literal["area", "line", "text"]:
    stroke, line, area = color.usage_px
    if area >= max(stroke, line):
        return "area"
    return "line" if line > stroke else "text"


def _flat_confidence(color: FlatColor) -> float:
    """Evidence amount × purity: many exact flat pixels give confidence near 1."""
    evidence = 1.0 - np.exp(-color.evidence_px / _EVIDENCE_SCALE_PX)
    return float(evidence * (0.5 + 0.5 * color.purity))


def _cluster_confidence(cluster: PixelCluster, share: float) -> float:
    """Cluster share × compactness."""
    amount = 1.0 - np.exp(-share / _CLUSTER_SHARE_SCALE)
    compact = _CLUSTER_SPREAD_SCALE / (_CLUSTER_SPREAD_SCALE + cluster.spread)
    return float(amount * compact)


@dataclass
class _Entry:
    """A palette colour before naming and truncation."""

    srgb8: tuple[int, int, int]
    share: float
    pixel_count: int
    evidence_px: int
    usage: Literal["area", "line", "text", "photo"]
    usage_px: tuple[int, int, int]
    confidence: float
    source: Literal["flat", "cluster"]
    members: NDArray[np.uint32]
    absorbed: NDArray[np.uint32]
    boxes: tuple[Box, ...] = ()
    points: tuple[tuple[int, int], ...] = ()


def _entries(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    clusters: list[PixelCluster],
    sample: Sample,
) -> list[_Entry]:
    entries = [
        _Entry(
            srgb8=c.srgb8,
            share=c.pixel_count / analysis.valid_px,
            pixel_count=c.pixel_count,
            evidence_px=c.evidence_px,
            usage=_usage(c),
            usage_px=c.usage_px,
            confidence=_flat_confidence(c),
            source="flat",
            members=c.members,
            absorbed=c.absorbed,
        )
        for c in flat
    ]
    placements = locate(
        analysis.rows, analysis.row_slots, Lookup(analysis.colors, [e.members for e in entries])
    )
    for entry, placement in zip(entries, placements, strict=True):
        entry.boxes, entry.points = placement.boxes, placement.points
    width = image.width_px
    for cluster in clusters:
        share = cluster.weight * sample.share
        where = sample.flat_index[cluster.sample_index]
        xs, ys = where % width, where // width
        entries.append(
            _Entry(
                srgb8=cluster.srgb8,
                share=share,
                pixel_count=round(share * analysis.valid_px),
                evidence_px=int(cluster.sample_index.size),
                usage="photo",
                usage_px=(0, 0, 0),
                confidence=_cluster_confidence(cluster, share),
                source="cluster",
                members=np.zeros(0, dtype=np.uint32),
                absorbed=np.zeros(0, dtype=np.uint32),
                boxes=(
                    (
                        int(xs.min()),
                        int(ys.min()),
                        int(xs.max() - xs.min() + 1),
                        int(ys.max() - ys.min() + 1),
                    ),
                ),
                points=tuple((int(x), int(y)) for x, y in zip(xs[:8], ys[:8], strict=True)),
            )
        )
    return entries


def assemble(
    image: Image,
    analysis: RunAnalysis,
    flat: list[FlatColor],
    clusters: list[PixelCluster],
    sample: Sample,
    *,
    max_colors: int,
    layout: Layout | None,
) -> ColorResult:
    """Turn flat colours and clusters into the result: roles, names, truncation, contrast, ramps.

    Role holders are kept first (in role order) when there are more than `max_colors`
    colours, then flat colours by share, then clusters.
    """
    entries = _entries(image, analysis, flat, clusters, sample)
    lookup = Lookup(analysis.colors, [np.concatenate([e.members, e.absorbed]) for e in entries])
    edges = edge_shares(image, lookup)
    facts = [
        ColorFacts(
            srgb8=e.srgb8,
            oklch=_oklch(e.srgb8),
            share=e.share,
            stroke_px=e.usage_px[0],
            line_px=e.usage_px[1],
            area_px=e.usage_px[2],
            perimeter_share=float(edges[i]),
            flat=e.source == "flat",
        )
        for i, e in enumerate(entries)
    ]
    # Text is written on fills (a pair whose paper is mostly strokes or lines is the gap between
    # letters read the wrong way round), and can be told from its paper (a pair below
    # _MIN_PAIR_CONTRAST is compression noise or a faint edge, not text).
    pairs = {
        (t, p): px
        for (t, p), px in text_pairs(
            analysis.rows, analysis.row_slots, analysis.text_ink, lookup
        ).items()
        if facts[p].area_px >= facts[p].stroke_px + facts[p].line_px
        and wcag21_ratio(facts[t].srgb8, facts[p].srgb8) >= _MIN_PAIR_CONTRAST
    }
    choices = assign_roles(facts, pairs, layout=layout)

    # Keep role holders first (in role order), then flat colours by evidence, then clusters.
    order: list[int] = []
    for role in ROLE_ORDER:
        if role in choices and choices[role].index not in order:
            order.append(choices[role].index)
    rest = sorted(
        (i for i in range(len(entries)) if i not in order),
        key=lambda i: (entries[i].source != "flat", -entries[i].share, entries[i].srgb8),
    )
    kept = sorted(
        (order + rest)[:max_colors],
        key=lambda i: (entries[i].source != "flat", -entries[i].share, entries[i].srgb8),
    )
    new_index = {old: new for new, old in enumerate(kept)}
    roles = {r: new_index[c.index] for r, c in choices.items() if c.index in new_index}
    role_confidence = {r: choices[r].confidence for r in roles}

    names = _unique_names([facts[i].oklch for i in kept])
    palette = tuple(
        PaletteColor(
            name=names[n],
            srgb8=entries[i].srgb8,
            oklch=facts[i].oklch,
            share=entries[i].share,
            pixel_count=entries[i].pixel_count,
            evidence_px=entries[i].evidence_px,
            usage=entries[i].usage,
            boxes=entries[i].boxes,
            points=entries[i].points,
            confidence=entries[i].confidence,
            roles=tuple(r for r in ROLE_ORDER if roles.get(r) == n),
            source=entries[i].source,
        )
        for n, i in enumerate(kept)
    )
    contrast = _contrast_pairs(palette, pairs, new_index)
    return ColorResult(
        palette=palette,
        roles=MappingProxyType(roles),
        role_confidence=MappingProxyType(role_confidence),
        contrast=contrast,
        ramps=_ramps(palette, roles),
        width_px=image.width_px,
        height_px=image.height_px,
        photo=bool(clusters),
        role_reasons=MappingProxyType({r: choices[r].reason for r in roles}),
    )


def _unique_names(oklchs: list[tuple[float, float, float]]) -> list[str]:
    names: list[str] = []
    for oklch in oklchs:
        base = color_name(oklch)
        name, suffix = base, 2
        while name in names:
            name, suffix = f"{base}-{suffix}", suffix + 1
        names.append(name)
    return names


def _contrast_pairs(
    palette: tuple[PaletteColor, ...],
    pairs: Mapping[tuple[int, int], int],
    new_index: Mapping[int, int],
) -> tuple[ContrastPair, ...]:
    found = []
    for (text, paper), px in pairs.items():
        if text not in new_index or paper not in new_index:
            continue
        t, p = new_index[text], new_index[paper]
        ratio = wcag21_ratio(palette[t].srgb8, palette[p].srgb8)
        found.append(
            ContrastPair(
                text=t,
                background=p,
                text_px=px,
                contrast_ratio=ratio,
                apca_lc=apca_lc(palette[t].srgb8, palette[p].srgb8),
                passes_aa=ratio >= WCAG_AA_NORMAL_TEXT,
                passes_aa_large=ratio >= WCAG_AA_LARGE_TEXT,
            )
        )
    found.sort(key=lambda c: (-c.text_px, c.text, c.background))
    return tuple(found)


def _ramps(palette: tuple[PaletteColor, ...], roles: Mapping[str, int]) -> tuple[ColorRamp, ...]:
    sources = [(role, roles[role]) for role in _RAMP_ROLES if role in roles]
    neutral = next((roles[r] for r in _NEUTRAL_SOURCES if r in roles), None)
    if neutral is not None:
        sources.append(("neutral", neutral))
    built = tonal_ramps([palette[index].srgb8 for _, index in sources])
    ramps: list[ColorRamp] = []
    used: set[str] = set()
    for (role, index), ramp in zip(sources, built, strict=True):
        base = "neutral" if role == "neutral" else hue_family(palette[index].oklch)
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base}-{suffix}", suffix + 1
        used.add(name)
        ramps.append(ColorRamp(role=role, name=name, source=index, ramp=ramp))
    return tuple(ramps)
