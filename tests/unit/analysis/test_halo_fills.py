import numpy as np
import pytest

from copy_that.analysis import analyse
from copy_that.analysis._analyse import _background
from copy_that.analysis._edges import FlatRegions, flat_regions
from copy_that.analysis._halo_fills import split_halo_fills
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, image_of, render


def _split(scene: Scene, *, lossy: bool = False) -> tuple[FlatRegions, FlatRegions, frozenset[int]]:
    """The regions before and after, and the halo fills' ids."""
    rgb = render(scene)
    regions = flat_regions(rgb)
    split, halo = split_halo_fills(rgb, regions, _background(regions), lossy=lossy)
    return regions, split, halo


def _white_on_white(card: Box) -> Scene:
    return Scene(320, 240, background=(255, 255, 255), boxes=(card,))


def _card(*shadows: ShadowSpec, border: float = 0.0) -> Box:
    return Box(
        40, 40, 200, 120, (255, 255, 255), radius=8, border=border,
        border_color=(200, 200, 200), shadows=shadows,
    )  # fmt: skip


def test_a_card_a_faint_ring_joins_to_the_page_gets_its_own_region() -> None:
    # Raised 2 px with a 3 px blur, the ring above the card is one code value deep: no edge.
    _, split, halo = _split(_white_on_white(_card(ShadowSpec(0, 2, 3, 0, 0.15))))
    (label,) = halo
    assert split.labels[100, 140] == label
    assert split.labels[5, 5] != label
    # The card spans (40, 40)-(240, 160): its sides end a px short where the ring is steep enough
    # to be an edge (the edge band), and exactly at the top, where it is not.
    x, y, w, h, _ = split.stats[label]
    assert (x, y, x + w, y + h) == (41, 40, 239, 159)
    assert split.colors[label].tolist() == [255, 255, 255]


def test_a_card_the_edge_map_cut_out_is_marked_in_place() -> None:
    regions, split, halo = _split(_white_on_white(_card(ShadowSpec(0, 1, 3, 0, 0.12))))
    assert split is regions
    assert halo == frozenset({int(regions.labels[100, 140])})


@pytest.mark.parametrize(
    "card",
    [_card(), _card(border=1)],
    ids=["nothing outlines it", "a border steps straight back"],
)
def test_no_halo_fill_without_a_fading_ring(card: Box) -> None:
    _, _, halo = _split(_white_on_white(card))
    assert halo == frozenset()


def test_lossy_images_have_none() -> None:
    _, _, halo = _split(_white_on_white(_card(ShadowSpec(0, 2, 3, 0, 0.15))), lossy=True)
    assert halo == frozenset()


def test_every_card_of_a_grid_is_one_halo_fill() -> None:
    cards = tuple(
        Box(20 + 70 * col, 20 + 60 * row, 50, 40, (255, 255, 255), radius=4,
            shadows=(ShadowSpec(0, 2, 3, 0, 0.15),))
        for row in range(5)
        for col in range(6)
    )  # fmt: skip
    _, split, halo = _split(Scene(440, 320, background=(255, 255, 255), boxes=cards))
    assert len(halo) == len(cards)
    # Each card's inside is its own region, found once.
    inside = {
        int(split.labels[40 + 60 * row, 45 + 70 * col]) for row in range(5) for col in range(6)
    }
    assert inside == set(halo)


def _bridged_card(dpr: float = 1.0) -> Scene:
    # val-1014 of the shadow validation: #fafafc cards on white under `0 6px 8px -4px`. Beside
    # the card the shadow's ramp runs 255 … 251, 250, 249, 248 and meets the fill at 250: no
    # step of the edge threshold (3) on either flank, so card and page were one flat region.
    card = Box(40, 40, 240, 140, (250, 250, 252), shadows=(ShadowSpec(0, 6, 8, -4, 0.19),))
    return Scene(400, 260, background=(255, 255, 255), boxes=(card,))


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_fill_a_shadows_ramp_joins_to_the_page_gets_its_own_region(dpr: int) -> None:
    rgb = render(_bridged_card(), dpr=dpr)
    regions = flat_regions(rgb)
    background = _background(regions)
    assert regions.labels[100 * dpr, 160 * dpr] == background
    split, halo = split_halo_fills(rgb, regions, background, lossy=False)
    (label,) = halo
    assert split.labels[100 * dpr, 160 * dpr] == label
    assert split.labels[5, 5] == background
    assert split.colors[label].tolist() == [250, 250, 252]
    # Its flanks end exactly at the card's; the top one an edge band short of it.
    x, y, w, h, _ = split.stats[label]
    assert (x, y + h) == (40 * dpr, 180 * dpr - 1)
    assert x + w == 280 * dpr


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_bridged_fill_is_measured_to_the_pixel(dpr: int) -> None:
    layout = analyse(image_of(_bridged_card(), dpr=dpr), dpr=dpr, text_lines=False)
    assert [e.box for e in layout.elements if e.is_box] == [
        (40 * dpr, 40 * dpr, 240 * dpr, 140 * dpr)
    ]


def test_a_shadows_plateau_around_a_card_is_no_fill() -> None:
    # A ramp from the page (255) down to 246, ten px of 246 all round a card, and the card: the
    # plateau is one exact colour joined to the page, but a ring, not a fill.
    rgb = np.full((200, 300, 3), 255, dtype=np.uint8)
    for step in range(10):
        rgb[20 + step : 180 - step, 20 + step : 280 - step] = 255 - step
    rgb[40:160, 40:260] = (40, 90, 200)
    regions = flat_regions(rgb)
    background = _background(regions)
    split, halo = split_halo_fills(rgb, regions, background, lossy=False)
    assert split is regions
    assert halo == frozenset()


def test_the_bands_of_a_gradient_page_are_no_fills() -> None:
    rows = np.repeat(np.linspace(255, 245, 240).round().astype(np.uint8), 320)
    rgb = np.repeat(rows.reshape(240, 320, 1), 3, axis=2)
    regions = flat_regions(rgb)
    split, halo = split_halo_fills(rgb, regions, _background(regions), lossy=False)
    assert split is regions
    assert halo == frozenset()


def _faint_card(*shadows: ShadowSpec) -> Scene:
    """val-1003 of the shadow validation: `#fafafc` cards on a `#fafafa` page, 2 code values off
    in blue (within the edge threshold), raised by `0 8px 12px -4px` black at 12 %."""
    card = Box(40, 40, 240, 140, (250, 250, 252), radius=8, shadows=shadows)
    return Scene(400, 260, background=(250, 250, 250), boxes=(card,))


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_fill_within_the_threshold_of_the_page_is_found_by_its_shadow(dpr: int) -> None:
    image = image_of(_faint_card(ShadowSpec(0, 8, 12, -4, 0.12)), dpr=dpr)
    layout = analyse(image, dpr=dpr, text_lines=False)
    assert [e.box for e in layout.elements if e.is_box] == [
        (40 * dpr, 40 * dpr, 240 * dpr, 140 * dpr)
    ]


def test_a_fill_within_the_threshold_of_the_page_without_a_shadow_is_none() -> None:
    # Two code values in blue: nothing shows where it is but a shadow.
    rgb = render(_faint_card())
    regions = flat_regions(rgb)
    split, halo = split_halo_fills(rgb, regions, _background(regions), lossy=False)
    assert split is regions
    assert halo == frozenset()
