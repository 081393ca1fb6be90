"""Text tiers: body text below an emphasis colour (Bootstrap, Pico) and above a muted one."""

import numpy as np

from copy_that.analysis.model import Layout, TextLine
from copy_that.extract._color_roles import ColorFacts, assign_roles
from copy_that.imaging import oklab_from_srgb, oklch_from_oklab

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
DARK_PAGE: RGB = (33, 37, 41)  # Bootstrap's dark body background
BUTTON: RGB = (13, 110, 253)  # a primary button fill


def _facts(srgb8: RGB, *, stroke_px: int = 0, area_px: int = 0) -> ColorFacts:
    lightness, chroma, hue = oklch_from_oklab(oklab_from_srgb(np.array(srgb8) / 255.0))
    paper = area_px > 0
    return ColorFacts(
        srgb8=srgb8,
        oklch=(float(lightness), float(chroma), float(hue)),
        share=0.9 if paper else 0.01,
        stroke_px=stroke_px,
        line_px=0,
        area_px=area_px,
        perimeter_share=1.0 if paper else 0.0,
        flat=True,
    )


def _page(paper: RGB, texts: list[tuple[RGB, int]]) -> tuple[list[ColorFacts], dict]:
    """A page of `paper` with text colours written on it, `(colour, stroke px)` each."""
    facts = [_facts(paper, area_px=900_000)]
    facts += [_facts(colour, stroke_px=px) for colour, px in texts]
    pairs = {(k, 0): px for k, (_, px) in enumerate(texts, start=1)}
    return facts, pairs


def _text(facts: list[ColorFacts], pairs: dict, layout: Layout | None = None) -> RGB:
    roles = assign_roles(facts, pairs, layout=layout)
    return facts[roles["text"].index].srgb8


def _muted(facts: list[ColorFacts], pairs: dict) -> RGB:
    return facts[assign_roles(facts, pairs)["text-muted"].index].srgb8


def test_body_text_below_an_emphasis_tier_with_more_characters():
    # Bootstrap's light theme: table cells in the emphasis colour (#000) hold the most
    # characters, headings and labels the body colour (#212529), card subtitles the secondary
    # one. Contrast 21, 15.4 and 6.7:1: the top two are close, the third far below.
    emphasis, body, muted = (0, 0, 0), (33, 37, 41), (89, 92, 95)
    facts, pairs = _page(WHITE, [(emphasis, 1300), (body, 1100), (muted, 600)])

    def lines(colour: RGB, rows: int, y0: int) -> list[TextLine]:
        return [
            TextLine((100, y0 + 24 * k, 600, 15), y0 + 12.0 + 24 * k, colour, WHITE, confidence=1.0)
            for k in range(rows)
        ]

    layout = Layout(
        width_px=1200,
        height_px=900,
        text_lines=(*lines(emphasis, 5, 0), *lines(body, 3, 200), *lines(muted, 2, 400)),
        background=WHITE,
    )
    assert _text(facts, pairs, layout) == body
    assert _text(facts, pairs) == body
    assert _muted(facts, pairs) == muted


def test_body_text_below_an_emphasis_tier_on_a_dark_page():
    # Bootstrap's dark theme: #fff emphasis 15.4:1, #dee2e6 body 11.9:1, secondary 7.2:1.
    body = (222, 226, 230)
    facts, pairs = _page(DARK_PAGE, [(WHITE, 1400), (body, 1000), ((174, 178, 182), 600)])
    assert _text(facts, pairs) == body


def test_body_and_two_muted_tiers_keep_the_strongest_as_text():
    # Body 16:1, muted 7:1, a fainter muted 4.6:1: the second tier sits nearer the third than
    # the first, so these are body, muted and fainter muted, not emphasis, body and muted.
    body, fainter = (33, 33, 33), (117, 117, 117)
    facts, pairs = _page(WHITE, [(body, 1000), ((89, 89, 89), 1500), (fainter, 800)])
    assert _text(facts, pairs) == body
    assert _muted(facts, pairs) == fainter


def test_faint_text_is_no_tier():
    # Placeholders at 1.9:1 below body (15.4:1) and muted (6.7:1) text: two readable tiers, and
    # the strongest is the text.
    body = (33, 37, 41)
    facts, pairs = _page(WHITE, [(body, 1000), ((89, 92, 95), 900), ((190, 190, 190), 900)])
    assert _text(facts, pairs) == body


def test_tiers_are_on_one_paper():
    # White labels on dark buttons (12.8:1) fall between body (15.4:1) and muted (6.7:1) text,
    # but they are written on another paper: no emphasis tier, the strongest is the text.
    body, muted, label, button = (33, 37, 41), (89, 92, 95), (255, 255, 254), (50, 50, 50)
    facts, pairs = _page(WHITE, [(body, 1000), (muted, 900), (label, 900)])
    facts.append(_facts(button, area_px=20_000))
    pairs[(3, len(facts) - 1)] = pairs.pop((3, 0))
    rows = [(body, 0), (muted, 200), (label, 400)]
    layout = Layout(
        width_px=1200,
        height_px=900,
        text_lines=tuple(
            TextLine((100, y0 + 24 * k, 600, 15), y0 + 12.0, colour, WHITE, confidence=1.0)
            for colour, y0 in rows
            for k in range(3)
        ),
        background=WHITE,
    )
    assert _text(facts, pairs, layout) == body


