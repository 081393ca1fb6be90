"""The type scale: lines grouped into styles, styles named by size and use, the modular ratio.

Grouping is single-linkage on font size (lines within a few percent of each other) and then a
split by stroke weight and by character pitch, so a bold label and a regular paragraph of the
same size stay two styles, and so does code beside prose.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["RATIOS", "cluster_lines", "fit_ratio", "name_styles"]

#: Named modular-scale ratios (music intervals, as type-scale tools name them).
RATIOS: tuple[tuple[str, float], ...] = (
    ("minor second", 16.0 / 15.0),
    ("major second", 1.125),
    ("minor third", 1.2),
    ("major third", 1.25),
    ("perfect fourth", 4.0 / 3.0),
    ("augmented fourth", math.sqrt(2.0)),
    ("perfect fifth", 1.5),
    ("golden ratio", (1.0 + math.sqrt(5.0)) / 2.0),
)
# Lines whose sizes differ by less than this share are one size (hinting moves heights by up to
# half a pixel, 3–4 % at body sizes).
_SIZE_LINK = 0.05
# Stroke-to-size ratios differing by this factor within one size are two weights (regular to
# bold is about 1.5×; measurement noise about 1.1×).
_WEIGHT_SPLIT = 1.25
# Pitch scores above this are monospaced text.
_MONO_PITCH = 0.85
# A style at least this many CSS px is "display" when it is the largest.
_DISPLAY_MIN_PX = 40.0
# A size fits a modular step when within this share of it, or within one CSS px.
_RATIO_TOLERANCE = 0.06


def cluster_lines(
    sizes: Sequence[float], strokes: Sequence[float], pitches: Sequence[float]
) -> list[list[int]]:
    """Group line indices into styles.

    Parameters
    ----------
    sizes : sequence of float
        Font size of each line (any unit, same for all).
    strokes : sequence of float
        Stroke thickness over font size of each line.
    pitches : sequence of float
        Pitch score (0–1) of each line.

    Returns
    -------
    list of list of int
        Groups of indices, each sorted, groups in order of decreasing size.
    """
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and sizes[i] <= sizes[groups[-1][-1]] * (1.0 + _SIZE_LINK):
            groups[-1].append(i)
        else:
            groups.append([i])
    styles: list[list[int]] = []
    for group in groups:
        mono = [i for i in group if pitches[i] > _MONO_PITCH]
        prose = [i for i in group if pitches[i] <= _MONO_PITCH]
        for part in (mono, prose):
            styles.extend(_split_by_weight(part, strokes))
    styles = [sorted(s) for s in styles if s]
    styles.sort(key=lambda s: -sum(sizes[i] for i in s) / len(s))
    return styles


def _split_by_weight(indices: list[int], strokes: Sequence[float]) -> list[list[int]]:
    """Split at the widest gap in stroke ratio when it exceeds `_WEIGHT_SPLIT`."""
    if len(indices) < 2:
        return [indices]
    ranked = sorted(indices, key=lambda i: strokes[i])
    gaps = [strokes[ranked[k + 1]] / max(strokes[ranked[k]], 1e-9) for k in range(len(ranked) - 1)]
    widest = max(range(len(gaps)), key=lambda k: gaps[k])
    if gaps[widest] < _WEIGHT_SPLIT:
        return [indices]
    return _split_by_weight(ranked[: widest + 1], strokes) + _split_by_weight(
        ranked[widest + 1 :], strokes
    )


def name_styles(
    sizes: Sequence[float], weights: Sequence[int], usage: Sequence[float]
) -> list[str]:
    """Name styles display, heading-1…n, body, small, caption by size, weight and use.

    Parameters
    ----------
    sizes : sequence of float
        CSS px size of each style.
    weights : sequence of int
        CSS weight of each style.
    usage : sequence of float
        How much text each style sets (e.g. total ink width in em): the body is the most used
        regular style of reading size.

    Returns
    -------
    list of str
        One unique name per style, in input order.
    """
    count = len(sizes)
    if count == 0:
        return []
    # Reading sizes 12–20 CSS px; among them the regular-weight style that sets the most text.
    readable = [i for i in range(count) if 12.0 <= sizes[i] <= 20.0 and weights[i] <= 500]
    pool = readable or list(range(count))
    body = max(pool, key=lambda i: usage[i])
    names = [""] * count
    names[body] = "body"
    larger = [
        i
        for i in range(count)
        if i != body and (sizes[i] > sizes[body] * 1.04 or weights[i] > weights[body] + 100)
    ]
    larger.sort(key=lambda i: (-sizes[i], -weights[i]))
    level = 1
    for rank, i in enumerate(larger):
        if rank == 0 and sizes[i] >= _DISPLAY_MIN_PX and len(larger) > 1:
            names[i] = "display"
        else:
            names[i] = f"heading-{level}"
            level += 1
    rest = [i for i in range(count) if not names[i]]
    smaller = sorted(rest, key=lambda i: (-sizes[i], -weights[i]))
    for rank, i in enumerate(smaller):
        if rank == len(smaller) - 1 and rank > 0:
            names[i] = "caption"
        elif rank == 0:
            names[i] = "small" if sizes[i] < sizes[body] * 0.96 else "body-2"
        else:
            names[i] = f"small-{rank + 1}"
    return names


def fit_ratio(sizes: Sequence[float], base: float) -> tuple[str, float, float] | None:
    """The modular ratio that places every size on a step from `base`, if one does.

    Parameters
    ----------
    sizes : sequence of float
        Distinct CSS px sizes of the scale (at least three).
    base : float
        The body size, step 0.

    Returns
    -------
    (name, ratio, error) or None
        The named ratio whose steps fit every size within 6 % (or 1 px) and within a quarter of
        a step, preferring the ratio
        with the fewest steps in total (the largest that fits), and the worst relative error;
        None when fewer than three sizes or no ratio fits.
    """
    if len(sizes) < 3 or base <= 0:
        return None
    best: tuple[int, float, str, float] | None = None
    for name, ratio in RATIOS:
        steps = [round(math.log(s / base) / math.log(ratio)) for s in sizes]
        if len(set(steps)) != len(steps):
            continue
        errors = [abs(s - base * ratio**k) / s for s, k in zip(sizes, steps, strict=True)]
        # Within the tolerance, but also within a quarter step: small ratios fit any size
        # within half their step, which says nothing.
        limit = (ratio - 1.0) / 4.0
        if any(
            e > min(limit, max(_RATIO_TOLERANCE, 1.0 / s))
            for e, s in zip(errors, sizes, strict=True)
        ):
            continue
        key = (sum(abs(k) for k in steps), max(errors), name, ratio)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:
        return None
    return best[2], best[3], round(best[1], 4)
