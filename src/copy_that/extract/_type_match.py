"""Which face a group of text lines is set in: family, generic class, weight and font size.

Every installed face is a hypothesis. Its exact height ratios turn the measured x-height, capital
height and descender into a font size and a height misfit; the face is then drawn at that size with
the
recognised text (or a stock sample) and measured by the same code as the image, and the stroke
thickness, serif feet, character pitch and (with recognised text) the ink width are compared.
The squared, noise-scaled differences add up to a cost; ``exp(-cost / 2)`` weighs the faces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from copy_that.extract._type_fonts import FontFace, Generic
from copy_that.extract._type_metrics import LineMetrics, measure_coverage
from copy_that.extract._type_render import SAMPLE_TEXT, render_ink

__all__ = ["FaceMatch", "fit_em", "match_face"]

# Typical measurement noise of each compared quantity (one standard deviation), found on
# Chromium-rendered DejaVu and Liberation text at 10–72 px:
# a measured height, px and share (hinting rounds heights to whole pixels; glyph mixes vary) …
_HEIGHT_NOISE_PX = 0.45
_HEIGHT_NOISE_SHARE = 0.015
# … log ratio of stroke thickness (regular to bold is about log 1.5 = 0.4) …
_STROKE_NOISE = 0.09
# … difference of foot ratios (serif faces read 0.3–0.5 higher than sans faces) …
_FOOT_NOISE = 0.3
# … difference of pitch scores (monospaced text scores above 0.9, proportional below 0.6) …
_PITCH_NOISE = 0.15
# … below this many letters the pitch score is chance and is not compared …
_MIN_PITCH_LETTERS = 10
# Pitch scores (with enough letters) that rule out monospaced faces, or all others: the low end
# of proportional text, and past the high end of proportional text by more than a noise width.
_PROPORTIONAL_PITCH = 0.5
_MONOSPACED_PITCH = 0.97
# … one minus the correlation of the ink with the same text drawn and stretched to its width …
_SHAPE_NOISE = 0.06
# … and log ratio of the ink width of the same text (faces differ by 5–15 %).
_WIDTH_NOISE = 0.03
# Faces whose height misfit alone costs more than this over the best are not drawn.
_PREFILTER_COST = 25.0
# At most this many faces are drawn per match (drawing is the expensive part).
_MAX_DRAWN = 16
# A named family is reported only with recognised text and this probability.
_MIN_FAMILY_PROBABILITY = 0.6


@dataclass(frozen=True)
class FaceMatch:
    """The face that best explains a group of lines.

    Parameters
    ----------
    face : FontFace or None
        The most probable face, None when no face was available.
    family : str or None
        Named family, reported when it is probable enough (see ``family_confidence``).
    family_confidence : float
        0–1 probability of ``face.family`` among the installed families.
    generic : Generic
        Most probable generic class.
    generic_confidence : float
        0–1 probability of ``generic``.
    weight : int
        CSS weight 100–900 of the most probable face of the best family.
    weight_confidence : float
        0–1 share of the family's probability held by faces of that weight.
    letter_spacing_px : float or None
        Extra advance per character in image px, from the ink width of recognised text against
        the same text drawn in the face; None without recognised text.
    width_scale : float or None
        Observed ink width of the recognised text over its width drawn at the fitted size: the
        size correction that explains the width without letter spacing. None without text.
    ranking : tuple of (str, float)
        Families with their probabilities, best first (evidence).
    """

    face: FontFace | None
    family: str | None
    family_confidence: float
    generic: Generic
    generic_confidence: float
    weight: int
    weight_confidence: float
    letter_spacing_px: float | None
    width_scale: float | None
    ranking: tuple[tuple[str, float], ...]


def fit_em(metrics: LineMetrics, face: FontFace) -> tuple[float, float]:
    """Font size (em, image px) that best explains the measured heights in `face`.

    Parameters
    ----------
    metrics : LineMetrics
        Measured heights of one line.
    face : FontFace
        Candidate face with its height ratios.

    Returns
    -------
    em_px : float
        Weighted least-squares font size; 0 when the line has no usable height.
    chi2 : float
        Sum of the squared height residuals over their noise at that size.

    Notes
    -----
    A "tall" height mixes capitals and ascenders, so it is compared with the interval between
    the face's capital height and ascender rather than with either. Each height's noise is
    `_HEIGHT_NOISE_PX` (browsers' hinting rounds heights to whole pixels) plus
    `_HEIGHT_NOISE_SHARE` of the height.
    """
    observed: list[tuple[float, float]] = []
    if metrics.x_height_px is not None:
        observed.append((metrics.x_height_px, face.x_height))
    if metrics.descender_px is not None:
        observed.append((metrics.descender_px, face.descender))
    tall = metrics.tall_px
    low, high = sorted((face.cap_height, face.ascender))
    em = 0.0
    points = list(observed)
    # Two passes: the tall level's ratio depends on the size it is checked against.
    for _ in range(2):
        points = list(observed)
        if tall is not None:
            ratio = (low + high) / 2.0 if em <= 0 else min(max(tall / em, low), high)
            points.append((tall, ratio))
        weights = [1.0 / _height_noise(v) ** 2 for v, _ in points]
        den = sum(w * r * r for (_, r), w in zip(points, weights, strict=True))
        if den <= 0:
            return 0.0, 0.0
        num = sum(w * v * r for (v, r), w in zip(points, weights, strict=True))
        em = num / den
    chi2 = sum(((v - em * r) / _height_noise(v)) ** 2 for v, r in points)
    return em, chi2


def _height_noise(height_px: float) -> float:
    return float(np.hypot(_HEIGHT_NOISE_PX, _HEIGHT_NOISE_SHARE * height_px))


def match_face(
    samples: Sequence[tuple[LineMetrics, str | None]], faces: Sequence[FontFace]
) -> FaceMatch:
    """Weigh every face against the measured lines of one style.

    Parameters
    ----------
    samples : sequence of (LineMetrics, str or None)
        Representative lines of the style with their recognised text (None when not read).
    faces : sequence of FontFace
        Candidate faces (see `system_faces`).

    Returns
    -------
    FaceMatch
        The probabilities of families, generic classes and weights.
    """
    if not faces or not samples:
        return _feature_only(samples)
    faces = _plausible(samples, faces)
    costs = dict.fromkeys(faces, 0.0)
    for metrics, _ in samples:
        for face in faces:
            costs[face] += fit_em(metrics, face)[1]
    best = min(costs.values())
    drawn = sorted((c, i) for i, c in enumerate(costs.values()) if c <= best + _PREFILTER_COST)
    chosen = [faces[i] for _, i in drawn[:_MAX_DRAWN]]
    spacing: dict[FontFace, tuple[float, float]] = {}
    for face in chosen:
        extra, widths = _drawn_cost(samples, face)
        costs[face] += extra
        if widths is not None:
            spacing[face] = widths
    for face in faces:
        if face not in chosen:
            costs[face] = math.inf
    return _summarise(costs, spacing, has_text=any(text for _, text in samples))


def _plausible(
    samples: Sequence[tuple[LineMetrics, str | None]], faces: Sequence[FontFace]
) -> Sequence[FontFace]:
    """The faces worth drawing: monospaced ones only when the pitch does not rule them out.

    With enough letters the character pitch can tell monospaced text (scores above 0.9) from
    proportional text (0.25–0.85 on the benchmark's pages) before anything is drawn; faces of
    the class a clear score rules out would be weighed down by the pitch term anyway, so drawing
    them is wasted time.
    """
    counted = [m.pitch_score for m, _ in samples if m.letter_count >= _MIN_PITCH_LETTERS]
    if not counted:
        return faces
    pitch = sum(counted) / len(counted)
    if pitch < _PROPORTIONAL_PITCH:
        keep = [f for f in faces if f.generic != "monospace"]
    elif pitch > _MONOSPACED_PITCH:
        keep = [f for f in faces if f.generic == "monospace"]
    else:
        return faces
    return keep or faces


def _drawn_cost(
    samples: Sequence[tuple[LineMetrics, str | None]], face: FontFace
) -> tuple[float, tuple[float, float] | None]:
    """Cost of `face` from drawing the samples in it, and (letter spacing px, width scale)."""
    cost = 0.0
    tracking: list[float] = []
    scales: list[float] = []
    for metrics, text in samples:
        em, _ = fit_em(metrics, face)
        if em <= 0:
            continue
        reference = measure_coverage(render_ink(face, text or SAMPLE_TEXT, em))
        if reference is None:
            continue
        if reference.stroke_px > 0 and metrics.stroke_px > 0:
            cost += (math.log(metrics.stroke_px / reference.stroke_px) / _STROKE_NOISE) ** 2
        if metrics.letter_count >= _MIN_PITCH_LETTERS:
            cost += ((metrics.pitch_score - reference.pitch_score) / _PITCH_NOISE) ** 2
        foot_noise = _FOOT_NOISE if text else 2.0 * _FOOT_NOISE
        cost += ((metrics.foot_ratio - reference.foot_ratio) / foot_noise) ** 2
        if text:
            cost += (_shape_distance(metrics, reference, em) / _SHAPE_NOISE) ** 2
        if text and reference.ink_width_px > 0 and len(text) > 1:
            gap = (metrics.ink_width_px - reference.ink_width_px) / (len(text) - 1)
            tracking.append(gap)
            scales.append(metrics.ink_width_px / reference.ink_width_px)
            # Letter spacing is free to differ; what is left after it is the face's shape.
            width = math.log(metrics.ink_width_px / reference.ink_width_px)
            cost += (width / _WIDTH_NOISE) ** 2 * _width_weight(gap, em)
    if not tracking:
        return cost, None
    return cost, (sum(tracking) / len(tracking), sum(scales) / len(scales))


def _shape_distance(observed: LineMetrics, reference: LineMetrics, em_px: float) -> float:
    """One minus the correlation of two lines' ink, aligned on baseline and ink extent.

    Both are cut from 0.85 em above to 0.3 em below their baselines and between their first
    and last inked columns; the reference is resampled onto the observed grid, so letter
    spacing does not count here (the width term judges it).
    """
    crops = []
    for line in (observed, reference):
        cover = line.ink.coverage
        top = round(line.baseline_y - 0.85 * em_px)
        bottom = round(line.baseline_y + 0.3 * em_px)
        columns = np.flatnonzero((cover >= 0.5).any(axis=0))
        if columns.size == 0:
            return 1.0
        padded = np.pad(cover, ((max(0, -top), max(0, bottom - cover.shape[0])), (0, 0)))
        shift = max(0, -top)
        crops.append(padded[top + shift : bottom + shift, columns[0] : columns[-1] + 1])
    target, moving = crops
    if target.size == 0 or moving.size == 0:
        return 1.0
    resized = cv2.resize(moving, (target.shape[1], target.shape[0]), interpolation=cv2.INTER_AREA)
    a = target - target.mean()
    b = resized - resized.mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return 1.0 - float((a * b).sum()) / norm if norm > 0 else 1.0


def _width_weight(gap_px: float, em_px: float) -> float:
    """How much of a width difference counts against a face rather than as letter spacing.

    Designers set tracking in small steps (±0.05 em is common, more is rare), so a width gap of
    a few hundredths of an em per character is mostly spacing; wider gaps mean another face.
    """
    share = abs(gap_px) / max(em_px, 1e-6)
    return min(1.0, share / 0.05)


def _summarise(
    costs: dict[FontFace, float], spacing: dict[FontFace, tuple[float, float]], *, has_text: bool
) -> FaceMatch:
    finite = {f: c for f, c in costs.items() if math.isfinite(c)}
    low = min(finite.values())
    weights = {f: math.exp(-(c - low) / 2.0) for f, c in finite.items()}
    total = sum(weights.values())
    prob = {f: w / total for f, w in weights.items()}
    families: dict[str, float] = {}
    generics: dict[Generic, float] = {}
    for face, p in prob.items():
        families[face.family] = families.get(face.family, 0.0) + p
        generics[face.generic] = generics.get(face.generic, 0.0) + p
    ranking = tuple(sorted(families.items(), key=lambda kv: -kv[1]))
    best_family, family_p = ranking[0]
    generic, generic_p = max(generics.items(), key=lambda kv: kv[1])
    members = {f: p for f, p in prob.items() if f.family == best_family}
    mass = sum(members.values())
    face = max(members, key=lambda f: members[f])
    weight = face.weight
    weight_p = sum(p for f, p in members.items() if f.weight == weight) / mass
    named = has_text and family_p >= _MIN_FAMILY_PROBABILITY
    return FaceMatch(
        face=face,
        family=best_family if named else None,
        family_confidence=round(family_p, 3),
        generic=generic,
        generic_confidence=round(generic_p, 3),
        weight=weight,
        weight_confidence=round(weight_p, 3),
        letter_spacing_px=spacing[face][0] if face in spacing else None,
        width_scale=spacing[face][1] if face in spacing else None,
        ranking=tuple((name, round(p, 3)) for name, p in ranking[:5]),
    )


def _feature_only(samples: Sequence[tuple[LineMetrics, str | None]]) -> FaceMatch:
    """Without candidate faces: the generic class from pitch and serif feet, weight unknown."""
    pitch = sum(m.pitch_score for m, _ in samples) / max(1, len(samples))
    foot = sum(m.foot_ratio for m, _ in samples) / max(1, len(samples))
    generic: Generic = "monospace" if pitch > 0.85 else "serif" if foot > 1.35 else "sans-serif"
    return FaceMatch(
        face=None,
        family=None,
        family_confidence=0.0,
        generic=generic,
        generic_confidence=0.5,
        weight=400,
        weight_confidence=0.0,
        letter_spacing_px=None,
        width_scale=None,
        ranking=(),
    )
