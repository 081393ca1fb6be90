"""Role assignment from colour facts: which colour is the body text, with and without a layout."""

import numpy as np

from copy_that.analysis.model import Layout, TextLine
from copy_that.extract._color_roles import ColorFacts, assign_roles
from copy_that.imaging import oklab_from_srgb, oklch_from_oklab

WHITE = (255, 255, 255)
HEADING = (17, 24, 39)  # #111827, darkest
BODY = (55, 65, 81)  # #374151
MUTED = (107, 114, 128)  # #6b7280


def _facts(
    srgb8: tuple[int, int, int], *, share: float, stroke_px: int, area_px: int, perimeter: float
) -> ColorFacts:
    lightness, chroma, hue = oklch_from_oklab(oklab_from_srgb(np.array(srgb8) / 255.0))
    return ColorFacts(
        srgb8=srgb8,
        oklch=(float(lightness), float(chroma), float(hue)),
        share=share,
        stroke_px=stroke_px,
        line_px=0,
        area_px=area_px,
        perimeter_share=perimeter,
        flat=True,
    )


def _page(heading_px: int, body_px: int, muted_px: int) -> tuple[list[ColorFacts], dict]:
    facts = [
        _facts(WHITE, share=0.9, stroke_px=0, area_px=900_000, perimeter=1.0),
        _facts(HEADING, share=0.01, stroke_px=heading_px, area_px=0, perimeter=0.0),
        _facts(BODY, share=0.01, stroke_px=body_px, area_px=0, perimeter=0.0),
        _facts(MUTED, share=0.01, stroke_px=muted_px, area_px=0, perimeter=0.0),
    ]
    pairs = {(1, 0): heading_px, (2, 0): body_px, (3, 0): muted_px}
    return facts, pairs


def test_main_text_is_the_highest_contrast_well_used_colour():
    # More muted copy than main text (a form's descriptions and placeholders): the main text
    # is still the darker one, and the grey is the muted text.
    facts, _ = _page(heading_px=0, body_px=1500, muted_px=3000)
    roles = assign_roles(facts[:1] + facts[2:], {(1, 0): 1500, (2, 0): 3000})
    assert roles["text"].index == 1
    assert roles["text-muted"].index == 2
    assert 0.0 < roles["text"].confidence < 1.0


def test_rare_text_colour_is_not_the_main_one_however_dark():
    # The heading colour has the most contrast but is a sliver of the text: it is not body text.
    facts, pairs = _page(heading_px=200, body_px=3000, muted_px=0)
    pairs.pop((3, 0))
    roles = assign_roles(facts[:3], pairs)
    assert roles["text"].index == 2


def test_layout_lines_count_characters_not_ink():
    # One tall heading line holds more ink than the paragraph's thin strokes, but far fewer
    # characters: with the layout's text lines, the paragraph colour is the text colour.
    facts, pairs = _page(heading_px=6000, body_px=2000, muted_px=0)
    pairs.pop((3, 0))
    body = [
        TextLine((100, 160 + 24 * k, 900, 16), 172.0 + 24 * k, BODY, WHITE, confidence=0.9)
        for k in range(6)
    ]
    lines = (TextLine((100, 80, 400, 40), 112.0, HEADING, WHITE, confidence=0.9), *body)
    layout = Layout(width_px=1200, height_px=800, text_lines=lines, background=WHITE)
    assert assign_roles(facts[:3], pairs)["text"].index == 1  # pixels alone: the heading
    roles = assign_roles(facts[:3], pairs, layout=layout)
    assert roles["text"].index == 2
    assert "chars" in roles["text"].reason
