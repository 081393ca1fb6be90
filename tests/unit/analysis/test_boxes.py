from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.analysis._boxes import BoxFit, _borders, _dedupe
from copy_that.analysis._sides import SideScan
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
