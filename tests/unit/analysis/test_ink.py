import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.analysis import _ink
from copy_that.analysis._boxes import BoxFit
from tests.unit._typeset import draw_lines
from tests.unit.analysis._fits import rect_fit


def _all_pairs(boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.triu_indices(boxes.shape[0], k=1)
    return a.astype(np.intp), b.astype(np.intp)


_piece = st.tuples(
    st.integers(0, 400),  # x
    st.integers(0, 200),  # y
    st.integers(1, 30),  # w
    st.integers(1, 30),  # h
)
# Rules and pictures: far wider (or larger) than the glyphs around them.
_long = st.tuples(
    st.integers(0, 400), st.integers(0, 200), st.integers(60, 900), st.integers(1, 90)
)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(_piece, min_size=1, max_size=60),
    longs=st.lists(_long, max_size=4),
    owners=st.lists(st.integers(0, 2), min_size=64, max_size=64),
)
def test_join_finds_every_pair_an_all_pairs_search_finds(
    pieces: list[tuple[int, int, int, int]],
    longs: list[tuple[int, int, int, int]],
    owners: list[int],
) -> None:
    boxes = np.array([(x, y, x + w, y + h) for x, y, w, h in pieces + longs], dtype=np.int64)
    owner = np.array(owners[: boxes.shape[0]], dtype=np.int64)
    fast = _ink._join(boxes, owner)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ink, "_candidate_pairs", _all_pairs)
        slow = _ink._join(boxes, owner)
    assert np.array_equal(fast, slow)


def test_candidate_pairs_are_unique_and_ordered() -> None:
    glyphs = [(x, 10, x + 8, 22) for x in range(0, 200, 10)]
    rules = [(0, 30, 600, 31), (0, 40, 600, 41), (5, 0, 7, 300)]
    a, b = _ink._candidate_pairs(np.array(glyphs + rules, dtype=np.int64))
    assert np.all(a < b)
    assert len(set(zip(a.tolist(), b.tolist(), strict=True))) == a.size
    # A long rule is a candidate partner of the glyph beside its end, far from its centre.
    rule = len(glyphs)
    assert (0, rule) in set(zip(a.tolist(), b.tolist(), strict=True))


def _page_ink(rgb: np.ndarray) -> list[_ink.InkBlob]:
    from copy_that.analysis._edges import flat_regions

    regions = flat_regions(rgb)
    background = int(np.bincount(regions.labels[0]).argmax())
    return _ink.find_ink(rgb, regions, [], background=background)


def test_a_word_of_pieces_is_one_blob_with_their_median_height() -> None:
    rgb = np.full((60, 120, 3), 255, dtype=np.uint8)
    # Four letters of 10, 16, 12 and 14 px side by side on one baseline, and a far speck.
    for i, h in enumerate((10, 16, 12, 14)):
        rgb[40 - h : 40, 10 + 8 * i : 15 + 8 * i] = 20
    rgb[5, 110] = 20
    (blob,) = _page_ink(rgb)
    assert blob.box == (10, 24, 29, 16)
    assert (blob.owner, blob.pieces) == (-1, 4)
    assert blob.piece_height_px == 13.0
    assert blob.color == (20.0, 20.0, 20.0)


def test_a_blank_page_has_no_ink() -> None:
    assert _page_ink(np.full((40, 40, 3), 250, dtype=np.uint8)) == []


def _fit(box: tuple[int, int, int, int], fill: tuple[float, float, float]) -> BoxFit:
    x, y, w, h = box
    return rect_fit((float(x), float(y), float(x + w), float(y + h)), fill=fill)


def _glyph_fits_one_by_one(
    fits: list[BoxFit], blobs: list[_ink.InkBlob], threshold: float
) -> set[int]:
    """The rule of `glyph_fits`, box by box and blob by blob."""
    owners = {b.owner for b in blobs}
    out: set[int] = set()
    for i, fit in enumerate(fits):
        x, y, w, h = fit.box
        if any(
            j != i
            and x <= f.box[0]
            and y <= f.box[1]
            and f.box[0] + f.box[2] <= x + w
            and f.box[1] + f.box[3] <= y + h
            for j, f in enumerate(fits)
        ):
            continue
        for blob in blobs:
            if blob.owner == i:
                continue
            colour = float(np.abs(np.asarray(fit.fill, dtype=np.float32) - blob.color).max())
            if i in owners and colour > 3.0 * threshold:
                continue
            bx, by, bw, bh = blob.box
            if (
                h <= 1.5 * bh
                and min(y + h, by + bh) - max(y, by) >= 0.25 * min(h, bh)
                and max(bx - (x + w), x - (bx + bw)) <= 0.8 * max(blob.piece_height_px, 1.0)
            ):
                out.add(i)
                break
    return out


