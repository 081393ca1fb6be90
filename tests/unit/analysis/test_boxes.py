import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.ndimage import uniform_filter

from copy_that.analysis import analyse
from copy_that.analysis._boxes import BoxFit, _borders, _dedupe
from copy_that.analysis._sides import SideScan
from copy_that.imaging import Image
from tests.unit.analysis._fits import rect_fit


def _fit(edges: tuple[float, float, float, float], area_px: int) -> BoxFit:
    return rect_fit(edges, area_px=area_px, label=area_px)


def test_a_box_seen_twice_keeps_its_larger_fill() -> None:
    card = _fit((10.0, 10.0, 110.0, 60.0), area_px=4000)
    ring = _fit((11.0, 12.5, 108.5, 61.0), area_px=300)  # within 2.5 px on every side
    inner = _fit((14.0, 14.0, 106.0, 56.0), area_px=3500)  # 4 px in: a box of its own
    assert _dedupe([ring, inner, card], 3.0) == [card, inner]


def test_a_ring_of_a_fills_border_colour_sharing_three_sides_is_that_border() -> None:
    grey = (219.0, 220.0, 221.0)
    card = rect_fit((64.0, 64.0, 384.0, 224.0), area_px=50_000, label=1, border_color=grey)
    # The border ring ran on into the shadow below the card, 8 px past its bottom.
    ring = rect_fit((64.0, 64.0, 384.0, 232.0), fill=grey, area_px=2_000, label=2)
    other = rect_fit((64.0, 64.0, 384.0, 232.0), fill=(37.0, 99.0, 235.0), area_px=2_000, label=3)
    assert _dedupe([ring, card], 3.0) == [card]
    assert _dedupe([other, card], 3.0) == [card, other]


_edge = st.floats(0.0, 40.0, allow_nan=False).map(lambda v: round(v * 4) / 4)


@settings(max_examples=100, deadline=None)
@given(
    boxes=st.lists(
        st.tuples(st.tuples(_edge, _edge, _edge, _edge), st.integers(1, 50)), max_size=25
    )
)
def test_dedupe_keeps_each_box_no_kept_larger_box_repeats(
    boxes: list[tuple[tuple[float, float, float, float], int]],
) -> None:
    fits = [_fit(edges, area) for edges, area in boxes]
    kept: list[BoxFit] = []
    for fit in sorted(fits, key=lambda f: -f.area_px):
        if not any(
            max(abs(a - b) for a, b in zip(fit.edges, k.edges, strict=True)) <= 2.5 for k in kept
        ):
            kept.append(fit)
    assert _dedupe(fits, 3.0) == kept


def _dip(lead: float, behind: float) -> SideScan:
    return SideScan(
        edge_px=1.0,
        fill_color=(255.0, 255.0, 255.0),
        ring_color=None,
        ring_px=0,
        ring_outside_flat=False,
        outside_color=(248.0, 248.0, 248.0),
        lead_color=(lead, lead, lead),
        lead_edge_px=1.0,
        lead_dips=True,
        beyond_lead_color=(behind, behind, behind),
    )


def test_one_colour_before_each_sides_own_shadow_is_a_one_pixel_border() -> None:
    scans: list[SideScan | None] = [_dip(239, 234), _dip(239, 230), _dip(239, 225), _dip(239, 230)]
    bordered, leading = _borders(scans, 3.0, lossy=False)
    assert bordered == [True] * 4
    assert leading == [True] * 4


def test_anti_aliasing_into_each_sides_shadow_is_no_border() -> None:
    # A fill at a fractional position mixes with what lies outside each side: no one colour.
    scans: list[SideScan | None] = [_dip(245, 234), _dip(240, 230), _dip(236, 225), _dip(240, 230)]
    assert _borders(scans, 3.0, lossy=False) == ([False] * 4, [False] * 4)


def test_one_colour_before_one_shadow_all_round_cannot_tell() -> None:
    # The same mix of fill and outside on every side: a border, or a fill a half pixel off.
    scans: list[SideScan | None] = [_dip(239, 230)] * 4
    assert _borders(scans, 3.0, lossy=False) == ([False] * 4, [False] * 4)


