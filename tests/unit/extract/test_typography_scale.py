import pytest

from copy_that.extract._type_scale import cluster_lines, fit_ratio, name_styles


def test_lines_cluster_by_size_then_weight_then_pitch() -> None:
    sizes = [16.0, 16.3, 15.9, 16.1, 24.0, 24.4, 16.0]
    strokes = [0.09, 0.09, 0.15, 0.15, 0.15, 0.15, 0.09]
    pitches = [0.3, 0.3, 0.3, 0.3, 0.4, 0.4, 0.95]
    groups = cluster_lines(sizes, strokes, pitches)
    assert sorted(map(sorted, groups)) == [[0, 1], [2, 3], [4, 5], [6]]
    assert groups[0] == [4, 5]


def test_styles_are_named_by_size_and_use() -> None:
    sizes = [48.0, 31.0, 25.0, 16.0, 13.0, 11.0]
    weights = [700, 700, 600, 400, 400, 400]
    usage = [3.0, 5.0, 8.0, 200.0, 20.0, 4.0]
    assert name_styles(sizes, weights, usage) == [
        "display",
        "heading-1",
        "heading-2",
        "body",
        "small",
        "caption",
    ]


def test_a_bold_style_at_body_size_is_a_heading() -> None:
    assert name_styles([16.0, 16.0], [700, 400], [2.0, 50.0]) == ["heading-1", "body"]


@pytest.mark.parametrize(("ratio", "name"), [(1.2, "minor third"), (1.25, "major third")])
def test_a_modular_scale_is_recognised(ratio: float, name: str) -> None:
    sizes = [round(16 * ratio**k) for k in (-1, 0, 1, 2, 3)]
    found = fit_ratio(sizes, 16.0)
    assert found is not None
    assert found[0] == name
    assert found[1] == pytest.approx(ratio)
    assert found[2] < 0.04


def test_sizes_off_every_scale_fit_none() -> None:
    assert fit_ratio([11.0, 16.0, 17.5, 29.0, 34.0], 16.0) is None
    assert fit_ratio([16.0, 20.0], 16.0) is None
