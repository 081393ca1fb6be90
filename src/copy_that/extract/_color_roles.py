"""Semantic colour roles from evidence: background, surface, text, primary, borders, status.

Each role is given only when the image shows it, and each choice carries a confidence computed
from how clearly the winner beats the runner-up and how much evidence it has. The evidence per
palette colour (`ColorFacts`) is measured from pixels: where the colour touches the image edge,
how much of it is fill, line or text stroke, and which colours it is written on (`pairs`). A
`Layout`, when given, adds votes: the page background, element fills (cards, inputs → surface;
buttons → primary; dividers → border) and text-line colours.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from copy_that.analysis.model import Layout
from copy_that.colorimetry import WCAG_AA_NORMAL_TEXT, wcag21_ratio
from copy_that.imaging import delta_e_2000_srgb

__all__ = ["ROLE_ORDER", "ColorFacts", "RoleChoice", "assign_roles"]

#: Roles in the order they are decided and listed.
ROLE_ORDER: tuple[str, ...] = (
    "background",
    "surface",
    "text",
    "text-muted",
    "primary",
    "on-primary",
    "secondary",
    "accent",
    "border",
    "success",
    "warning",
    "danger",
)

# Text and lines need at least this many pixels of evidence to count (a short word).
_MIN_TEXT_PX = 12
_MIN_LINE_PX = 24
# Background: the canvas touches the image edge; it must cover at least this part of the edge
# and of the pixels.
_MIN_BACKGROUND_PERIMETER = 0.15
_MIN_BACKGROUND_SHARE = 0.05
# Surface: a large fill close to the background in lightness and nearly neutral (cards, panels).
_MIN_SURFACE_SHARE = 0.01
_MAX_SURFACE_LIGHTNESS_GAP = 0.2
_MAX_NEUTRAL_CHROMA = 0.06
# Text colours are near-neutral; saturated text is a link or a status colour.
_MAX_TEXT_CHROMA = 0.08
# The main text colour is the highest-contrast one among the text colours with at least this
# part of the best evidence: headings and muted copy are both common, body text is never rare.
_TEXT_MAIN_FRACTION = 0.3
# Readable text tiers on one paper (emphasis, body, muted) count from this WCAG ratio: fainter
# text (placeholders, disabled labels) is no tier of its own.
_MIN_TIER_CONTRAST = WCAG_AA_NORMAL_TEXT
# Two text colours within this contrast factor are emphasis and body, never body and muted:
# design systems step muted text about 2x below the body (Tailwind gray-700 -> 500 2.1x,
# Material 87 % -> 60 % black 2.8x, Bootstrap body -> secondary 2.3x), headings 1.2-1.4x above.
_MAX_EMPHASIS_STEP = 1.5
# Text evidence reaching 63 % confidence: 200 px of strokes, or 60 characters (a short line).
_TEXT_EVIDENCE_SCALE = {"px": 200.0, "chars": 60.0}
# A muted text colour has at most this part of the main text's contrast against the same paper,
# and at least this part of the evidence of the best other text colour (so a stray label does
# not count).
_MUTED_CONTRAST_FRACTION = 0.8
_MUTED_MIN_EVIDENCE = 0.25
# Brand colours (primary, secondary, accent) have at least this OKLCH chroma, and a secondary or
# accent colour differs from the ones before it by at least this CIEDE2000.
_MIN_BRAND_CHROMA = 0.06
_MIN_BRAND_DELTA_E = 10.0
# Status colours: clearly chromatic, small in area (badges, messages, icons), hue inside the
# family's core (OKLCH degrees): red 15–40, amber/yellow 55–100, green 135–170.
_MIN_STATUS_CHROMA = 0.1
_MAX_STATUS_SHARE = 0.02
_STATUS_HUES = {"danger": (15.0, 40.0), "warning": (55.0, 100.0), "success": (135.0, 170.0)}
_STATUS_CONFIDENCE_CAP = 0.9
# A layout colour is matched to a palette colour within this CIEDE2000; a layout vote counts as
# this many pixels of evidence for the role it supports.
_LAYOUT_MATCH_DELTA_E = 3.0
# A text line's colour is read from glyph interiors a few pixels wide, which JPEG ringing
# darkens or lightens by up to about this CIEDE2000 (Bootstrap's body text, #252629 in the
# palette of its quality-75 JPEG, reads #1a1a1b-#1e1e1e in its lines: 3.2-4.0); it is matched
# to the nearest palette colour within it.
_TEXT_MATCH_DELTA_E = 5.0
_LAYOUT_VOTE_PX = 500


@dataclass(frozen=True)
class ColorFacts:
    """What the pixels say about one palette colour.

    Parameters
    ----------
    srgb8 : tuple of 3 ints
        The colour.
    oklch : tuple of 3 floats
        Its OKLCH ``(L, C, h)``.
    share : float
        Fraction of opaque pixels (0–1).
    stroke_px, line_px, area_px : int
        Flat evidence as text strokes, thin long lines, and fills.
    perimeter_share : float
        Fraction of the image's edge pixels that have this colour.
    flat : bool
        Whether the colour was found flat (UI) rather than as a photo cluster.
    """

    srgb8: tuple[int, int, int]
    oklch: tuple[float, float, float]
    share: float
    stroke_px: int
    line_px: int
    area_px: int
    perimeter_share: float
    flat: bool


@dataclass(frozen=True)
class RoleChoice:
    """A role given to a palette colour, with its confidence (0–1) and the reason in words."""

    index: int
    confidence: float
    reason: str


def _margin(best: float, runner_up: float) -> float:
    """Confidence from how clearly `best` beats `runner_up` (0.5 for a tie, 1.0 alone)."""
    if best <= 0.0:
        return 0.0
    return best / (best + max(runner_up, 0.0))


def _saturating(value: float, scale: float) -> float:
    """1 − exp(−value / scale): 0 for no evidence, 0.63 at `scale`, approaching 1."""
    return float(1.0 - np.exp(-value / scale))


def _pick(scores: Mapping[int, float]) -> tuple[int, float, float] | None:
    """(index, best, runner-up) of the highest positive score; ties go to the lower index."""
    ranked = sorted(((s, -i) for i, s in scores.items() if s > 0.0), reverse=True)
    if not ranked:
        return None
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    return -ranked[0][1], ranked[0][0], runner_up


def _give(
    roles: dict[str, RoleChoice],
    role: str,
    scores: Mapping[int, float],
    evidence: Callable[[int, float], float],
    reason: Callable[[int, float], str],
) -> int | None:
    """Give `role` to the best of `scores`; confidence = margin over the runner-up × evidence.

    `evidence(index, best)` rates the winner's evidence in 0–1; `reason(index, best)` says it in
    words. Returns the winner's index, or None when no colour qualifies.
    """
    picked = _pick(scores)
    if picked is None:
        return None
    index, best, runner_up = picked
    roles[role] = RoleChoice(
        index, _margin(best, runner_up) * evidence(index, best), reason(index, best)
    )
    return index


def _layout_votes(
    facts: Sequence[ColorFacts], layout: Layout | None
) -> dict[str, dict[int, float]]:
    """Layout evidence per role: palette index → extra pixels of evidence."""
    votes: dict[str, dict[int, float]] = {}
    if layout is None or not facts:
        return votes
    palette = np.array([f.srgb8 for f in facts], dtype=np.float64) / 255.0

    def vote(
        role: str,
        color: tuple[int, int, int] | None,
        weight: float,
        tolerance: float = _LAYOUT_MATCH_DELTA_E,
    ) -> None:
        if color is None:
            return
        distance = delta_e_2000_srgb(np.array(color) / 255.0, palette)
        index = int(np.argmin(distance))
        if distance[index] <= tolerance:
            votes.setdefault(role, {})
            votes[role][index] = votes[role].get(index, 0.0) + weight

    vote("background", layout.background, _LAYOUT_VOTE_PX)
    for element in layout.elements:
        if element.kind in ("card", "container", "input"):
            vote("surface", element.fill, _LAYOUT_VOTE_PX * element.confidence)
        elif element.kind == "button":
            vote("primary", element.fill, _LAYOUT_VOTE_PX * element.confidence)
        elif element.kind == "divider":
            vote("border", element.fill, _LAYOUT_VOTE_PX * element.confidence)
    for line in layout.text_lines:
        # Characters, not ink: a line's width over its height counts its glyphs whatever the
        # font size, so one large heading does not outvote a paragraph of body text.
        chars = line.box[2] / max(line.box[3], 1)
        vote("text", line.color, chars * line.confidence, _TEXT_MATCH_DELTA_E)
    return votes


def assign_roles(
    facts: Sequence[ColorFacts],
    pairs: Mapping[tuple[int, int], int],
    *,
    layout: Layout | None = None,
) -> dict[str, RoleChoice]:
    """Give roles to palette colours where the evidence shows them.

    Parameters
    ----------
    facts : sequence of ColorFacts
        One per palette colour, in palette order.
    pairs : mapping of (text index, paper index) to int
        Pixels of text strokes of one palette colour written on another.
    layout : Layout, optional
        Structure of the image, for extra votes.

    Returns
    -------
    dict of str to RoleChoice
        Only the roles the image shows, in `ROLE_ORDER`.
    """
    votes = _layout_votes(facts, layout)
    flat = [i for i, f in enumerate(facts) if f.flat]
    roles: dict[str, RoleChoice] = {}

    def extra(role: str, index: int) -> float:
        return votes.get(role, {}).get(index, 0.0)

    # Background: the flat fill that covers most of the image edge.
    background_scores = {
        i: facts[i].perimeter_share + extra("background", i) / _LAYOUT_VOTE_PX
        for i in flat
        if facts[i].share >= _MIN_BACKGROUND_SHARE
        and facts[i].area_px >= facts[i].stroke_px + facts[i].line_px
        and (facts[i].perimeter_share >= _MIN_BACKGROUND_PERIMETER or extra("background", i))
    }
    # Half the edge covered is as clear as it gets; a sliver of it is weak evidence.
    background = _give(
        roles,
        "background",
        background_scores,
        lambda i, _: min(1.0, facts[i].perimeter_share * 2 + 0.5),
        lambda i, _: f"covers {facts[i].perimeter_share:.0%} of the image edge",
    )

    # Surface: a large near-neutral fill close to the background in lightness.
    if background is not None:
        bg_l = facts[background].oklch[0]
        surface_scores = {
            i: facts[i].share + extra("surface", i) / max(1.0, sum(f.area_px for f in facts))
            for i in flat
            if i != background
            and facts[i].share >= _MIN_SURFACE_SHARE
            and facts[i].area_px >= facts[i].stroke_px
            and facts[i].oklch[1] <= _MAX_NEUTRAL_CHROMA
            and abs(facts[i].oklch[0] - bg_l) <= _MAX_SURFACE_LIGHTNESS_GAP
        }
        _give(
            roles,
            "surface",
            surface_scores,
            lambda i, _: _saturating(facts[i].share, 0.05),
            lambda i, _: f"fills {facts[i].share:.0%} of the image near the background's lightness",
        )

    papers = {r.index for k, r in roles.items() if k in ("background", "surface")}
    # Text seen in layout lines but in no stroke pair (JPEG can blur its strokes into their
    # paper) is taken as written on the page background.
    default_paper = background
    text_scores, unit = _text_scores(
        facts, pairs, papers, votes.get("text", {}), flat, default_paper
    )
    text = _give_text(roles, facts, pairs, text_scores, unit, default_paper)

    # Muted text: the lowest-contrast well-used near-neutral text colour on the same paper,
    # clearly below the main text's contrast.
    if text is not None:
        contrast_text = _paper_contrast(facts, pairs, text, default_paper)
        others = [score for i, score in text_scores.items() if i != text]
        floor = _MUTED_MIN_EVIDENCE * max(others, default=0.0)
        muted = {
            i: _paper_contrast(facts, pairs, i, default_paper)
            for i, score in text_scores.items()
            if i != text and score >= floor
        }
        muted = {i: c for i, c in muted.items() if c < _MUTED_CONTRAST_FRACTION * contrast_text}
        if muted:
            index = min(muted, key=lambda i: (muted[i], i))
            roles["text-muted"] = RoleChoice(
                index,
                _margin(text_scores[index], floor)
                * _saturating(text_scores[index], _TEXT_EVIDENCE_SCALE[unit]),
                f"{text_scores[index]:.0f} {unit} of text at contrast {muted[index]:.1f}:1, "
                f"below the main text's {contrast_text:.1f}:1",
            )

    # Primary, then status colours, then secondary and accent: a green "success" message is not
    # taken for a brand colour.
    taken = {r.index for r in roles.values()}
    primary_scores = {
        i: facts[i].area_px + facts[i].stroke_px + extra("primary", i)
        for i in flat
        if i not in taken and facts[i].oklch[1] >= _MIN_BRAND_CHROMA
    }
    primary = _give(
        roles,
        "primary",
        primary_scores,
        lambda _, best: _saturating(best, 500.0),
        lambda _, best: f"the most used saturated colour ({int(best)} px)",
    )
    if primary is not None:
        on_scores = {
            t: float(px)
            for (t, p), px in pairs.items()
            if p == primary and t != primary and px >= _MIN_TEXT_PX
        }
        _give(
            roles,
            "on-primary",
            on_scores,
            lambda _, best: _saturating(best, 100.0),
            lambda _, best: f"{int(best)} px of text written on the primary colour",
        )

    for role, (low, high) in _STATUS_HUES.items():
        status_scores = {
            i: float(facts[i].area_px + facts[i].stroke_px)
            for i in flat
            if i != primary
            and facts[i].oklch[1] >= _MIN_STATUS_CHROMA
            and low <= facts[i].oklch[2] < high
            and facts[i].share <= _MAX_STATUS_SHARE
        }

        def status_reason(_: int, best: float, role: str = role) -> str:
            return f"{int(best)} px of a small saturated {role}-hue colour"

        # Hue alone is weaker evidence than use, so status roles never reach full confidence.
        _give(
            roles,
            role,
            status_scores,
            lambda _, best: _saturating(best, 100.0) * _STATUS_CONFIDENCE_CAP,
            status_reason,
        )

    taken = {r.index for r in roles.values()}
    brands = [primary] if primary is not None else []
    for role in ("secondary", "accent"):
        if primary is None:
            break
        scores = {
            i: float(facts[i].area_px + facts[i].stroke_px)
            for i in flat
            if i not in taken
            and facts[i].oklch[1] >= _MIN_BRAND_CHROMA
            and min(
                float(
                    delta_e_2000_srgb(
                        np.array(facts[i].srgb8) / 255, np.array(facts[b].srgb8) / 255
                    )
                )
                for b in brands
            )
            >= _MIN_BRAND_DELTA_E
        }

        def brand_reason(_: int, best: float, rank: int = len(brands) + 1) -> str:
            return f"saturated colour number {rank} by use ({int(best)} px)"

        chosen = _give(roles, role, scores, lambda _, best: _saturating(best, 500.0), brand_reason)
        if chosen is None:
            break
        brands.append(chosen)
        taken.add(chosen)

    border_scores = {
        i: float(facts[i].line_px) + extra("border", i)
        for i in flat
        if facts[i].line_px >= _MIN_LINE_PX
        and facts[i].line_px >= facts[i].stroke_px + facts[i].area_px
    }
    _give(
        roles,
        "border",
        border_scores,
        lambda _, best: _saturating(best, 300.0),
        lambda _, best: f"{int(best)} px of thin lines",
    )
    return {role: roles[role] for role in ROLE_ORDER if role in roles}


def _text_scores(
    facts: Sequence[ColorFacts],
    pairs: Mapping[tuple[int, int], int],
    papers: set[int],
    line_votes: Mapping[int, float],
    flat: Sequence[int],
    default_paper: int | None,
) -> tuple[dict[int, float], str]:
    """Evidence of each near-neutral colour as text, and its unit (``chars`` or ``px``).

    With layout text lines the evidence is the characters written in the colour (line width
    over height): the strongest evidence, and blind to font size. Without, it is the pixels of
    text strokes written on the background or surface. Either is discounted when the colour is
    too faint to read (below the AA ratio), since faint text is the muted kind. The papers
    themselves are no text colour: text in their colour is on buttons and badges.
    """
    text_px = _text_evidence(facts, pairs)
    chroma_ok = [i for i in flat if i not in papers and facts[i].oklch[1] <= _MAX_TEXT_CHROMA]
    if any(line_votes.get(i, 0.0) > 0.0 for i in chroma_ok):
        raw = {i: line_votes.get(i, 0.0) for i in chroma_ok}
        unit = "chars"
    else:
        raw = {
            i: float(
                sum(px for (t, p), px in pairs.items() if t == i and (p in papers or not papers))
            )
            for i in chroma_ok
            if text_px.get(i, 0) >= _MIN_TEXT_PX
        }
        unit = "px"
    scores = {
        i: score * min(1.0, _paper_contrast(facts, pairs, i, default_paper) / WCAG_AA_NORMAL_TEXT)
        for i, score in raw.items()
        if score > 0.0
    }
    return scores, unit


def _give_text(
    roles: dict[str, RoleChoice],
    facts: Sequence[ColorFacts],
    pairs: Mapping[tuple[int, int], int],
    scores: Mapping[int, float],
    unit: str,
    default_paper: int | None,
) -> int | None:
    """Give ``text`` to the body-text colour among the well-used text colours.

    Body text is the page's main reading colour: of the colours with at least
    `_TEXT_MAIN_FRACTION` of the best evidence, the one with the most contrast against its
    paper, since the lower-contrast ones are the muted kind (descriptions, labels, placeholders)
    however much of the page they fill — unless it is an emphasis tier above the body text
    (`_body_below_emphasis`). Confidence is the margin of its evidence over the strongest other
    candidate times the amount of evidence.
    """
    if not scores:
        return None
    top = max(scores.values())
    candidates = [i for i, score in scores.items() if score >= _TEXT_MAIN_FRACTION * top]
    strongest = max(
        candidates, key=lambda i: (_paper_contrast(facts, pairs, i, default_paper), scores[i], -i)
    )
    body = _body_below_emphasis(facts, pairs, scores, strongest, default_paper)
    index = strongest if body is None else body
    which = (
        "the highest of the well-used text colours"
        if body is None
        else "the body tier below an emphasis colour"
    )
    others = [score for i, score in scores.items() if i != index]
    roles["text"] = RoleChoice(
        index,
        _margin(scores[index], max(others, default=0.0))
        * _saturating(scores[index], _TEXT_EVIDENCE_SCALE[unit]),
        f"{scores[index]:.0f} {unit} of text at contrast "
        f"{_paper_contrast(facts, pairs, index, default_paper):.1f}:1, {which}",
    )
    return index


def _body_below_emphasis(
    facts: Sequence[ColorFacts],
    pairs: Mapping[tuple[int, int], int],
    scores: Mapping[int, float],
    strongest: int,
    default_paper: int | None,
) -> int | None:
    """The body-text colour when `strongest` (or a stronger colour) is an emphasis tier.

    Design systems grade the reading colours on one paper as emphasis (headings, labels, table
    cells: Bootstrap's emphasis colour, Bulma's strong colour, Pico's heading colour), body, and
    muted (secondary copy). The tiers are the readable text colours on `strongest`'s paper with
    the evidence a muted colour needs. With three or more, the second is the body text when it
    sits nearer the first than the third in log contrast (21, 15, 7:1); when it sits nearer the
    third (16, 7, 4.6:1) the tiers are body, muted and a fainter muted. With two, the second is
    the body text when it is within `_MAX_EMPHASIS_STEP` of the first (no muted step) and
    carries more of the text. Otherwise None: `strongest` is the body text.
    """
    paper = _main_paper(pairs, strongest, default_paper)
    floor = _MUTED_MIN_EVIDENCE * max(scores.values())
    contrasts = {
        i: _paper_contrast(facts, pairs, i, default_paper)
        for i, score in scores.items()
        if score >= floor and _main_paper(pairs, i, default_paper) == paper
    }
    tiers = sorted(((c, i) for i, c in contrasts.items() if c >= _MIN_TIER_CONTRAST), reverse=True)
    # The body tier is the strongest well-used colour or the one just below it, never a
    # stronger but rarer colour above it.
    if paper is None or len(tiers) < 2 or strongest not in (tiers[0][1], tiers[1][1]):
        return None
    (first, top), (second, body) = tiers[:2]
    if len(tiers) == 2:
        close = first / second < _MAX_EMPHASIS_STEP
        return body if close and scores[body] > scores[top] else None
    third = tiers[2][0]
    return body if math.log(first / second) < math.log(second / third) else None


def _text_evidence(
    facts: Sequence[ColorFacts], pairs: Mapping[tuple[int, int], int]
) -> dict[int, int]:
    """Stroke evidence of colours that are written on another palette colour."""
    written = {t for (t, p), px in pairs.items() if px >= _MIN_TEXT_PX and t != p}
    return {i: facts[i].stroke_px for i in written}


def _main_paper(
    pairs: Mapping[tuple[int, int], int], text: int, default: int | None = None
) -> int | None:
    """The palette colour `text` is most written on; `default` when it is written on none."""
    papers = [(px, p) for (t, p), px in pairs.items() if t == text and p != text]
    return max(papers)[1] if papers else default


def _paper_contrast(
    facts: Sequence[ColorFacts],
    pairs: Mapping[tuple[int, int], int],
    text: int,
    default: int | None = None,
) -> float:
    """WCAG contrast of `text` against the paper it is most written on (or `default`)."""
    paper = _main_paper(pairs, text, default)
    if paper is None or paper == text:
        return 1.0
    return wcag21_ratio(facts[text].srgb8, facts[paper].srgb8)
