"""Ink: what sits on a fill without being a box of its own — glyphs, icons, rules and pictures.

Every pixel has an *owner*: the innermost measured box (`BoxFit`) around it, or the page. Pixels
whose colour differs from the owner's fill by more than `_INK_CONTRAST` times the edge threshold,
and that belong to no box's flat fill nor the page's (the parent's colour in the corners a
rounded box leaves uncovered included), are *ink*. A ring along the inside of each box (its
border and anti-aliased edge) is the box's own *frame*, not ink, and ink touching a frame
belongs to the box's outline (the anti-aliased arc of a rounded corner).

A mark has an edge: somewhere it steps by more than `_MARK_STEP_THRESHOLDS` edge thresholds
from one pixel to the next. On lossless images, pieces that never do are *shading* — a strong
shadow's ramp beside a card, where 8-bit steps leave edge pixels scattered along it — and not ink.

Ink is grouped into *blobs*: 8-connected pieces, joined when they sit side by side on one line
(glyphs into words into lines), or when a small piece sits right above or below a larger one
(the dot of an i, an accent). `InkBlob` is one such group.

Large text makes flat regions of its own: the stem of an l, the counter of a d, the bowl of a
bold o (a round dark fill whose counter reads as ink inside it). `glyph_fits` finds such boxes —
no taller than the text beside them and touching it, with no content of their own or filled with
that text's colour — so the analysis can read them as ink and look again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from copy_that.analysis._boxes import BoxFit
from copy_that.analysis._components import components
from copy_that.analysis._edges import FlatRegions, max_channel
from copy_that.analysis._quantiles import median0
from copy_that.analysis._shapes import ShapeKind, outline_shape

__all__ = ["InkBlob", "find_ink", "glyph_fits"]

# Ink differs from its owner's fill by more than this many edge thresholds (keeps the faint outer
# anti-aliasing of glyphs and JPEG ringing out of ink boxes).
_INK_CONTRAST = 2.0
# Pixels inside a box's edge that belong to the box itself: its border plus the anti-aliased
# edge pixel.
_FRAME_EXTRA_PX = 1
# Two pieces side by side join when the gap between them is at most this share of the taller
# one's height: a word space with the side bearings around it reaches two thirds of an
# x-height (two lower-case words), column and label gaps are wider.
_JOIN_GAP_PER_HEIGHT = 0.8
# … and when they share at least this share of the shorter one's height (a comma shares little).
_JOIN_OVERLAP_SHARE = 0.25
# A piece at most this share of its neighbour's height joins it from above or below (i dots,
# accents), if it is no further away than `_DOT_GAP_PER_HEIGHT` of the larger piece's height.
_DOT_SIZE_SHARE = 0.45
_DOT_GAP_PER_HEIGHT = 0.5
# A mark too small to join side by side (a full stop beside an l is a quarter of its height) joins
# a letter at most this share of the letter's height away (a period sits 0.1-0.25 em after the
# letter's ink, which is about 0.7 em tall), reaching at most this many px below its bottom
# (anti-aliasing).
_MARK_GAP_PER_HEIGHT = 0.4
_MARK_SLACK_PX = 1
_MAX_GAP_PER_HEIGHT = max(_JOIN_GAP_PER_HEIGHT, _DOT_GAP_PER_HEIGHT, _MARK_GAP_PER_HEIGHT)
# Pieces reaching further than this many times the median piece (rules, pictures, large
# headings) look for partners one by one (`_candidate_pairs`).
_FAR_REACH_PER_MEDIAN = 4.0
# Slack on the candidate search radius, px, against rounding in the float sums; a pair too many
# is harmless (the join rules reject it).
_PAIR_SLACK_PX = 1.0
# An outline piece may reach this many px past the box it outlines (anti-aliasing).
_OUTLINE_SLACK_PX = 1
# On lossy images a lone piece this small (px) and fainter than this many edge thresholds is
# JPEG ringing, not a mark: ringing beside sharp edges reaches 2-3 thresholds at quality 75, a
# full stop in any readable colour far more.
_LOSSY_SPECK_PX = 3
_LOSSY_SPECK_CONTRAST = 4.0
# A box at most this many times as tall as the text beside it can be part of that text.
_GLYPH_PART_HEIGHT = 1.5
# A glyph's stem flattened into a box is at least this many times as tall as it is wide...
_STEM_ASPECT = 2.0
# ... and the rest of its word spans at most this many stem heights across.
_GLYPH_WORD_WIDTH = 4.0
# A box with content of its own is a glyph only when its fill is the text's colour to within
# this many edge thresholds (the bowl of an o around its counter; a button is rarely filled with
# exactly the colour of the label beside it).
_GLYPH_FILL_THRESHOLDS = 3.0
# A blob's colour is the mean of its pixels at least this share as far from the owner's fill as
# its strongest one: the glyphs' solid interior, without the anti-aliased rims.
_SOLID_INK_SHARE = 0.75
# A mark steps by more than this many edge thresholds between two neighbouring pixels somewhere:
# the faintest glyphs that count as ink (2 thresholds off their fill) step by their whole
# contrast at a stroke's edge, while a shadow's ramp changes by a code value or two per pixel
# (`_edges` marks its pixels where two such steps add up to a threshold).
_MARK_STEP_THRESHOLDS = 2.0
# Pieces of at most this many pixels are specks (JPEG ringing, dust), not ink: the dot of an i
# is a 2×2 px square at 14 px text.
_SPECK_PX = 2
# Blobs of at most this many pieces, at least this many px on each side, have their outline
# tested for a pill or circle (a switch, a round avatar drawn as a picture).
_MAX_SHAPE_PIECES = 2
_MIN_SHAPE_PX = 8
# Pieces smaller than this (px) on both sides are noise unless they join a larger piece.
_MIN_PIECE_PX = 2


@dataclass(frozen=True)
class InkBlob:
    """A group of ink pieces read as one thing (a line of text, an icon, a rule, a picture).

    Parameters
    ----------
    box : tuple of 4 ints
        ``(x, y, w, h)`` tight around the ink, image px.
    owner : int
        Index of the owning `BoxFit`, or -1 for the page.
    pieces : int
        Number of connected pieces joined.
    ink_share : float
        Ink pixels over box area, 0–1.
    piece_height_px : float
        Median height of the pieces, px (the glyph height for text).
    contrast : float
        Mean largest-channel difference of the ink from the owner's fill, sRGB code values.
    color : tuple of 3 floats
        Mean sRGB of the solid ink (see `_SOLID_INK_SHARE`).
    outline : ShapeKind or None
        The box shape of the blob's outline when it is one or two pieces shaped like a box (a
        switch: its track around a knob of the parent's colour; a round avatar); else None.
    """

    box: tuple[int, int, int, int]
    owner: int
    pieces: int
    ink_share: float
    piece_height_px: float
    contrast: float
    color: tuple[float, float, float]
    outline: ShapeKind | None = None


def _owner_map(
    shape: tuple[int, int], fits: list[BoxFit]
) -> tuple[NDArray[np.integer[Any]], NDArray[np.bool_]]:
    """Owner index + 1 per pixel (0 for the page), and the frame mask.

    The owner map is 16-bit when the owners fit (half the memory of a 32-bit map, which a
    fresh process pays for in page faults).
    """
    height, width = shape
    small = len(fits) < np.iinfo(np.uint16).max
    owner = np.zeros((height, width), dtype=np.uint16 if small else np.int32)
    frame = np.zeros((height, width), dtype=bool)
    order = sorted(range(len(fits)), key=lambda i: -(fits[i].box[2] * fits[i].box[3]))
    for i in order:
        x, y, w, h = fits[i].box
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(width, x + w), min(height, y + h)
        top, right, bottom, left = (b + _FRAME_EXTRA_PX for b in fits[i].border_px)
        frame[y0:y1, x0:x1] = True
        owner[y0:y1, x0:x1] = i + 1
        frame[
            min(y1, y + top) : max(y0, y + h - bottom), min(x1, x + left) : max(x0, x + w - right)
        ] = False
    return owner, frame


def _candidate_pairs(boxes: NDArray[np.int64]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Index pairs ``(a, b)``, ``a < b``, of pieces ``(x0, y0, x1, y1)`` close enough to join.

    A superset of the pairs `_join` accepts: both rules leave a gap of at most
    `_MAX_GAP_PER_HEIGHT` times the taller height on one axis and overlap on the other, so the
    centres lie within ``reach[a] + reach[b]`` of each other in the Chebyshev metric, with
    ``reach`` half the piece's longer side plus that gap for its own height. Pairs of ordinary
    pieces come from one KD-tree query at twice the largest ordinary reach; each of the few
    far-reaching pieces (rules, pictures) is queried on its own, so that one long rule does not
    make every pair of glyphs on the page a candidate.
    """
    heights = (boxes[:, 3] - boxes[:, 1]).astype(np.float64)
    widths = (boxes[:, 2] - boxes[:, 0]).astype(np.float64)
    centres = np.column_stack(
        [(boxes[:, 0] + boxes[:, 2]) / 2.0, (boxes[:, 1] + boxes[:, 3]) / 2.0]
    )
    reach = np.maximum(widths, heights) / 2.0 + _MAX_GAP_PER_HEIGHT * heights
    # At most half the pieces reach further than the median: the ordinary ones are never empty.
    far = reach > _FAR_REACH_PER_MEDIAN * float(median0(reach))
    ordinary = np.flatnonzero(~far)
    found = cKDTree(centres[ordinary]).query_pairs(
        r=2.0 * float(reach[ordinary].max()) + _PAIR_SLACK_PX, p=np.inf, output_type="ndarray"
    )
    a_parts, b_parts = [ordinary[found[:, 0]]], [ordinary[found[:, 1]]]
    far_ids = np.flatnonzero(far)
    if far_ids.size:
        near = cKDTree(centres).query_ball_point(
            centres[far_ids], r=2.0 * reach[far_ids] + _PAIR_SLACK_PX, p=np.inf
        )
        for i, partners in zip(far_ids.tolist(), near, strict=True):
            j = np.asarray(partners, dtype=np.intp)
            # A pair of far-reaching pieces is taken once, from the query of the further one.
            j = j[~far[j] | (reach[j] < reach[i]) | ((reach[j] == reach[i]) & (j > i))]
            a_parts.append(np.minimum(j, i))
            b_parts.append(np.maximum(j, i))
    return np.concatenate(a_parts), np.concatenate(b_parts)


