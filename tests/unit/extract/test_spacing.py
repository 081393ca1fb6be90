import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skimage import data as skdata

from copy_that.analysis import Element, Layout, analyse
from copy_that.errors import OptionsError
from copy_that.extract._layout_gaps import measure_gaps
from copy_that.extract._layout_lines import LineBox
from copy_that.extract._layout_scale import cluster_values, infer_base_unit
from copy_that.extract.spacing import SpacingOptions, _longest_run, extract_spacing
from copy_that.imaging import Image
from tests.unit.analysis._synth import Box, Scene, Text, dashboard, image_of


@pytest.mark.parametrize("dpr", [1, 2])
def test_dashboard_scale_in_css_px(dpr: int) -> None:
    image = image_of(dashboard(), dpr=dpr)
    result = extract_spacing(image, analyse(image, text_lines=False))
    assert result.base_unit_px == 8
    assert result.base_unit_confidence > 0.5
    # 8 px is the chip's padding to its label's ink, and the vertical paddings of the button and
    # the input to their labels' estimated line boxes: one ink reading alone would not do.
    assert [v.value_px for v in result.values] == [8, 16, 24, 32]
    assert sum(g.line_box for g in result.values[0].gaps) >= 2
    assert result.dpr == dpr


def test_tokens_carry_pairs_and_base_unit() -> None:
    image = image_of(dashboard(), dpr=1)
    layout = analyse(image, text_lines=False)
    contribution = extract_spacing(image, layout).contribution(image.id)
    names = [t.name for t in contribution.tokens]
    assert names == ["spacing.1", "spacing.2", "spacing.3", "spacing.4"]
    gap = next(t for t in contribution.tokens if t.name == "spacing.4")
    assert gap.evidence is not None
    assert gap.evidence.image_ids == (image.id,)
    pairs = gap.evidence.detail["pairs"]
    # The two cards side by side are 32 px apart.
    cards = {e.id for e in layout.elements if e.kind == "card"}
    assert any({a, b} == cards and kind == "gap-x" for a, b, kind in pairs)
    assert all(0 < t.confidence <= 1 for t in contribution.tokens if t.confidence is not None)
    (group,) = contribution.groups
    assert group.path == ("spacing",)
    assert group.extensions["com.copy-that"]["baseUnit"] == {"value": 8.0, "unit": "px"}


def test_row_gaps_and_paddings() -> None:
    buttons = tuple(Box(32 + i * (80 + 12), 40, 80, 32, (15, 118, 110), radius=4) for i in range(3))
    scene = Scene(
        width=360,
        height=140,
        background=(255, 255, 255),
        boxes=(Box(8, 16, 300, 80, (241, 245, 249), radius=8), *buttons),
        texts=tuple(Text(b.x + 16, 50, "Save", 12, (255, 255, 255)) for b in buttons),
    )
    image = image_of(scene, dpr=1)
    result = extract_spacing(image, analyse(image, text_lines=False))
    kinds = {(g.kind, round(g.value_px)) for v in result.values for g in v.gaps}
    assert ("gap-x", 12) in kinds
    assert ("padding-left", 24) in kinds  # container edge 8 → first button 32
    assert ("padding-left", 16) in kinds  # button edge → label ink
    assert result.base_unit_px in (4, 12)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gap=st.sampled_from([8, 12, 16, 20, 24]), padding=st.sampled_from([12, 16, 24]))
def test_same_css_values_at_1x_and_2x(gap: int, padding: int) -> None:
    inner = tuple(
        Box(20 + padding + i * (60 + gap), 20 + padding, 60, 40, (99, 102, 241), radius=6)
        for i in range(2)
    )
    width = 2 * padding + 120 + gap
    scene = Scene(
        width=width + 60,
        height=40 + 2 * padding + 60,
        background=(250, 250, 250),
        boxes=(
            Box(
                20,
                20,
                width,
                40 + 2 * padding,
                (255, 255, 255),
                border=1,
                border_color=(210, 210, 215),
            ),
            *inner,
        ),
    )
    values = []
    for dpr in (1, 2):
        image = image_of(scene, dpr=dpr)
        result = extract_spacing(image, analyse(image, dpr=dpr, text_lines=False))
        values.append(sorted({round(g.value_px / dpr, 1) for g in result.gaps}))
    assert values[0] == values[1]
    assert gap in values[0]


