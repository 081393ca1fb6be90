import pytest

from copy_that.analysis._analyse import _background
from copy_that.analysis._edges import FlatRegions, flat_regions
from copy_that.analysis._halo_fills import split_halo_fills
from tests.unit.analysis._synth import Box, Scene, ShadowSpec, render


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