def _join(boxes: NDArray[np.int64], owners: NDArray[np.int64]) -> NDArray[np.int32]:
    """Group ids for pieces ``(x0, y0, x1, y1)``: side-by-side pieces and dots join."""
    count = boxes.shape[0]
    if count == 0:
        return np.zeros(0, dtype=np.int32)
    a, b = _candidate_pairs(boxes)
    if a.size == 0:
        return np.arange(count, dtype=np.int32)
    x0, y0, x1, y1 = (np.ascontiguousarray(boxes[:, i]) for i in range(4))
    heights = (y1 - y0).astype(np.float64)
    widths = (x1 - x0).astype(np.float64)
    same = owners[a] == owners[b]
    ha, hb = heights[a], heights[b]
    tall, short = np.maximum(ha, hb), np.minimum(ha, hb)
    gap_x = np.maximum(x0[a], x0[b]) - np.minimum(x1[a], x1[b])
    gap_y = np.maximum(y0[a], y0[b]) - np.minimum(y1[a], y1[b])
    side_by_side = (
        (gap_x <= _JOIN_GAP_PER_HEIGHT * tall)
        & (-gap_y >= _JOIN_OVERLAP_SHARE * short)
        & (tall <= 3.0 * np.maximum(short, 1.0))  # a glyph beside one three times its size: no
    )
    dot = (
        (-gap_x >= 0.5 * np.minimum(widths[a], widths[b]))
        & (gap_y <= _DOT_GAP_PER_HEIGHT * tall)
        & (short <= _DOT_SIZE_SHARE * tall)
    )
    # A full stop (or the dots of a colon, a small bullet) beside a letter: small both ways and
    # within the letter's rows, so it is no smaller glyph of another line or text size.
    a_short = ha <= hb
    short_width = np.where(a_short, widths[a], widths[b])
    top_short, bottom_short = np.where(a_short, y0[a], y0[b]), np.where(a_short, y1[a], y1[b])
    top_tall, bottom_tall = np.where(a_short, y0[b], y0[a]), np.where(a_short, y1[b], y1[a])
    mark = (
        (short <= _DOT_SIZE_SHARE * tall)
        & (short_width <= _DOT_SIZE_SHARE * tall)
        & (top_short >= top_tall)
        & (bottom_short <= bottom_tall + _MARK_SLACK_PX)
        & (gap_x <= _MARK_GAP_PER_HEIGHT * tall)
    )
    keep = same & (side_by_side | dot | mark)
    graph = coo_matrix(
        (np.ones(int(keep.sum()), dtype=np.int8), (a[keep], b[keep])), shape=(count, count)
    )
    _, groups = connected_components(graph, directed=False)
    return np.asarray(groups, dtype=np.int32)