def test_photo_has_no_scale_and_a_reason() -> None:
    image = Image.from_array(skdata.coffee())
    result = extract_spacing(image, analyse(image, text_lines=False))
    assert result.values == ()
    assert result.reason
    assert "photo" in result.reason
    contribution = result.contribution(image.id)
    assert contribution.tokens == ()
    assert contribution.groups[0].reason == result.reason


def test_a_textured_star_field_is_no_page() -> None:
    # The Hubble deep field's sky is flat enough to pass for a page at the noisy threshold, but
    # its pixels wander: the analysis finds no UI, and spacing says so.
    image = Image.from_array(skdata.hubble_deep_field())
    result = extract_spacing(image, analyse(image, text_lines=False))
    assert result.values == ()
    assert result.reason is not None
    assert "texture" in result.reason


def _specks(count: int, seed: int) -> Image:
    """Square specks of 2-4 px scattered over a flat near-black 1440 x 900 page."""
    rng = np.random.default_rng(seed)
    rgb = np.full((900, 1440, 3), 12, dtype=np.uint8)
    for _ in range(count):
        x, y, size = rng.integers(0, 1436), rng.integers(0, 896), rng.integers(2, 5)
        rgb[y : y + size, x : x + size] = 230
    return Image.from_array(rgb)


@pytest.mark.parametrize(
    ("count", "taken"), [(1500, "consecutive multiples"), (700, "25 multiples")]
)
def test_specks_scattered_over_a_flat_page_have_no_scale(count: int, taken: str) -> None:
    # The distances between random marks take nearly every multiple of a small unit: 1,500 of
    # them a run of over 40 consecutive ones, 700 of them 25 with holes between.
    image = _specks(count, seed=3)
    result = extract_spacing(image, analyse(image, text_lines=False))
    assert result.values == ()
    assert result.reason is not None
    assert taken in result.reason


@pytest.mark.parametrize(
    ("steps", "run"),
    [([], 0), ([1.0, 2.0, 4.0], 2), ([1.0, 1.5, 2.0, 3.0, 6.0], 3), ([2.0, 4.0, 6.0], 1)],
)
def test_longest_run_counts_consecutive_whole_steps(steps: list[float], run: int) -> None:
    assert _longest_run(steps) == run


def test_layout_of_another_image_is_refused() -> None:
    image = image_of(dashboard(), dpr=1)
    other = Image.from_array(np.zeros((10, 10, 3), dtype=np.uint8))
    with pytest.raises(OptionsError) as err:
        extract_spacing(other, analyse(image, text_lines=False))
    assert err.value.option == "layout"


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [
        ({"max_spacing_px": 0}, "max_spacing_px"),
        ({"max_spacing_px": float("nan")}, "max_spacing_px"),
        ({"min_count": 0}, "min_count"),
        ({"base_units_px": ()}, "base_units_px"),
        ({"base_units_px": (0.5,)}, "base_units_px"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, object], option: str) -> None:
    with pytest.raises(OptionsError) as err:
        SpacingOptions(**kwargs)  # type: ignore[arg-type]
    assert err.value.option == option


def test_cluster_merges_one_pixel_noise_into_its_neighbour() -> None:
    clusters = cluster_values([16, 16, 16, 16, 17, 24, 24], snap_css=1.0)
    assert [(c.value, c.count) for c in clusters] == [(16.0, 5), (24.0, 2)]


@pytest.mark.parametrize(
    ("values", "weights", "unit"),
    [
        ([4, 8, 12, 16, 24, 32], [1] * 6, 4),
        ([8, 16, 24, 32, 48], [1] * 5, 8),
        ([5, 10, 15, 20, 30], [1] * 5, 5),
        ([6, 12, 18, 24], [3, 2, 2, 1], 6),
        ([10, 20, 30, 40], [1] * 4, 10),
        ([8, 16, 24, 13], [5, 5, 5, 1], 8),  # one odd value does not break the grid
    ],
)
def test_base_unit(values: list[float], weights: list[float], unit: float) -> None:
    base = infer_base_unit(values, weights, candidates=(2, 3, 4, 5, 6, 8, 10, 12, 16))
    assert base is not None
    assert base.unit == unit