def _lone_ring() -> SideScan:
    """A one-pixel ring of 232 with the page flat beyond it: a shadow offset down spares the top."""
    return SideScan(
        edge_px=1.0,
        fill_color=(255.0, 255.0, 255.0),
        ring_color=(232.0, 232.0, 232.0),
        ring_px=1,
        ring_outside_flat=True,
        outside_color=(240.0, 240.0, 242.0),
        lead_color=(232.0, 232.0, 232.0),
        lead_edge_px=1.0,
        beyond_lead_color=(240.0, 240.0, 242.0),
        solid_px=1,
    )


def _lead(lead: float, behind: float, *, dips: bool = False) -> SideScan:
    return dataclasses.replace(_dip(lead, behind), lead_dips=dips)


def test_sides_leading_with_a_lone_rings_colour_into_their_own_shadows_share_its_border() -> None:
    # val-1017 of the shadow validation: `1px solid #e8e8e8` under `0 8px 24px -1px`. Only the
    # top shows a ring; the flanks and the bottom run from 232 into shadows of 230 and 219.
    scans: list[SideScan | None] = [
        _lone_ring(),
        _lead(232, 230),
        _lead(232, 219, dips=True),
        _lead(232, 230),
    ]
    bordered, leading = _borders(scans, 3.0, lossy=False)
    assert bordered == [True] * 4
    assert leading == [False, True, True, True]


def test_a_lone_ring_into_a_shadow_of_its_own_gives_the_border_colour_too() -> None:
    # val-1000: `1px solid #e3e3e5` under `0 3px 24px -1px`, which shows above the card as well:
    # the top ring (227) runs into a shadow of 232, the flanks lead with 227 into 226, the
    # bottom dips into 220. Read before as no border, on a box a pixel short all round.
    top = dataclasses.replace(
        _lone_ring(),
        ring_color=(227.0, 227.0, 227.0),
        ring_outside_flat=False,
        lead_color=(227.0, 227.0, 227.0),
        beyond_lead_color=(232.0, 232.0, 232.0),
    )
    scans: list[SideScan | None] = [
        top,
        _lead(227, 226),
        _lead(227, 220, dips=True),
        _lead(227, 226),
    ]
    assert _borders(scans, 3.0, lossy=False) == ([True] * 4, [False, True, True, True])


def test_a_lone_ring_drifting_after_its_solid_pixel_leads_like_the_other_sides() -> None:
    # A shadow's first pixel glued to a one-pixel border reads as a two-pixel ring that drifts:
    # the ring's side leads too, so every side takes the one-pixel width (`_fit_one`).
    glued = dataclasses.replace(_lone_ring(), ring_px=2, solid_px=1, ring_outside_flat=False)
    scans: list[SideScan | None] = [glued, _lead(232, 230), _lead(232, 219), _lead(232, 230)]
    assert _borders(scans, 3.0, lossy=False) == ([True] * 4, [True] * 4)


def test_a_lone_ring_and_leads_of_one_colour_over_one_shadow_are_no_border() -> None:
    # The first pixels of a halo that is the same all round lead with one colour too.
    scans: list[SideScan | None] = [_lone_ring(), _lead(232, 236), _lead(232, 236), _lead(232, 236)]
    bordered, leading = _borders(scans, 3.0, lossy=False)
    assert bordered == [True, False, False, False]
    assert leading == [False] * 4


def test_a_bordered_card_under_a_browser_shadow_offset_down_keeps_its_border_all_round() -> None:
    # The same card rendered the way Chromium blurs (three box blurs) and composites (1/255
    # steps, truncated): before, the box lost its border on three sides and a pixel of its size.
    mask = np.zeros((260, 360))
    mask[69:187, 81:279] = 1.0  # the card moved 8 px down and shrunk by its 1-px spread
    for _ in range(3):
        mask = uniform_filter(mask, 23, mode="constant")
    alpha = np.floor(round(255 * 0.18) * np.round(255.0 * mask) / 255.0)
    page = np.array([248.0, 249.0, 250.0])
    shade = np.array([15.0, 23.0, 42.0])
    pixels = page + np.floor((shade - page)[None, None, :] * alpha[..., None] / 256.0)
    pixels[60:180, 80:280] = 232.0
    pixels[61:179, 81:279] = 255.0
    layout = analyse(Image.from_array(pixels.astype(np.uint8)), dpr=1, text_lines=False)
    (card,) = (e for e in layout.elements if e.is_box)
    assert card.box == (80, 60, 200, 120)
    assert card.border_px == (1, 1, 1, 1)
