"""Where an element's side really is: one side's colour profile read outwards from the fill.

A *side profile* is the median colour of a straight stretch of an element's side, sampled from a
few pixels inside its flat fill outwards, one value per pixel of distance:

``fill … fill | [anti-aliased] | [ring: border …] | outside (maybe a shadow gradient)``

`scan_side` reports where the fill ends (to a fraction of a pixel: an anti-aliased pixel counts
by how much fill it carries) and whether a *ring* starts there: a run of one to
`MAX_BORDER_PX` pixels of one colour followed by another step. A ring may be a border or just
the darkest pixel of a shadow; telling the two apart needs all four sides (a border has the same
colour all round, a shadow offset downwards does not), which `_boxes` does.

Browsers snap box edges and borders to device pixels, so in screenshots the ring's width is a
whole number of pixels; only JPEG blurs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copy_that.analysis._quantiles import median0

__all__ = [
    "LOSSY_TOLERANCE",
    "MAX_BORDER_PX",
    "PROFILE_INSIDE_PX",
    "SideScan",
    "colour_distance",
    "scan_side",
    "side_profile",
]

#: Pixels of fill sampled inside the flat region before the profile's index 0.
PROFILE_INSIDE_PX = 2
#: Widest ring read as a border, image px: 3 CSS px at DPR 2 (wider runs are neighbours).
MAX_BORDER_PX = 6
# Pixels over which JPEG spreads a sharp edge (8×8 blocks and half-resolution chroma).
_SMEAR_PX = 3
#: One border colour reads a few code values apart along a JPEG ring and on different sides of
#: a box: colours that must agree may differ by this many thresholds there.
LOSSY_TOLERANCE = 2.0
# Weight of chroma against luma when telling rings in lossy images (JPEG keeps chroma at half
# resolution and smears it).
_CHROMA_WEIGHT = 0.25
# A ring's colour lies at least this many thresholds off the fill→outside line …
_RING_OFF_LINE = 1.5
# … or, on lossless images, keeps one colour for at least this many px: browsers snap box edges
# to device pixels, so an anti-aliased mix of fill and outside is one pixel wide, while a grey
# border between a white card and the darker shadow around it lies on that line too.
_RING_MIN_RUN_ON_LINE_PX = 2
# A border's pixels in a lossless median profile differ by at most this many code values.
_SOLID_TOLERANCE = 1.0
# An exact fill's profile (medians of whole code values) leaves its colour by more than this.
_EXACT_TOLERANCE = 0.5
# Steps that must stay within the threshold for a colour run to count as settled (flat, no
# shadow gradient).
_FLAT_RUN_PX = 3


@dataclass(frozen=True)
class SideScan:
    """What one side profile shows.

    Parameters
    ----------
    edge_px : float
        Distance in px from the outer edge of profile pixel 0 (the fill's outermost flat pixel)
        to where the fill ends, sub-pixel.
    fill_color : tuple of 3 floats
        sRGB of the fill next to the edge.
    ring_color : tuple of 3 floats or None
        sRGB of a ring starting at the edge, None when the profile shows none.
    ring_px : int
        Width of that ring in px (0 without one).
    ring_outside_flat : bool
        Whether the colour after the ring stays flat (no shadow gradient there).
    outside_color : tuple of 3 floats
        sRGB where the profile settles outside the edge (past any ring and the steep part of a
        shadow): the colour the element stands on.
    lead_color : tuple of 3 floats
        sRGB of the first pixel past the fill (a border's colour even where a shadow right
        behind it blurs the border's end).
    lead_edge_px : float
        Where the fill ends if that first pixel is taken as a border's first pixel, px.
    lead_dips : bool
        Lossless images, no ring: whether the profile goes on away from the fill past that first
        pixel, the next one further from the fill by more than the threshold (one pixel of a
        colour between the fill and a darker shadow right behind it: a border on the line from
        fill to shadow, or an anti-aliased edge; `_boxes` tells them apart across the sides).
    beyond_lead_color : tuple of 3 floats
        sRGB of the pixel after that first one (the lead colour at the end of the profile).
    solid_px : int
        Leading pixels of the ring of one solid colour (within `_SOLID_TOLERANCE` of the first)
        on lossless images, where a border is solid; the rest of a wider ring drifts (a shadow
        of nearly the border's colour right behind it). The whole ring on lossy images.
    """

    edge_px: float
    fill_color: tuple[float, float, float]
    ring_color: tuple[float, float, float] | None
    ring_px: int
    ring_outside_flat: bool
    outside_color: tuple[float, float, float]
    lead_color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    lead_edge_px: float = 0.0
    lead_dips: bool = False
    beyond_lead_color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    solid_px: int = 0


def _triple(values: NDArray[np.float32]) -> tuple[float, float, float]:
    return (float(values[0]), float(values[1]), float(values[2]))


def side_profile(strips: NDArray[np.uint8]) -> NDArray[np.float32]:
    """The median profile of several parallel strips.

    Parameters
    ----------
    strips : ndarray of shape (S, K, 3), dtype uint8
        S strips, each K pixels from inside outwards, sRGB.

    Returns
    -------
    ndarray of shape (K, 3), dtype float32
        Median colour at each distance.
    """
    return np.asarray(median0(strips), dtype=np.float32)


def _cover(
    pixel: NDArray[np.float32], inner: NDArray[np.float32], outer: NDArray[np.float32]
) -> float:
    """Share of `inner` in `pixel` seen as a mix of `inner` and `outer`, clipped to 0–1."""
    axis = inner - outer
    norm = float(axis @ axis)
    if norm <= 0.0:
        return 0.0
    return float(np.clip((pixel - outer) @ axis / norm, 0.0, 1.0))


def _off_line(pixel: NDArray[np.float32], a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    """Largest channel distance of `pixel` from the segment a–b in RGB."""
    axis = b - a
    norm = float(axis @ axis)
    t = 0.0 if norm <= 0.0 else float(np.clip((pixel - a) @ axis / norm, 0.0, 1.0))
    return float(np.abs(pixel - (a + t * axis)).max())


def _stable_from(p: NDArray[np.float32], start: int, threshold: float) -> int:
    """First index from `start` where the profile settles (the last index when it never does).

    Settled means pixels i … i + `_FLAT_RUN_PX` differ by at most `threshold` step to step.
    """
    steps = np.abs(np.diff(p, axis=0)).max(axis=1) <= threshold
    # settled[i]: steps i … i + `_FLAT_RUN_PX` - 1 all small, from a running count.
    count = np.concatenate([[0], np.cumsum(steps)])
    settled = np.flatnonzero(
        count[_FLAT_RUN_PX + start :] - count[start:-_FLAT_RUN_PX] == _FLAT_RUN_PX
    )
    return start + int(settled[0]) if settled.size else int(p.shape[0]) - 1


def _ring_distance(
    ring: NDArray[np.float32],
    fill: NDArray[np.float32],
    outside: NDArray[np.float32],
    *,
    lossy: bool,
) -> float:
    if not lossy:
        return _off_line(ring, fill, outside)
    return _off_line(_luma_weighted(ring), _luma_weighted(fill), _luma_weighted(outside))


def colour_distance(
    pixels: NDArray[np.float32], colour: NDArray[np.float32], *, lossy: bool
) -> NDArray[np.float32]:
    """Largest channel difference of each of `pixels` (N×3 sRGB) from `colour` (3 sRGB).

    On lossy images luma and down-weighted chroma are compared (`_luma_weighted`): JPEG smears
    chroma a pixel or two across every sharp edge, which must not read as the edge itself.
    """
    if not lossy:
        return np.asarray(np.abs(pixels - colour).max(axis=1), dtype=np.float32)
    difference = _luma_weighted(pixels) - _luma_weighted(colour)
    return np.asarray(np.abs(difference).max(axis=-1), dtype=np.float32)


def _luma_weighted(colour: NDArray[np.float32]) -> NDArray[np.float32]:
    """Luma and down-weighted chroma (YCbCr, chroma × `_CHROMA_WEIGHT`) of sRGB colours (…×3)."""
    c = np.asarray(colour, dtype=np.float32)
    y = 0.299 * c[..., 0] + 0.587 * c[..., 1] + 0.114 * c[..., 2]
    return np.stack(
        [y, _CHROMA_WEIGHT * 0.564 * (c[..., 2] - y), _CHROMA_WEIGHT * 0.713 * (c[..., 0] - y)],
        axis=-1,
    ).astype(np.float32)


def scan_side(
    profile: NDArray[np.float32], *, threshold: float, lossy: bool = False, exact: bool = False
) -> SideScan | None:
    """Read one side profile outwards.

    Parameters
    ----------
    profile : ndarray of shape (PROFILE_INSIDE_PX + K, 3), dtype float32
        Median colours from `PROFILE_INSIDE_PX` pixels inside the flat fill outwards; index
        `PROFILE_INSIDE_PX` is the fill's outermost flat pixel. sRGB code values.
    threshold : float
        Edge threshold (largest channel difference), as used for the flat regions.
    lossy : bool
        Whether the image went through JPEG: its chroma is smeared over a pixel or two around
        coloured boxes, so a ring must stand out in luma, not merely in colour.
    exact : bool
        Whether the fill is one exact colour up to its pixel-snapped edge (a region cut out by
        its exact colour, `_halo_fills`): it ends at its first pixel off that colour, which is
        outside it whole, however close (a shadow's ramp beside it may pass through the fill's
        colour within the threshold).

    Returns
    -------
    SideScan or None
        None when the profile never leaves the fill colour within reach.
    """
    fill = np.asarray(median0(profile[: PROFILE_INSIDE_PX + 1]), dtype=np.float32)
    p = profile[PROFILE_INSIDE_PX:]
    size = p.shape[0]
    leaving = np.flatnonzero(
        colour_distance(p[1:], fill, lossy=lossy) > (_EXACT_TOLERANCE if exact else threshold)
    )
    if leaving.size == 0 and lossy:
        leaving = np.flatnonzero(np.abs(p[1:] - fill).max(axis=1) > threshold)
    if leaving.size == 0:
        return None
    first = int(leaving[0]) + 1
    ring = p[first]
    after = p[min(first + 1, size - 1)]
    # The ring runs on while the colour stays within the threshold of its first pixel.
    departs = np.flatnonzero(colour_distance(p[first + 1 :], ring, lossy=lossy) > threshold)
    run = 1 + (int(departs[0]) if departs.size else size - first - 1)
    beyond = min(first + run, size - 1)
    settled = _stable_from(p, beyond, threshold)
    outside = p[settled]
    # A ring must be a colour of its own, not a mix of the fill and the outside (an anti-aliased
    # edge, or the band JPEG's chroma smearing leaves around a coloured box).
    # A ring ends in a step (a border's outer edge), not in a drift (a shadow fading out).
    is_ring = (
        run <= MAX_BORDER_PX
        and first + run < size
        and float(np.abs(p[first + run] - p[first + run - 1]).max()) > threshold
        and (
            _ring_distance(ring, fill, outside, lossy=lossy) > _RING_OFF_LINE * threshold
            or (not lossy and run >= _RING_MIN_RUN_ON_LINE_PX)
        )
    )
    if not is_ring:
        # JPEG spreads an edge over up to `_SMEAR_PX` pixels: each counts by how much fill it
        # carries. A lossless edge is one pixel wide (browsers snap box edges), and a shadow next
        # to it must not count as fill.
        reach = min(settled, first + (_SMEAR_PX if lossy else 1))
        edge = (first - 1) + sum(
            _cover(p[j], fill, outside) for j in range(first, max(reach, first + 1)) if not exact
        )
        away = colour_distance(np.stack([ring, after]), fill, lossy=lossy)
        return SideScan(
            edge_px=edge,
            fill_color=_triple(fill),
            ring_color=None,
            ring_px=0,
            ring_outside_flat=False,
            outside_color=_triple(outside),
            lead_color=_triple(ring),
            lead_edge_px=float(first - 1),
            lead_dips=not lossy and first + 1 < size and float(away[1] - away[0]) > threshold,
            beyond_lead_color=_triple(after),
        )
    solid = run
    if not lossy:
        drifts = np.flatnonzero(
            colour_distance(p[first + 1 : first + run], ring, lossy=False) > _SOLID_TOLERANCE
        )
        solid = 1 + int(drifts[0]) if drifts.size else run
    # Flat: the colour right after the ring stays put (a shadow gradient keeps drifting).
    tail = p[beyond : beyond + _FLAT_RUN_PX + 1]
    flat = tail.shape[0] == _FLAT_RUN_PX + 1 and float(np.abs(tail - tail[0]).max()) <= threshold
    return SideScan(
        edge_px=float(first - 1),
        fill_color=_triple(fill),
        ring_color=_triple(ring),
        ring_px=run,
        ring_outside_flat=flat,
        outside_color=_triple(outside),
        lead_color=_triple(ring),
        lead_edge_px=float(first - 1),
        beyond_lead_color=_triple(after),
        solid_px=solid,
    )