def test_values_a_px_off_still_read_on_the_grid() -> None:
    # 21 and 31 are 20 and 30 read a px long (an inline box in a taller line box).
    values, weights = [10.0, 21.0, 31.0, 40.0], [1.0] * 4
    candidates = (3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0)
    strict = infer_base_unit(values, weights, candidates=candidates, tolerances_css=[1.0] * 4)
    assert strict is not None
    assert strict.unit == 10
    assert strict.near_grid == ()
    base = infer_base_unit(values, weights, candidates=candidates, near=True)
    assert base is not None
    assert base.unit == 10
    assert base.on_grid == (True, False, False, True)
    assert base.near_grid == (False, True, True, False)


def test_one_faint_stray_value_does_not_force_a_finer_unit() -> None:
    # 37 px (one faint reading) would sit on a 4 px grid; the rest is an 8 px design.
    values = [8.0, 16.0, 32.0, 40.0, 48.0, 37.0]
    weights = [1.0, 1.0, 1.0, 1.0, 1.0, 0.2]
    base = infer_base_unit(values, weights, candidates=(4.0, 8.0))
    assert base is not None
    assert base.unit == 8
    assert base.on_grid == (True, True, True, True, True, False)


def test_well_measured_odd_multiples_make_the_finer_unit() -> None:
    base = infer_base_unit([8.0, 12.0, 16.0, 20.0, 32.0], [1.0] * 5, candidates=(4.0, 8.0))
    assert base is not None
    assert base.unit == 4


def test_prior_decides_between_units_the_values_fit_equally() -> None:
    values, weights = [24.0, 48.0], [1.0, 1.0]
    even = infer_base_unit(values, weights, candidates=(8.0, 12.0, 24.0))
    assert even is not None
    assert even.unit == 24  # the coarsest grid explains the values best
    favoured = infer_base_unit(
        values, weights, candidates=(8.0, 12.0, 24.0), priors=(1.0, 0.4, 0.05)
    )
    assert favoured is not None
    assert favoured.unit == 8
    assert favoured.confidence < even.confidence


def test_confidence_is_a_posterior() -> None:
    clear = infer_base_unit([8.0, 16.0, 24.0, 32.0, 40.0], [1.0] * 5, candidates=(5.0, 8.0, 10.0))
    assert clear is not None
    assert clear.unit == 8
    assert 0.9 < clear.confidence <= 1.0
    unclear = infer_base_unit([40.0], [1.0], candidates=(5.0, 8.0, 10.0))
    assert unclear is not None
    assert unclear.confidence < 0.6


def test_unit_within_the_readings_spread_is_not_inferred() -> None:
    # Read to ±1 px, every whole value lies near a multiple of 2: 2 says nothing.
    base = infer_base_unit([4.0, 8.0, 16.0], [1.0] * 3, candidates=(2.0,), tolerances_css=[1.0] * 3)
    assert base is None
    assert infer_base_unit([4.0], [1.0], candidates=(1.0,)) is None
    assert infer_base_unit([], [], candidates=(4.0,)) is None


def test_words_join_into_one_line_and_label_gaps_stay() -> None:
    scene = Scene(
        width=420,
        height=120,
        background=(255, 255, 255),
        boxes=(Box(16, 16, 388, 88, (248, 250, 252), border=1, border_color=(226, 232, 240)),),
        texts=(
            Text(40, 36, "quarterly revenue grew", 16),
            Text(40, 68, "Status", 14),
            Text(120, 68, "Active", 14),
        ),
    )
    image = image_of(scene, dpr=1)
    layout = analyse(image, text_lines=False)
    texts = [e for e in layout.elements if e.kind == "text"]
    assert len(texts) == 3  # the sentence is one element, not three words
    result = extract_spacing(image, layout)
    label_gap = next(g for g in result.gaps if g.kind == "gap-x")
    assert round(label_gap.value_px) == 40
    assert not label_gap.within_text


@pytest.mark.parametrize(("space", "within"), [(3, True), (5, True), (12, False)])
def test_narrow_text_gaps_are_word_spaces(space: int, within: bool) -> None:
    words = (
        Element(id=1, box=(10, 10, 40, 12), kind="text", fill=None, parent=0),
        Element(id=2, box=(50 + space, 10, 40, 12), kind="text", fill=None, parent=0),
    )
    card = Element(
        id=0,
        box=(0, 0, 200, 40),
        kind="card",
        fill=(255, 255, 255),
        parent=None,
        children=(1, 2),
        edges_px=(0.0, 0.0, 200.0, 40.0),
    )
    layout = Layout(width_px=200, height_px=40, elements=(card, *words))
    (gap,) = [g for g in measure_gaps(layout) if g.kind == "gap-x"]
    assert gap.value_px == space
    assert gap.within_text is within