def _solid_colours(
    labels: NDArray[np.integer[Any]],
    contrast: NDArray[np.float32],
    colours: NDArray[np.float32],
    count: int,
) -> NDArray[np.float64]:
    """Mean sRGB per label (0 … count − 1) of its solid pixels (`_SOLID_INK_SHARE`), (count, 3)."""
    strongest = np.zeros(count, dtype=np.float32)
    np.maximum.at(strongest, labels, contrast)
    solid = contrast >= _SOLID_INK_SHARE * strongest[labels]
    solid_count = np.maximum(1, np.bincount(labels[solid], minlength=count))
    solid_colours = colours[solid]
    return np.column_stack(
        [
            np.bincount(labels[solid], weights=solid_colours[:, c], minlength=count) / solid_count
            for c in range(3)
        ]
    )


def _stepped_pieces(
    rgb: NDArray[np.uint8],
    index: NDArray[np.intp],
    piece_px: NDArray[np.int32],
    count: int,
    min_step: float,
) -> NDArray[np.bool_]:
    """Per piece, whether one of its pixels differs from a 4-neighbour by more than `min_step`.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    index : ndarray of int
        Flat indices of the pieces' pixels.
    piece_px : ndarray of int
        Piece label of each of those pixels, 1 … `count` − 1.
    count : int
        Number of labels (0, the background, included).
    min_step : float
        Largest channel difference that is no step, code values.

    Returns
    -------
    ndarray of shape (count,), dtype bool
        False for label 0 and for pieces without such a step.
    """
    height, width = rgb.shape[:2]
    flat = rgb.reshape(-1, 3)
    columns = index % width
    here = np.take(flat, index, axis=0).astype(np.int16)
    stepped = np.zeros(index.size, dtype=bool)
    for offset, beyond in (
        (1, columns == width - 1),
        (-1, columns == 0),
        (width, index >= (height - 1) * width),
        (-width, index < width),
    ):
        # Past the image's border a pixel is compared with itself (no step); flat indices, not
        # (row, column) pairs, because gathering by pairs takes four times as long.
        neighbour = np.take(flat, np.where(beyond, index, index + offset), axis=0)
        stepped |= max_channel(np.abs(here - neighbour)[:, None, :])[:, 0] > min_step
    return np.bincount(piece_px[stepped], minlength=count) > 0