def test_body_text_below_a_close_strong_colour_with_less_text():
    # Bulma's light theme: the strong colour (#2e333d, 12.7:1) on titles and labels, the body
    # colour (#404654, 9.4:1) on most of the text, no muted tier. 1.34x apart, the two are
    # emphasis and body; the one carrying more of the text is the body.
    strong, body = (46, 51, 61), (64, 70, 84)
    facts, pairs = _page(WHITE, [(strong, 1700), (body, 900)])
    rows = [(strong, 0, 2), (body, 200, 4)]
    layout = Layout(
        width_px=1200,
        height_px=900,
        text_lines=tuple(
            TextLine((100, y0 + 24 * k, 600, 15), y0 + 12.0, colour, WHITE, confidence=1.0)
            for colour, y0, count in rows
            for k in range(count)
        ),
        background=WHITE,
    )
    assert _text(facts, pairs, layout) == body


def test_close_strong_colour_with_more_text_is_the_body():
    # Two close tiers where the stronger carries more of the text: it is the body text.
    body, lighter = (46, 51, 61), (64, 70, 84)
    facts, pairs = _page(WHITE, [(body, 1500), (lighter, 900)])
    assert _text(facts, pairs) == body


def test_muted_copy_a_clear_step_below_is_not_body_however_much_of_it():
    # Body 14.9:1 and muted 7.5:1 copy (2x below) with more of the text: the muted tier, not a
    # lighter body.
    body, muted = (40, 40, 40), (85, 85, 85)
    facts, pairs = _page(WHITE, [(body, 900), (muted, 1500)])
    assert _text(facts, pairs) == body
    assert _muted(facts, pairs) == muted


def test_text_lines_read_a_little_off_their_palette_colour_still_vote():
    # JPEG ringing darkens thin glyph interiors: Bootstrap's body text, #252629 in the palette,
    # reads #1c1c1c in its lines (CIEDE2000 3.8). The lines still count as characters of that
    # colour, so the paragraph beats one big heading that holds more ink.
    heading, body, read = (0, 0, 0), (37, 38, 41), (28, 28, 28)
    facts, pairs = _page(WHITE, [(heading, 6000), (body, 2000)])
    lines = (
        TextLine((100, 80, 400, 40), 112.0, heading, WHITE, confidence=0.9),
        *(
            TextLine((100, 160 + 24 * k, 900, 16), 172.0 + 24 * k, read, WHITE, confidence=0.9)
            for k in range(6)
        ),
    )
    layout = Layout(width_px=1200, height_px=800, text_lines=lines, background=WHITE)
    roles = assign_roles(facts, pairs, layout=layout)
    assert facts[roles["text"].index].srgb8 == body
    assert "chars" in roles["text"].reason


def test_the_page_colour_on_buttons_is_no_text_colour():
    # White labels on blue buttons are the page's own white: it is the background, not the
    # muted text, however many characters the buttons hold.
    body = (33, 37, 41)
    facts, pairs = _page(WHITE, [(body, 2000)])
    facts.append(_facts(BUTTON, area_px=20_000))
    pairs[(0, 2)] = 900
    lines = tuple(
        TextLine((100, y0 + 24 * k, 600, 15), y0 + 12.0, colour, paper, confidence=1.0)
        for colour, paper, y0 in ((body, WHITE, 0), (WHITE, BUTTON, 200))
        for k in range(4)
    )
    layout = Layout(width_px=1200, height_px=900, text_lines=lines, background=WHITE)
    roles = assign_roles(facts, pairs, layout=layout)
    assert facts[roles["text"].index].srgb8 == body
    assert roles["background"].index == 0
    assert "text-muted" not in roles


def test_text_in_lines_but_in_no_stroke_pair_is_read_on_the_background():
    # JPEG blurred the body text's strokes into the page, so no stroke pair has it; its lines
    # still show it. Read on the background (11.9:1) it is the body tier between the white
    # emphasis (15.4:1) and the muted grey (7.2:1), not a faint 1:1 colour.
    body, muted = (222, 226, 230), (174, 178, 182)
    facts, pairs = _page(DARK_PAGE, [(WHITE, 1400), (body, 1000), (muted, 600)])
    del pairs[(2, 0)]
    rows = [(WHITE, 0, 4), (body, 200, 4), (muted, 400, 2)]
    layout = Layout(
        width_px=1200,
        height_px=900,
        text_lines=tuple(
            TextLine((100, y0 + 24 * k, 600, 15), y0 + 12.0, colour, DARK_PAGE, confidence=1.0)
            for colour, y0, count in rows
            for k in range(count)
        ),
        background=DARK_PAGE,
    )
    assert _text(facts, pairs, layout) == body