def test_only_trivial_base_units_leave_the_scale_empty_with_a_reason() -> None:
    image = image_of(dashboard(), dpr=1)
    result = extract_spacing(
        image, analyse(image, text_lines=False), options=SpacingOptions(base_units_px=(1.0,))
    )
    assert result.values == ()
    assert result.base_unit_px is None
    assert result.left_out_px
    assert result.reason is not None
    assert "small" in result.reason


def _row(i: int, y: float, height: float) -> Element:
    edges = (60.0, y, 1380.0, y + height)
    box = (60, round(y), 1320, round(height))
    return Element(id=i, box=box, kind="card", fill=(30, 34, 30), parent=None, edges_px=edges)


def test_rows_sharing_a_rule_have_no_gap_and_do_not_skip_a_row() -> None:
    # A ruled table: each row box runs from rule to rule, so neighbours overlap by the 1-px rule.
    # The row after next is not "the nearest box below" across the middle one.
    rows = tuple(_row(i, 136.0 + 65.0 * i, 66.0) for i in range(3))
    layout = Layout(width_px=1440, height_px=900, elements=rows)
    vertical = [g for g in measure_gaps(layout) if g.kind == "gap-y"]
    assert vertical == []


def test_gap_across_an_element_between_is_not_measured() -> None:
    top, bottom = _row(0, 100.0, 40.0), _row(1, 220.0, 40.0)
    middle = Element(
        id=2,
        box=(600, 150, 200, 60),
        kind="card",
        fill=(1, 2, 3),
        parent=None,
        edges_px=(600.0, 150.0, 800.0, 210.0),
    )
    alone = measure_gaps(Layout(width_px=1440, height_px=900, elements=(top, bottom)))
    assert [round(g.value_px) for g in alone if g.kind == "gap-y"] == [80]
    blocked = measure_gaps(Layout(width_px=1440, height_px=900, elements=(top, bottom, middle)))
    assert sorted(round(g.value_px) for g in blocked if g.kind == "gap-y") == [10, 10]


def test_every_mark_of_a_large_grid_finds_its_neighbours() -> None:
    # 1,600 siblings (a star field or a texture reads as this many marks): each measures the gap
    # to the next one right and below, and none is blocked by a mark further on.
    side, pitch, size = 40, 10, 4
    marks = tuple(
        Element(
            id=row * side + col,
            box=(col * pitch, row * pitch, size, size),
            kind="icon",
            fill=(250, 250, 250),
            parent=None,
        )
        for row in range(side)
        for col in range(side)
    )
    gaps = measure_gaps(Layout(width_px=side * pitch, height_px=side * pitch, elements=marks))
    for kind in ("gap-x", "gap-y"):
        found = [g for g in gaps if g.kind == kind]
        assert len(found) == side * (side - 1)
        assert {g.value_px for g in found} == {pitch - size}
    right = {(g.first, g.second) for g in gaps if g.kind == "gap-x"}
    assert right == {(i, i + 1) for i in range(side * side) if i % side != side - 1}


def _card(i: int, x0: float, x1: float, *, parent: int | None = None) -> Element:
    box = (round(x0), 100, round(x1 - x0), 80)
    return Element(
        id=i,
        box=box,
        kind="card",
        fill=(250, 250, 250),
        parent=parent,
        edges_px=(x0, 100.0, x1, 180.0),
    )


def test_symmetric_page_gutter_from_one_box_on_each_side() -> None:
    cards = (_card(0, 48.0, 475.0), _card(1, 507.0, 933.0), _card(2, 965.0, 1392.0))
    margins = [g for g in measure_gaps(Layout(1440, 900, elements=cards)) if "margin" in g.kind]
    assert sorted((g.kind, round(g.value_px)) for g in margins) == [
        ("margin-left", 48),
        ("margin-right", 48),
    ]


