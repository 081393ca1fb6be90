"""Run-length structure of an image's colours: flat pixels, blend and ramp transitions, usage.

Screenshots are made of a few colours painted in flat areas, strokes and lines; everything else
is a transition between them — anti-aliasing at edges, gradient steps, shadow falloff. This
module tells them apart along maximal runs of identical pixels, scanned along rows and along
columns:

- a run is a **blend** when its colour lies strictly between the runs on either side (inside
  their per-channel box, near the segment joining them) and it is not much longer than they are
  (an anti-aliased edge is 1–2 px; a gradient band is as long as its neighbours; a flat region
  next to JPEG noise is far longer than the noise and stays flat);
- a run is **partial coverage** when, within a word (the runs between two runs at least four
  pixels long), its colour lies strictly between the paper (the colour before the word) and the
  ink (the word's colour farthest from the paper): the lighter stems of glyphs drawn at
  fractional positions;
- a run is **dither** when it is at most four pixels long and within two code values of both
  neighbours (browsers dither gradients and shadows);
- a run is a **ramp end** when it steps by at most a few code values into a blend run: the first
  band of a gradient, the darkest ring of a soft shadow;
- a pixel is **solid** when neither its row run nor its column run is a transition and one of
  them is at least three pixels long.

Solid pixels are counted per exact colour and per usage class, decided by the pixel's thickness
(its shorter run) and extent (its longer run): thin-and-short strokes (glyphs), thin-and-long
lines (borders, dividers) and areas (fills). All counting is done with one sort of packed keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from copy_that.imaging import Image, pack_rgb

__all__ = [
    "AREA",
    "EXACT",
    "INVALID_KEY",
    "LINE",
    "LOSSY",
    "STROKE",
    "RunAnalysis",
    "Runs",
    "Tolerance",
    "analyse_runs",
    "looks_compressed",
]

#: Key of pixels that carry no colour evidence (mostly transparent). Real keys are < 2**24.
INVALID_KEY = np.uint32(0xFFFFFFFF)
#: Usage classes of solid pixels (column index in `RunAnalysis.solid_usage`).
STROKE, LINE, AREA = 0, 1, 2

# A pixel at least half opaque shows its own colour more than whatever is behind it.
_MIN_ALPHA = 128
# Blend test, in 8-bit code values: the distance allowed from the straight segment between the
# neighbours — a fixed part for rounding plus a part growing with the step, because renderers
# that blend in linear light bend the path between two colours away from the sRGB segment.
_SEGMENT_TOLERANCE = 3.0
_SEGMENT_TOLERANCE_REL = 0.15
# Anti-aliasing blends an edge over at most this many pixels (1 for a sharp edge, 2–3 for a
# rounded corner or a slightly soft edge).
_BLEND_MAX_PX = 3
# A gradient band or ramp run is at most this many times as long as its neighbour, plus a couple
# of pixels; bands of one gradient have similar widths.
_BAND_RATIO = 4
_BAND_SLACK_PX = 2
# Gradient blocks: runs up to _FAR_MAX_RUN_PX long are compared with the colours _FAR_PX beyond
# their ends, which must be within _FAR_STEP code values of the run and differ from each other
# by at least _MIN_DRIFT (a gradient drifts a few values over that distance; a flat area's
# surroundings are other colours, or the same colour again).
_FAR_PX = 24
_FAR_STEP = 12
_MIN_DRIFT = 3
_FAR_MAX_RUN_PX = 64
# Dithered runs are at most _DITHER_MAX_PX long and within _DITHER_STEP code values of both
# neighbours.
_DITHER_MAX_PX = 4
_DITHER_STEP = 2
# A run followed (or preceded) by this many blend runs in a row ends a ramp, when its step into
# them is at most _RAMP_GROWTH times the chain's next step (plus the box slack).
_LONG_RAMP_RUNS = 4
_RAMP_GROWTH = 2
# Runs at least this long separate the words of a line for the word analysis: gaps between
# letters are 1–3 px and word spaces 4–6 px at text sizes, and the strokes of body text are
# thinner.
_GAP_PX = 8
# A solid pixel lies in a run of at least this many identical pixels, in one direction.
_MIN_SOLID_RUN_PX = 3
# Usage classes: strokes are at most this thick …
_STROKE_MAX_THICKNESS_PX = 8
# … and shorter than this; lines (borders, dividers) are at most _LINE_MAX_THICKNESS_PX thick and
# at least _LONG_RUN_PX long; everything else is an area.
_LONG_RUN_PX = 24
_LINE_MAX_THICKNESS_PX = 3
# Compression evidence (see `looks_compressed`): slight steps of at most _MICRO_STEP code values
# next to flat stretches of _FLAT_RUN_PX or more, over at least _MIN_NOISE_PAIRS pairs (and
# _MIN_SPECK_FRACTION of the pairs beside flat stretches), in at least _SPECK_NOISE of them; or
# at least _MIN_BLOCK_STEPS slight steps of which _BLOCK_ALIGNMENT share one phase of the
# _DCT_BLOCK_PX grid.
_MICRO_STEP = 3
_FLAT_RUN_PX = 8
_MIN_NOISE_PAIRS = 20
_MIN_SPECK_FRACTION = 0.1
_SPECK_NOISE = 0.24
_MIN_BLOCK_STEPS = 100
_BLOCK_ALIGNMENT = 0.5
_DCT_BLOCK_PX = 8
# Pixel classes beyond the usage classes, for counting: in runs too short to be solid, and in
# transition runs.
_TEXTURED, _TRANSITION = 3, 4
_CLASSES = 5
# Run lengths are stored per pixel in 8 bits: every threshold above is far below the cap.
_MAX_RUN_PX = np.iinfo(np.uint8).max


@dataclass(frozen=True)
class Tolerance:
    """How far pixels may stray from exact blends and ramps, in 8-bit code values.

    Parameters
    ----------
    box_slack : int
        Slack around the neighbours' per-channel box in the blend test (rounding, noise).
    gradient_step : int
        Largest per-channel step between neighbouring gradient bands: an 8-bit gradient moves
        1–3 values per band, two designed colours side by side differ by 6 or more.
    ramp_step : int
        Largest per-channel step from a run into a neighbouring transition for it to be a ramp
        end (the first band of a gradient, the darkest ring of a soft shadow).
    ramp_passes : int
        How many times ramp ends propagate along a line (noise makes ramps wiggle).
    gradient_blocks : bool
        Look for gradients that compression broke into flat blocks (JPEG); lossless
        gradients are caught band by band.
    """

    box_slack: int
    gradient_step: int
    ramp_step: int
    ramp_passes: int
    gradient_blocks: bool


#: Lossless screenshots: blends are exact up to rounding.
EXACT = Tolerance(box_slack=2, gradient_step=5, ramp_step=4, ramp_passes=1, gradient_blocks=False)
#: Lossy images (JPEG, WebP, photos): compression and sensor noise of a few code values.
LOSSY = Tolerance(box_slack=4, gradient_step=8, ramp_step=8, ramp_passes=3, gradient_blocks=True)


@dataclass(frozen=True)
class Runs:
    """Maximal runs of identical keys along the lines (rows or columns) of a key image.

    Parameters
    ----------
    keys : ndarray of shape (R,), dtype uint32
        Colour key of each run (`INVALID_KEY` for runs of transparent pixels).
    lengths : ndarray of shape (R,), dtype int64
        Length of each run in pixels.
    lines : ndarray of shape (R,), dtype int64
        Row (or column) index of each run.
    offsets : ndarray of shape (R,), dtype int64
        Position of the run's first pixel along its line (x for rows, y for columns).
    transition : ndarray of shape (R,), dtype bool
        Whether the run is a blend, partial coverage or a ramp end.
    ink : ndarray of shape (R,), dtype bool
        Whether the run has its word's ink colour (the colour farthest from the paper).
    partial : ndarray of shape (R,), dtype bool
        Whether the run is partial coverage of its word's ink.
    paper : ndarray of shape (R,), dtype uint32
        Key of the paper each run's word is written on (`INVALID_KEY` when there is none, and
        for runs that are not inside a word).
    """

    keys: NDArray[np.uint32]
    lengths: NDArray[np.int64]
    lines: NDArray[np.int64]
    offsets: NDArray[np.int64]
    transition: NDArray[np.bool_]
    ink: NDArray[np.bool_]
    partial: NDArray[np.bool_]
    paper: NDArray[np.uint32]


@dataclass(frozen=True)
class RunAnalysis:
    """What the run structure says about an image's colours; arrays are aligned with `colors`.

    Parameters
    ----------
    valid_px : int
        Number of pixels that carry colour (alpha ≥ 128).
    rows : Runs
        The row runs, kept for spatial questions (which colour sits on which).
    columns : Runs
        The column runs (lines are columns, offsets are rows).
    colors : ndarray of shape (U,), dtype uint32
        Every colour key of the valid pixels, sorted.
    counts : ndarray of shape (U,), dtype int64
        Pixel count of each colour.
    solid_usage : ndarray of shape (U, 3), dtype int64
        Solid pixels of each colour per usage class (`STROKE`, `LINE`, `AREA`).
    ink_px : ndarray of shape (U,), dtype int64
        Pixels of each colour in text-ink row runs (see `text_ink`).
    partial_px : ndarray of shape (U,), dtype int64
        Pixels of each colour in row runs that are partial coverage of a word's ink.
    transition_px : ndarray of shape (U,), dtype int64
        Pixels of each colour in row runs that are transitions of any kind.
    row_slots : ndarray of shape (R,), dtype intp
        Index into `colors` of each row run's colour, −1 for runs of transparent pixels.
    text_ink : ndarray of shape (R,), dtype bool
        Row runs that are their word's ink, no transition, and not a slice of a vertical line
        (a run whose column continues for `_LONG_RUN_PX` or more is a border, not a glyph).
    textured_px : int
        Valid pixels in runs shorter than three pixels both ways that are not transitions:
        photo texture and noise.
    """

    valid_px: int
    rows: Runs
    columns: Runs
    colors: NDArray[np.uint32]
    counts: NDArray[np.int64]
    solid_usage: NDArray[np.int64]
    ink_px: NDArray[np.int64]
    partial_px: NDArray[np.int64]
    transition_px: NDArray[np.int64]
    row_slots: NDArray[np.intp]
    text_ink: NDArray[np.bool_]
    textured_px: int

    @property
    def solid_px(self) -> NDArray[np.int64]:
        """Solid pixels of each colour, shape (U,)."""
        total: NDArray[np.int64] = self.solid_usage.sum(axis=1)
        return total


def _scan(keys: NDArray[np.uint32], tolerance: Tolerance, *, words: bool) -> Runs:
    """Runs along the rows of `keys` (shape (H, W)), classified; `words` enables word analysis."""
    width = keys.shape[1]
    flat = keys.ravel()
    change = np.empty(flat.size, dtype=bool)
    change[0] = True
    np.not_equal(flat[1:], flat[:-1], out=change[1:])
    change[::width] = True
    starts = np.flatnonzero(change)
    lengths = np.diff(np.append(starts, flat.size))
    lines = starts // width
    run_keys = flat[starts]
    offsets = starts - lines * width
    far = None
    if tolerance.gradient_blocks:
        # Colours a little beyond each end of each run, for gradients JPEG broke into blocks.
        before = offsets - _FAR_PX
        after = offsets + lengths - 1 + _FAR_PX
        far = (
            np.where(before >= 0, flat[lines * width + np.maximum(before, 0)], INVALID_KEY),
            np.where(
                after < width, flat[lines * width + np.minimum(after, width - 1)], INVALID_KEY
            ),
        )
    transition, ink, partial, paper = _classify(
        run_keys, lengths, lines, far, tolerance, words=words
    )
    return Runs(
        keys=run_keys,
        lengths=lengths,
        lines=lines,
        offsets=offsets,
        transition=transition,
        ink=ink,
        partial=partial,
        paper=paper,
    )


Channels: TypeAlias = tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]]


def _channels(keys: NDArray[np.uint32]) -> Channels:
    """Red, green and blue of packed keys as separate float32 arrays (fast 1-D arithmetic)."""
    return (
        (keys & 0xFF).astype(np.float32),
        ((keys >> 8) & 0xFF).astype(np.float32),
        ((keys >> 16) & 0xFF).astype(np.float32),
    )


def _take(channels: Channels, index: NDArray[np.intp]) -> Channels:
    return (channels[0][index], channels[1][index], channels[2][index])


def _strictly_between(
    cur: Channels, end_a: Channels, end_b: Channels, slack: int
) -> NDArray[np.bool_]:
    """Whether each colour of `cur` is a mix of the matching colours of `end_a` and `end_b`.

    True when the colour lies inside the ends' per-channel box (widened by `slack`), projects
    strictly inside the segment between them, and is within the segment tolerance of it.
    """
    in_box = np.ones(cur[0].shape, dtype=bool)
    along = np.zeros(cur[0].shape, dtype=np.float32)
    span_sq = np.zeros(cur[0].shape, dtype=np.float32)
    offset_sq = np.zeros(cur[0].shape, dtype=np.float32)
    for c, a, b in zip(cur, end_a, end_b, strict=True):
        in_box &= c >= np.minimum(a, b) - slack
        in_box &= c <= np.maximum(a, b) + slack
        span = b - a
        offset = c - a
        along += offset * span
        span_sq += span * span
        offset_sq += offset * offset
    off_segment_sq = offset_sq - along * along / np.maximum(span_sq, 1.0)
    tolerance = _SEGMENT_TOLERANCE + _SEGMENT_TOLERANCE_REL * np.sqrt(span_sq)
    result: NDArray[np.bool_] = (
        in_box & (along > 0) & (along < span_sq) & (off_segment_sq <= tolerance * tolerance)
    )
    return result


def _words(
    keys: NDArray[np.uint32],
    rgb: Channels,
    lengths: NDArray[np.int64],
    new_line: NDArray[np.bool_],
    valid: NDArray[np.bool_],
    slack: int,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.uint32]]:
    """Ink runs, partial-coverage runs and paper keys of each word; see the module notes.

    Runs of at least `_GAP_PX` split each line into segments (about a word, or a glyph
    crossing). The colour of the segment's opening run is the paper when the same colour (or
    the line's end) closes it; the run farthest from the paper is the ink; a run whose colour is
    strictly between paper and ink is partial coverage.
    """
    separator = (lengths >= _GAP_PX) | ~valid
    boundary = separator | new_line
    segment = np.cumsum(boundary) - 1
    first = np.flatnonzero(boundary)
    # The paper is the opening run's colour when the word is closed by the same colour (or by
    # the end of the line): a run between two different colours is not written on either.
    closing = np.append(first[1:], keys.size)
    closed_same = np.ones(first.size, dtype=bool)
    inner = closing < keys.size
    ends = closing[inner]
    closed_same[inner] = new_line[ends] | (separator[ends] & (keys[ends] == keys[first[inner]]))
    opens_paper = (separator & valid)[first] & closed_same
    paper_index = first[segment]
    paper = _take(rgb, paper_index)
    distance = np.abs(rgb[0] - paper[0])
    np.maximum(distance, np.abs(rgb[1] - paper[1]), out=distance)
    np.maximum(distance, np.abs(rgb[2] - paper[2]), out=distance)
    # The ink is the run farthest from the paper; packing (distance, key) into one integer
    # lets a single reduceat find it, ties going to the larger key.
    score = (distance.astype(np.int64) << 24) | keys.astype(np.int64)
    score[boundary] = -1
    best = np.maximum.reduceat(score, first)[segment]
    has_paper = opens_paper[segment]
    ink = ~boundary & has_paper & (best == score)
    candidate = ~boundary & has_paper & (best >= 0) & ~ink
    partial = np.zeros(keys.size, dtype=bool)
    index = np.flatnonzero(candidate)
    if index.size:
        ink_key = (best[index] & 0xFFFFFF).astype(np.uint32)
        partial[index] = _strictly_between(
            _take(rgb, index), _take(paper, index), _channels(ink_key), slack
        )
    paper_key = np.where(has_paper & ~boundary, keys[paper_index], INVALID_KEY)
    return ink, partial, paper_key.astype(np.uint32)


def _gradient_blocks(
    keys: NDArray[np.uint32],
    rgb: Channels,
    lengths: NDArray[np.int64],
    far: tuple[NDArray[np.uint32], NDArray[np.uint32]],
    tolerance: Tolerance,
) -> NDArray[np.bool_]:
    """Runs of gradients that compression broke into blocks.

    A run is a block when it lies inside the range of the colours `_FAR_PX` beyond its ends,
    which differ from each other (a drift) by small steps: JPEG turns smooth gradients into flat
    8–48 px blocks with noise, while a flat area's surroundings are other colours, or itself.
    """
    far_prev, far_next = far
    flags = np.zeros(keys.size, dtype=bool)
    block = (
        (lengths <= _FAR_MAX_RUN_PX)
        & (far_prev != INVALID_KEY)
        & (far_next != INVALID_KEY)
        & (far_prev != far_next)
    )
    index = np.flatnonzero(block)
    if index.size:
        before, after = _channels(far_prev[index]), _channels(far_next[index])
        drift = np.zeros(index.size, dtype=np.float32)
        inside = np.ones(index.size, dtype=bool)
        # Along the channel that drifts most, the run must lie strictly between the ends.
        between = np.zeros(index.size, dtype=bool)
        for c, a, b in zip(_take(rgb, index), before, after, strict=True):
            inside &= (np.abs(c - a) <= _FAR_STEP) & (np.abs(c - b) <= _FAR_STEP)
            inside &= c >= np.minimum(a, b) - tolerance.box_slack
            inside &= c <= np.maximum(a, b) + tolerance.box_slack
            channel_drift = np.abs(a - b)
            larger = channel_drift > drift
            between = np.where(larger, (a - c) * (b - c) < 0, between)
            drift = np.maximum(drift, channel_drift)
        flags[index] = inside & between & (drift >= _MIN_DRIFT)
    return flags


def _classify(
    keys: NDArray[np.uint32],
    lengths: NDArray[np.int64],
    lines: NDArray[np.int64],
    far: tuple[NDArray[np.uint32], NDArray[np.uint32]] | None,
    tolerance: Tolerance,
    *,
    words: bool,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.uint32]]:
    """Transition, ink, partial-coverage flags and paper keys of runs; see the module notes.

    `far` holds the keys `_FAR_PX` beyond each end of each run (`INVALID_KEY` off the line),
    or None to skip the gradient-block test.
    Word analysis (ink and partial coverage) runs only when `words` is true: glyph stems sit at
    fractional x positions, so partial coverage shows along rows; rows are hinted to the pixel
    grid, so columns do not need it.
    """
    count = keys.size
    flags = np.zeros(count, dtype=bool)
    ink = np.zeros(count, dtype=bool)
    partial = np.zeros(count, dtype=bool)
    paper = np.full(count, INVALID_KEY, dtype=np.uint32)
    if count < 3:
        return flags, ink, partial, paper
    valid = keys != INVALID_KEY
    rgb = _channels(keys)
    new_line = np.empty(count, dtype=bool)
    new_line[0] = True
    np.not_equal(lines[1:], lines[:-1], out=new_line[1:])
    step = np.abs(rgb[0][1:] - rgb[0][:-1])
    np.maximum(step, np.abs(rgb[1][1:] - rgb[1][:-1]), out=step)
    np.maximum(step, np.abs(rgb[2][1:] - rgb[2][:-1]), out=step)
    # Interior runs whose neighbours on both sides are in the same line and carry colour, and
    # that are short enough to be a blend, or are a gradient step: a small step on both sides
    # and no longer than a few times the longer neighbour (JPEG noise beside a flat area is
    # short, so the area stays flat).
    usable = ~new_line[1:-1] & ~new_line[2:] & valid[:-2] & valid[1:-1] & valid[2:]
    length = lengths[1:-1]
    gradient_step = (np.maximum(step[:-1], step[1:]) <= tolerance.gradient_step) & (
        length <= _BAND_RATIO * np.maximum(lengths[:-2], lengths[2:]) + _BAND_SLACK_PX
    )
    usable &= (length <= _BLEND_MAX_PX) | gradient_step
    index = np.flatnonzero(usable) + 1
    if index.size:
        flags[index] = _strictly_between(
            _take(rgb, index), _take(rgb, index - 1), _take(rgb, index + 1), tolerance.box_slack
        )
    # Gradient blocks: a run inside the range of the colours a little beyond its ends, which
    # differ from each other (a drift) by small steps (JPEG turns smooth gradients into flat
    # 8–48 px blocks with noise; a flat area's surroundings are other colours or itself again).
    if far is not None:
        flags |= _gradient_blocks(keys, rgb, lengths, far, tolerance) & ~flags
    # Dithering: a short run whose neighbours on both sides differ by a code value or two (the
    # ±1 patterns browsers add to gradients and shadows). Designed colours never sit that close.
    dither = np.zeros(count, dtype=bool)
    dither[1:-1] = (
        ~new_line[1:-1]
        & ~new_line[2:]
        & valid[:-2]
        & valid[1:-1]
        & valid[2:]
        & (lengths[1:-1] <= _DITHER_MAX_PX)
        & (step[:-1] <= _DITHER_STEP)
        & (step[1:] <= _DITHER_STEP)
    )
    flags |= dither
    blends = flags.copy()
    if words:
        ink, partial, paper = _words(keys, rgb, lengths, new_line, valid, tolerance.box_slack)
        flags |= partial

    linked = ~new_line[1:] & valid[1:] & valid[:-1] & (step <= tolerance.ramp_step)
    forward = linked & (lengths[:-1] <= _BAND_RATIO * lengths[1:] + _BAND_SLACK_PX)
    backward = linked & (lengths[1:] <= _BAND_RATIO * lengths[:-1] + _BAND_SLACK_PX)
    # A run that opens a chain of _LONG_RAMP_RUNS blends, stepping into it about as far as the
    # chain steps on, is the end of a ramp: the darkest ring of a hard drop shadow. A border
    # beside a shadow steps in much further than the falloff moves, and anti-aliasing chains
    # at most three blends (the curves of small bold glyphs in Chromium), so lines and glyph
    # strokes keep their colour.
    chained = blends.copy()
    for shift in range(1, _LONG_RAMP_RUNS):
        chained[:-shift] &= blends[shift:] & ~new_line[shift:]
    onward = np.zeros(count - 1, dtype=step.dtype)  # the step after each step, same line
    onward[:-1] = np.where(~new_line[2:], step[1:], 0)
    smooth = step <= _RAMP_GROWTH * onward + tolerance.box_slack
    comparable = np.zeros(count, dtype=bool)
    comparable[:-1] = lengths[:-1] <= _BAND_RATIO * lengths[1:] + _BAND_SLACK_PX
    flags[:-1] |= chained[1:] & ~new_line[1:] & valid[:-1] & comparable[:-1] & smooth
    backward_onward = np.zeros(count - 1, dtype=step.dtype)  # the step before each step
    backward_onward[1:] = np.where(~new_line[1:-1], step[:-1], 0)
    smooth_back = step <= _RAMP_GROWTH * backward_onward + tolerance.box_slack
    comparable[:] = False
    comparable[1:] = lengths[1:] <= _BAND_RATIO * lengths[:-1] + _BAND_SLACK_PX
    chained_back = blends.copy()
    for shift in range(1, _LONG_RAMP_RUNS):
        chained_back[shift:] &= blends[:-shift] & ~new_line[1 : count - shift + 1]
    flags[1:] |= chained_back[:-1] & ~new_line[1:] & valid[1:] & comparable[1:] & smooth_back
    ramp_source = blends
    for _ in range(tolerance.ramp_passes):
        ramp = np.zeros(count, dtype=bool)
        ramp[:-1] |= forward & ramp_source[1:]
        ramp[1:] |= backward & ramp_source[:-1]
        flags |= ramp
        ramp_source = ramp_source | ramp
    return flags, ink & ~flags, partial, paper


def _per_pixel(runs: Runs, shape: tuple[int, int]) -> NDArray[np.uint8]:
    """Each pixel's run length (capped at 255), 0 where the run is a transition; `shape`."""
    effective = np.where(runs.transition, 0, np.minimum(runs.lengths, _MAX_RUN_PX))
    return np.repeat(effective.astype(np.uint8), runs.lengths).reshape(shape)


