from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.analysis._boxes import BoxFit, _dedupe
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