def test_one_centred_box_is_no_gutter() -> None:
    centred = (_card(0, 420.0, 1020.0),)
    gaps = measure_gaps(Layout(1440, 900, elements=centred))
    assert [g for g in gaps if "margin" in g.kind] == []


def test_full_width_bar_paddings_count_when_both_sides_match() -> None:
    bar = Element(
        id=0,
        box=(0, 0, 1440, 64),
        kind="container",
        fill=(255, 255, 255),
        parent=None,
        children=(1, 2),
        edges_px=(0.0, 0.0, 1440.0, 64.0),
        clipped=(True, True, False, True),
    )
    title = Element(id=1, box=(48, 20, 120, 24), kind="text", fill=None, parent=0)
    action = Element(
        id=2,
        box=(1292, 14, 100, 36),
        kind="button",
        fill=(15, 118, 110),
        parent=0,
        edges_px=(1292.0, 14.0, 1392.0, 50.0),
    )
    kinds = {
        (g.kind, round(g.value_px))
        for g in measure_gaps(Layout(1440, 900, elements=(bar, title, action)))
    }
    assert ("padding-left", 48) in kinds
    assert ("padding-right", 48) in kinds
    lopsided = Element(
        id=2,
        box=(1200, 14, 100, 36),
        kind="button",
        fill=(15, 118, 110),
        parent=0,
        edges_px=(1200.0, 14.0, 1300.0, 50.0),
    )
    kinds = {g.kind for g in measure_gaps(Layout(1440, 900, elements=(bar, title, lopsided)))}
    assert "padding-left" not in kinds  # the image edge may be a crop: 48 vs 140 says so


def test_label_centred_in_a_stretched_button_is_no_padding() -> None:
    def button(width: float) -> tuple[Element, Element]:
        left = 100.0
        box = Element(
            id=0,
            box=(100, 500, round(width), 32),
            kind="button",
            fill=(15, 118, 110),
            parent=None,
            children=(1,),
            edges_px=(left, 500.0, left + width, 532.0),
        )
        label_x = round(left + (width - 120) / 2)
        label = Element(id=1, box=(label_x, 509, 120, 14), kind="text", fill=None, parent=0)
        return box, label

    stretched = {g.kind for g in measure_gaps(Layout(1440, 900, elements=button(390.0)))}
    assert "padding-left" not in stretched
    assert "padding-right" not in stretched
    padded = {
        (g.kind, round(g.value_px)) for g in measure_gaps(Layout(1440, 900, elements=button(152.0)))
    }
    assert ("padding-left", 16) in padded
    assert ("padding-right", 16) in padded


def _labelled_button(line_top: float, line_bottom: float) -> tuple[Layout, dict[int, LineBox]]:
    # A 32-px button with one label; its line box as the estimate put it (image px).
    button = Element(
        id=0,
        box=(100, 500, 120, 32),
        kind="button",
        fill=(15, 118, 110),
        parent=None,
        children=(1,),
        edges_px=(100.0, 500.0, 220.0, 532.0),
    )
    label = Element(id=1, box=(116, 510, 88, 12), kind="text", fill=None, parent=0)
    return Layout(1440, 900, elements=(button, label)), {1: LineBox(line_top, line_bottom)}


def test_centred_label_has_equal_top_and_bottom_paddings() -> None:
    # Declared 5 px around a 22-px line box, estimated 24 px tall and its middle a px high (the
    # font size read 9 % large from hinted glyphs, the baseline a px off): each padding is half
    # of what the line box leaves, 4 px, not 3 and 5.
    layout, lines = _labelled_button(503.0, 527.0)
    pads = {g.kind: g.value_px for g in measure_gaps(layout, lines) if "padding-" in g.kind}
    assert pads["padding-top"] == pytest.approx(4.0)
    assert pads["padding-bottom"] == pytest.approx(4.0)
    assert all(g.line_box for g in measure_gaps(layout, lines) if g.kind == "padding-top")


def test_label_well_off_the_middle_keeps_its_own_paddings() -> None:
    # 2 px above and 8 px below a 22-px line box: a label placed high, not a centring error.
    layout, lines = _labelled_button(502.0, 524.0)
    pads = {g.kind: g.value_px for g in measure_gaps(layout, lines) if "padding-" in g.kind}
    assert pads["padding-top"] == pytest.approx(2.0)
    assert "padding-bottom" not in pads  # 8 px does not mirror 2