def looks_compressed(rows: Runs) -> bool:
    """Whether an image shows block-transform compression (JPEG): flat areas beside noise.

    Two signs, either is enough:

    - **specks**: among neighbouring non-transition runs of which exactly one is a flat stretch
      of `_FLAT_RUN_PX` or more (a flat area and a speck beside it), at least
      `_SPECK_NOISE` differ by `_MICRO_STEP` code values or less. Lossless screenshots score
      0–0.05 (0.2 with heavily dithered page backgrounds), JPEG 0.3–0.8;
    - **blocks**: at least `_MIN_BLOCK_STEPS` such slight steps between flat runs, most of them
      (`_BLOCK_ALIGNMENT`) on one column phase modulo 8 — the edges of 8×8 DCT blocks. Dither
      and design fall on every phase alike.

    Specks are judged only when there are at least `_MIN_NOISE_PAIRS` of them and they are at
    least `_MIN_SPECK_FRACTION` of the pairs beside flat stretches (a few runs cut short at the
    image edge are no evidence).

    Parameters
    ----------
    rows : Runs
        Row runs of the image, classified with `EXACT`.

    Returns
    -------
    bool
    """
    if rows.keys.size < 2:
        return False
    rgb = _channels(rows.keys)
    step = np.abs(rgb[0][1:] - rgb[0][:-1])
    np.maximum(step, np.abs(rgb[1][1:] - rgb[1][:-1]), out=step)
    np.maximum(step, np.abs(rgb[2][1:] - rgb[2][:-1]), out=step)
    pairs = (
        (rows.lines[1:] == rows.lines[:-1])
        & ~rows.transition[1:]
        & ~rows.transition[:-1]
        & (rows.keys[1:] != INVALID_KEY)
        & (rows.keys[:-1] != INVALID_KEY)
    )
    long_next, long_prev = rows.lengths[1:] >= _FLAT_RUN_PX, rows.lengths[:-1] >= _FLAT_RUN_PX
    slight = step <= _MICRO_STEP
    specks = pairs & (long_next != long_prev)
    count = int(np.count_nonzero(specks))
    judged = count >= max(
        _MIN_NOISE_PAIRS, _MIN_SPECK_FRACTION * np.count_nonzero(pairs & (long_next | long_prev))
    )
    if judged and np.count_nonzero(specks & slight) >= _SPECK_NOISE * count:
        return True
    steps = np.flatnonzero(pairs & (long_next | long_prev) & slight)
    if steps.size < _MIN_BLOCK_STEPS:
        return False
    phases = np.bincount(rows.offsets[steps + 1] % _DCT_BLOCK_PX, minlength=_DCT_BLOCK_PX)
    return bool(phases.max() >= _BLOCK_ALIGNMENT * steps.size)