def find_ink(
    rgb: NDArray[np.uint8],
    regions: FlatRegions,
    fits: list[BoxFit],
    *,
    background: int | None,
) -> list[InkBlob]:
    """Find and group the ink inside each box and on the page.

    Parameters
    ----------
    rgb : ndarray of shape (H, W, 3), dtype uint8
        sRGB image.
    regions : FlatRegions
        The image's flat regions.
    fits : list of BoxFit
        Measured boxes (`fit_boxes`).
    background : int or None
        Region id of the page background, None when there is none.

    Returns
    -------
    list of InkBlob
        Ink groups, in no particular order.
    """
    height, width = regions.labels.shape
    owner, frame = _owner_map((height, width), fits)
    # Pixels of the page's or any box's flat fill are never ink (a box's fill around a child,
    # the parent's colour in a rounded box's corners).
    structural = np.zeros(regions.count, dtype=bool)
    structural[[f.shape.label for f in fits]] = True
    structural[[f.parent_label for f in fits if f.parent_label > 0]] = True
    if background is not None:
        structural[background] = True
    page_fill = regions.colors[background] if background is not None else np.zeros(3, np.float32)
    fills = np.vstack(
        [page_fill[None, :], np.array([f.fill for f in fits], np.float32).reshape(-1, 3)]
    )

    # `np.take` rather than fancy indexing: several times faster on the million pixels of a page.
    candidate = np.take(~structural, regions.labels)
    # In place (a and not b is a > b for booleans): no page-sized temporaries.
    np.greater(candidate, frame, out=candidate)
    index = np.flatnonzero(candidate)
    del candidate
    owners_px = np.take(owner.ravel(), index)
    if background is None:
        index, owners_px = index[owners_px > 0], owners_px[owners_px > 0]
    colours = np.take(rgb.reshape(-1, 3), index, axis=0).astype(np.float32)
    difference = np.abs(colours - np.take(fills, owners_px, axis=0))
    # Column by column: numpy's max over a last axis of 3 is several times slower.
    contrast = np.maximum(np.maximum(difference[:, 0], difference[:, 1]), difference[:, 2])
    strong = contrast > _INK_CONTRAST * regions.threshold
    index, contrast, colours = index[strong], contrast[strong], colours[strong]
    # Which box's frame each ink pixel touches (0: none), read before the labelling so that the
    # frame can go first.
    # A product with the mask: several times faster than `np.where` on a page.
    frame_owner = owner * frame
    if frame_owner.dtype != np.uint16:  # OpenCV dilates 16-bit and float images, not 32-bit ints
        frame_owner = frame_owner.astype(np.float32)
    dilated = cv2.dilate(np.asarray(frame_owner), np.ones((3, 3), np.uint8))
    near_frame = np.take(np.asarray(dilated).ravel(), index).astype(np.int64)
    del frame, frame_owner, dilated
    ink = np.zeros(height * width, dtype=np.uint8)
    ink[index] = 1
    ink_img = ink.reshape(height, width)

    # BBDT numbers the pieces as OpenCV's default 8-connected labelling (Spaghetti) does.
    count, pieces, stats, _ = components(ink_img, 8, cv2.CCL_BBDT)
    if count <= 1:
        return []
    piece_px = np.take(pieces.ravel(), index)
    # Pieces touching a frame are part of that box's outline (the anti-aliased arc of a rounded
    # corner), which lies within the box; a piece reaching out of the box it touches is ink on
    # its own (the bowl of a bold letter whose stem JPEG flattened into a box).
    touched = np.zeros(count, dtype=np.int64)
    np.maximum.at(touched, piece_px[near_frame > 0], near_frame[near_frame > 0])
    touching = touched > 0
    if touching.any() and fits:
        boxes_xywh = np.array([f.box for f in fits], dtype=np.int64).reshape(-1, 4)
        hit = np.flatnonzero(touching)
        bx, by, bw, bh = boxes_xywh[touched[hit] - 1].T
        px, py, pw, ph = stats[hit, 0], stats[hit, 1], stats[hit, 2], stats[hit, 3]
        within = (
            (px >= bx - _OUTLINE_SLACK_PX)
            & (py >= by - _OUTLINE_SLACK_PX)
            & (px + pw <= bx + bw + _OUTLINE_SLACK_PX)
            & (py + ph <= by + bh + _OUTLINE_SLACK_PX)
        )
        # ... and of the box's own colour: the rest of the glyph, not a shadow or a neighbour.
        on_frame = touching[piece_px]
        mean = _solid_colours(piece_px[on_frame], contrast[on_frame], colours[on_frame], count)[hit]
        box_fill = np.array([fits[i].fill for i in touched[hit] - 1], dtype=np.float64)
        same = np.abs(mean - box_fill).max(axis=1) <= _GLYPH_FILL_THRESHOLDS * regions.threshold
        # ... and of glyph size beside it (a bowl, an arm, the next letters of a word).
        glyph_sized = (
            (bh >= _STEM_ASPECT * bw)
            & (ph <= _GLYPH_PART_HEIGHT * bh)
            & (pw <= _GLYPH_WORD_WIDTH * bh)
        )
        # ... filled with a colour that is ink where the piece stands (a stem on its paper, not
        # a card on its page).
        around = owner[py + ph // 2, px + pw // 2].astype(np.int64)
        inked = np.abs(box_fill - fills[around]).max(axis=1) > _INK_CONTRAST * regions.threshold
        touching[hit[~within & same & glyph_sized & inked]] = False
    keep = stats[:, cv2.CC_STAT_AREA] > _SPECK_PX
    keep[0] = False
    keep &= ~touching
    if not regions.noisy:
        # JPEG noise and ringing step by more than the threshold inside any fill: there a
        # piece's steps tell nothing.
        keep &= _stepped_pieces(
            rgb, index, piece_px, count, _MARK_STEP_THRESHOLDS * regions.threshold
        )
    ids = np.flatnonzero(keep)
    st = stats[ids].astype(np.int64)
    boxes = np.column_stack([st[:, 0], st[:, 1], st[:, 0] + st[:, 2], st[:, 1] + st[:, 3]])
    piece_owner = owner[st[:, 1] + st[:, 3] // 2, st[:, 0] + st[:, 2] // 2].astype(np.int64)
    groups = _join(boxes, piece_owner)
    group_of_piece = np.full(count, -1, dtype=np.int64)
    group_of_piece[ids] = groups
    pixel_group = group_of_piece[piece_px]
    kept_px = pixel_group >= 0
    if groups.size == 0:
        return []
    n_groups = int(groups.max()) + 1
    groups_px, contrast_px = pixel_group[kept_px], contrast[kept_px]
    contrast_sum = np.bincount(groups_px, weights=contrast_px, minlength=n_groups)
    pixel_count = np.bincount(groups_px, minlength=n_groups)
    solid_mean = _solid_colours(groups_px, contrast_px, colours[kept_px], n_groups)

    # Per group (ids 0 … n_groups - 1, each with at least one piece), from its pieces sorted
    # by group and, for the median, by height.
    heights = boxes[:, 3] - boxes[:, 1]
    order = np.lexsort((heights, groups))
    size = np.bincount(groups, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(size)[:-1]])
    x0s = np.minimum.reduceat(boxes[order, 0], starts)
    y0s = np.minimum.reduceat(boxes[order, 1], starts)
    x1s = np.maximum.reduceat(boxes[order, 2], starts)
    y1s = np.maximum.reduceat(boxes[order, 3], starts)
    areas = np.add.reduceat(st[order, 4], starts).astype(np.float64)
    # The owner of a group's first piece (the lowest index, as pieces are ordered).
    first_piece = np.minimum.reduceat(order, starts)
    owners_out = piece_owner[first_piece] - 1
    # The median height, as `median0` takes it: the middle one, or the mean of the middle two.
    ordered = heights[order].astype(np.float64)
    upper = ordered[starts + size // 2]
    lower = ordered[starts + (size - 1) // 2]
    median_height = np.where(size % 2 == 1, upper, (lower + upper) / 2)
    mean_contrast = contrast_sum / np.maximum(1, pixel_count)

    blobs: list[InkBlob] = []
    for group, (x0, y0, x1, y1) in enumerate(
        zip(x0s.tolist(), y0s.tolist(), x1s.tolist(), y1s.tolist(), strict=True)
    ):
        if x1 - x0 < _MIN_PIECE_PX and y1 - y0 < _MIN_PIECE_PX:
            continue
        if (
            regions.noisy
            and size[group] == 1
            and max(x1 - x0, y1 - y0) <= _LOSSY_SPECK_PX
            and mean_contrast[group] < _LOSSY_SPECK_CONTRAST * regions.threshold
        ):
            continue
        outline = None
        if size[group] <= _MAX_SHAPE_PIECES and min(x1 - x0, y1 - y0) >= _MIN_SHAPE_PX:
            members = order[starts[group] : starts[group] + size[group]]
            mask = np.isin(pieces[y0:y1, x0:x1], ids[members])
            outline = outline_shape(mask, noisy=regions.noisy)
        blobs.append(
            InkBlob(
                box=(x0, y0, x1 - x0, y1 - y0),
                owner=int(owners_out[group]),
                pieces=int(size[group]),
                ink_share=float(areas[group]) / float(max(1, (x1 - x0) * (y1 - y0))),
                piece_height_px=float(median_height[group]),
                contrast=float(mean_contrast[group]),
                color=(
                    float(solid_mean[group, 0]),
                    float(solid_mean[group, 1]),
                    float(solid_mean[group, 2]),
                ),
                outline=outline,
            )
        )
    return blobs


def glyph_fits(fits: list[BoxFit], blobs: list[InkBlob], *, threshold: float) -> set[int]:
    """Indices of boxes that are parts of glyphs (see module docstring).

    Parameters
    ----------
    fits : list of BoxFit
        Measured boxes.
    blobs : list of InkBlob
        Ink found with those boxes.
    threshold : float
        The image's edge threshold (largest sRGB channel step that is an edge), code values.

    Returns
    -------
    set of int
        Indices into `fits`: boxes around no other box, beside a blob of ink they do not own
        (no taller than `_GLYPH_PART_HEIGHT` times it, overlapping it by `_JOIN_OVERLAP_SHARE`
        of the shorter height, at most `_JOIN_GAP_PER_HEIGHT` glyph heights away), of that
        blob's colour when the box owns ink itself.
    """
    if not fits or not blobs:
        return set()
    x, y, w, h = np.array([f.box for f in fits], dtype=np.int64).reshape(-1, 4).T
    right, bottom = x + w, y + h
    around = (
        (x[:, None] <= x[None, :])
        & (y[:, None] <= y[None, :])
        & (right[:, None] >= right[None, :])
        & (bottom[:, None] >= bottom[None, :])
    )
    np.fill_diagonal(around, False)
    # Boxes and blobs as (boxes, 1) against (1, blobs).
    ids = np.flatnonzero(~around.any(axis=1))[:, None]
    x, y, w, h, right, bottom = (v[ids] for v in (x, y, w, h, right, bottom))
    bx, by, bw, bh = np.array([b.box for b in blobs], dtype=np.int64).T[:, None, :]
    owner = np.array([b.owner for b in blobs], dtype=np.int64)[None, :]
    glyph = np.maximum([b.piece_height_px for b in blobs], 1.0)[None, :]
    near = (
        (owner != ids)
        & (h <= _GLYPH_PART_HEIGHT * bh)
        & (
            np.minimum(bottom, by + bh) - np.maximum(y, by)
            >= _JOIN_OVERLAP_SHARE * np.minimum(h, bh)
        )
        & (np.maximum(bx - right, x - (bx + bw)) <= _JOIN_GAP_PER_HEIGHT * glyph)
    )
    # A box with ink of its own must have the blob's colour (float32 fills, as measured).
    inked = np.isin(ids[:, 0], owner)
    if inked.any():
        fills = np.array([fits[i].fill for i in ids[inked, 0]], dtype=np.float32)
        colours = np.array([b.color for b in blobs], dtype=np.float64)
        far = np.zeros((fills.shape[0], len(blobs)), dtype=np.float64)
        for channel in range(3):
            step = np.abs(fills[:, channel, None].astype(np.float64) - colours[None, :, channel])
            np.maximum(far, step, out=far)
        near[inked] &= far <= _GLYPH_FILL_THRESHOLDS * threshold
    return {int(i) for i in ids[near.any(axis=1), 0]}