_grey = st.floats(0.0, 255.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    boxes=st.lists(
        st.tuples(st.integers(0, 80), st.integers(0, 40), st.integers(1, 40), st.integers(1, 30)),
        min_size=1,
        max_size=12,
    ),
    fills=st.lists(_grey, min_size=12, max_size=12),
    blobs=st.lists(
        st.tuples(
            st.integers(0, 100),
            st.integers(0, 50),
            st.integers(1, 40),
            st.integers(1, 30),
            st.integers(-1, 11),
            st.floats(0.0, 20.0),
            _grey,
        ),
        max_size=15,
    ),
)
def test_glyph_fits_follows_its_rule_for_every_box_and_blob(
    boxes: list[tuple[int, int, int, int]],
    fills: list[float],
    blobs: list[tuple[int, int, int, int, int, float, float]],
) -> None:
    fits = [_fit(box, (fill, fill, fill / 2)) for box, fill in zip(boxes, fills, strict=False)]
    inks = [
        _ink.InkBlob(
            box=(x, y, w, h),
            owner=min(owner, len(fits) - 1),
            pieces=3,
            ink_share=0.3,
            piece_height_px=height,
            contrast=40.0,
            color=(grey, grey, grey / 2 + 1.0),
        )
        for x, y, w, h, owner, height, grey in blobs
    ]
    assert _ink.glyph_fits(fits, inks, threshold=3.0) == _glyph_fits_one_by_one(fits, inks, 3.0)


def test_a_full_stop_joins_the_letter_before_it() -> None:
    # An l 11 px tall and a 3x3 full stop on its baseline 2 px after it; the same mark 6 px away
    # (past 0.4 of the letter's height) or raised above the letter's top stays apart.
    letter = (10, 10, 14, 21)
    stop = (16, 18, 19, 21)
    far = (40, 18, 43, 21)
    raised = (60, 6, 63, 9)
    other = (50, 10, 54, 21)
    boxes = np.array([letter, stop, other, far, raised], dtype=np.int64)
    groups = _ink._join(boxes, np.zeros(5, dtype=np.int64))
    assert groups[0] == groups[1]
    assert groups[3] != groups[0]
    assert groups[4] not in (groups[0], groups[2])


@pytest.mark.parametrize("family", ["DejaVu Sans", "Liberation Serif"])
@pytest.mark.parametrize("size_px", [13, 16, 20])
def test_a_sentence_ends_with_its_full_stop_in_its_last_word(family: str, size_px: int) -> None:
    drawn = draw_lines(["Plans renew monthly."], family=family, size_px=size_px)
    blobs = _page_ink(drawn.image.rgb)
    last_ink = int(np.flatnonzero((drawn.image.rgb < 200).any(axis=(0, 2))).max())
    (last,) = [b for b in blobs if b.box[0] + b.box[2] > last_ink]
    assert last.box[2] > 3 * size_px  # "monthly." as one blob, not the full stop alone


@pytest.mark.parametrize("dpr", [1, 2])
def test_a_strong_shadows_ramp_is_no_ink(dpr: int) -> None:
    # A ramp of a code value or two per pixel beside the card: `_edges` marks pixels of it where
    # two steps add up to its threshold, and they differ from the page by more than ink must.
    from copy_that.analysis import analyse
    from tests.unit.analysis._synth import Box, Scene, ShadowSpec, css_box, image_of

    card = Box(60, 40, 240, 120, (250, 250, 252), shadows=(ShadowSpec(0, 6, 24, 0, 0.16),))
    scene = Scene(width=360, height=240, boxes=(card,))
    layout = analyse(image_of(scene, dpr=dpr), dpr=dpr, text_lines=False)
    x, y, w, h = css_box(card, dpr)
    outside = [
        e
        for e in layout.elements
        if not (
            x <= e.box[0]
            and y <= e.box[1]
            and e.box[0] + e.box[2] <= x + w
            and e.box[1] + e.box[3] <= y + h
        )
    ]
    assert outside == []


def test_a_faint_mark_is_still_ink() -> None:
    # A stroke 12 code values off the page, stepping by 7 and 5 (255, 248, 243, 248, 255):
    # fainter than any glyph a design system sets, yet a step more than twice the edge threshold
    # (3) sets it apart from shading.
    # It runs the page's height, so that it has no ends, which step by its whole contrast.
    rgb = np.full((40, 80, 3), 255, dtype=np.uint8)
    rgb[:, 20:23] = 248
    rgb[:, 21] = 243
    (blob,) = _page_ink(rgb)
    assert blob.box == (20, 0, 3, 40)


def test_stepped_pieces_compare_each_pixel_with_its_four_neighbours() -> None:
    rgb = np.zeros((3, 4, 3), dtype=np.uint8)
    rgb[1, 1] = (10, 0, 0)  # piece 1: steps of 10 to every neighbour
    rgb[1, 3] = (0, 0, 40)  # piece 2, on the right border, and 40 to its left neighbour
    rgb[2, 0] = (0, 9, 0)  # piece 3, in the corner: its step of 9 would wrap to row 1's end
    index = np.array([5, 7, 8], dtype=np.intp)
    pieces = np.array([1, 2, 3], dtype=np.int32)
    stepped = _ink._stepped_pieces(rgb, index, pieces, 5, min_step=9)
    assert stepped.tolist() == [False, True, True, False, False]