def analyse_runs(image: Image, tolerance: Tolerance = EXACT) -> RunAnalysis:
    """Scan an image's rows and columns and count its solid colours by usage.

    Parameters
    ----------
    image : Image
        The image; pixels with alpha below 128 are ignored.
    tolerance : Tolerance
        `EXACT` for lossless screenshots, `LOSSY` for compressed ones (see `looks_compressed`).

    Returns
    -------
    RunAnalysis
        Colour histogram, solid colours with usage counts, row runs and the textured pixel count.
    """
    height, width = image.height_px, image.width_px
    keys = pack_rgb(image.rgb)
    if image.has_transparency:
        keys[image.alpha < _MIN_ALPHA] = INVALID_KEY
    rows = _scan(keys, tolerance, words=True)
    columns = _scan(np.ascontiguousarray(keys.T), tolerance, words=False)
    along_row = _per_pixel(rows, (height, width))
    along_col = np.ascontiguousarray(_per_pixel(columns, (width, height)).T)
    thickness = np.minimum(along_row, along_col)
    extent = np.maximum(along_row, along_col)

    # One sort counts every colour per pixel class: the class rides in the key's top byte. Every
    # class but AREA needs a thin pixel, so only thin pixels (a minority) are classified.
    tags = keys.ravel() | np.uint32(AREA << 24)
    thin = np.flatnonzero(thickness.ravel() <= _STROKE_MAX_THICKNESS_PX)
    thick_t, extent_t = thickness.ravel()[thin], extent.ravel()[thin]
    classes = np.where(
        extent_t < _LONG_RUN_PX,
        STROKE,
        np.where(thick_t <= _LINE_MAX_THICKNESS_PX, LINE, AREA),
    ).astype(np.uint32)
    classes[extent_t < _MIN_SOLID_RUN_PX] = _TEXTURED
    classes[thick_t == 0] = _TRANSITION
    tags[thin] = keys.ravel()[thin] | (classes << 24)
    tagged, tagged_counts = np.unique(tags, return_counts=True)
    tagged = tagged[tagged != INVALID_KEY]  # transparent pixels carry no colour
    tagged_counts = tagged_counts[: tagged.size]
    colors, slot = np.unique(tagged & np.uint32(0xFFFFFF), return_inverse=True)
    by_class = np.zeros((colors.size, _CLASSES), dtype=np.int64)
    np.add.at(by_class, (slot, (tagged >> 24).astype(np.intp)), tagged_counts)

    vertical = along_col[rows.lines, rows.offsets] >= _LONG_RUN_PX
    text_ink = rows.ink & ~(vertical & (rows.lengths <= _LINE_MAX_THICKNESS_PX))
    run_valid = rows.keys != INVALID_KEY
    row_slots = np.full(rows.keys.size, -1, dtype=np.intp)
    row_slots[run_valid] = np.searchsorted(colors, rows.keys[run_valid])
    run_slot = row_slots[run_valid]
    lengths = rows.lengths[run_valid].astype(np.float64)

    def per_color(flag: NDArray[np.bool_]) -> NDArray[np.int64]:
        weights = lengths * flag[run_valid]
        return np.bincount(run_slot, weights=weights, minlength=colors.size).astype(np.int64)

    return RunAnalysis(
        valid_px=int(by_class.sum()),
        rows=rows,
        columns=columns,
        colors=colors,
        counts=by_class.sum(axis=1),
        solid_usage=np.ascontiguousarray(by_class[:, :3]),
        ink_px=per_color(text_ink),
        partial_px=per_color(rows.partial),
        transition_px=per_color(rows.transition),
        row_slots=row_slots,
        text_ink=text_ink,
        textured_px=int(by_class[:, _TEXTURED].sum()),
    )
