"""What an element probably is (card, button, input, chip, icon, text …), from size and content.

Rules on sizes in CSS px (image px / DPR), shape, fill, border and children. They name the
element for people reading the layout; no measurement depends on them except that spacing treats
text differently (its box is the ink, not the line box).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from copy_that.analysis.model import ElementKind

__all__ = ["BoxFacts", "InkFacts", "box_kind", "ink_kind"]

# Controls (buttons, inputs, chips) are at most this tall, CSS px (a large 56-px input plus slack).
_CONTROL_MAX_H_CSS = 64.0
# Chips and badges: at most this tall, CSS px.
_CHIP_MAX_H_CSS = 28.0
# An input is at least this many times as wide as tall.
_INPUT_MIN_ASPECT = 3.0
# Text left of this share of an input's width counts as left-aligned (a placeholder).
_LEFT_ALIGNED_SHARE = 0.25
# Cards are at least this large on both sides, CSS px.
_CARD_MIN_CSS = 48.0
# Rules are at most this thick, CSS px, and at least `_RULE_MIN_ASPECT` times as long.
_RULE_MAX_CSS = 3.0
_RULE_MIN_ASPECT = 8.0
# Icons: between these heights, CSS px, and roughly square.
_ICON_H_CSS = (8.0, 64.0)
_ICON_ASPECT = (0.5, 2.0)
# An icon is one shape, or two (a shape and a detached dot or badge).
_ICON_MAX_PIECES = 2
# Pictures: at least this large on both sides, CSS px, and mostly ink.
_IMAGE_MIN_CSS = 32.0
_IMAGE_MIN_INK = 0.6
# Round avatars at least this large are pictures; smaller round dots are icons.
_AVATAR_MIN_CSS = 24.0


@dataclass(frozen=True)
class BoxFacts:
    """What `box_kind` looks at for a measured box.

    Sizes are CSS px; `child_boxes` are ``(x, y, w, h)`` relative to the box's top-left corner.
    """

    width_css: float
    height_css: float
    round: bool
    pill: bool
    bordered: bool
    fill_matches_outside: bool
    touches_image_edge: bool
    child_boxes: Sequence[tuple[float, float, float, float]]
    child_is_text: Sequence[bool]


@dataclass(frozen=True)
class InkFacts:
    """What `ink_kind` looks at for an ink blob (sizes in CSS px)."""

    width_css: float
    height_css: float
    pieces: int
    ink_share: float


def box_kind(facts: BoxFacts) -> ElementKind:
    """Name a measured box."""
    w, h = facts.width_css, facts.height_css
    if min(w, h) <= _RULE_MAX_CSS and max(w, h) >= _RULE_MIN_ASPECT * min(w, h):
        return "divider"
    if facts.round and not facts.child_boxes:
        return "image" if w >= _AVATAR_MIN_CSS else "icon"
    has_text = any(facts.child_is_text)
    if h <= _CONTROL_MAX_H_CSS and has_text and not facts.touches_image_edge:
        if h <= _CHIP_MAX_H_CSS and (facts.pill or w <= 4.0 * h):
            return "chip"
        text_left = min(
            b[0] for b, t in zip(facts.child_boxes, facts.child_is_text, strict=True) if t
        )
        if (
            facts.bordered
            and w >= _INPUT_MIN_ASPECT * h
            and text_left <= _LEFT_ALIGNED_SHARE * w
            and facts.fill_matches_outside
        ):
            return "input"
        return "button"
    if w >= _CARD_MIN_CSS and h >= _CARD_MIN_CSS and facts.child_boxes:
        return "container" if facts.touches_image_edge else "card"
    if facts.child_boxes:
        return "container"
    return "unknown"


def ink_kind(facts: InkFacts) -> ElementKind:
    """Name an ink blob."""
    w, h = facts.width_css, facts.height_css
    if min(w, h) <= _RULE_MAX_CSS and max(w, h) >= _RULE_MIN_ASPECT * min(w, h):
        return "divider"
    if w >= _IMAGE_MIN_CSS and h >= _IMAGE_MIN_CSS and facts.ink_share >= _IMAGE_MIN_INK:
        return "image"
    aspect = w / max(h, 1e-6)
    if (
        facts.pieces <= _ICON_MAX_PIECES
        and _ICON_H_CSS[0] <= h <= _ICON_H_CSS[1]
        and _ICON_ASPECT[0] <= aspect <= _ICON_ASPECT[1]
    ):
        return "icon"
    return "text"
