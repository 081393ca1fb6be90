import pytest

from copy_that.analysis._dpr import estimate_dpr


@pytest.mark.parametrize(
    ("lines", "glyphs", "width", "want"),
    [
        ([1, 1, 1, 2], [9.0, 10.0, 8.0], 1280, 1.0),  # hairlines and body text at 1×
        ([2, 2, 2, 4], [18.0, 20.0, 16.0], 2560, 2.0),  # the same page at 2×
        ([3, 3, 3], [27.0, 25.0], 1170, 3.0),  # a phone at 3×
        ([], [9.0, 8.0, 10.0], 1440, 1.0),  # text alone
        ([2, 2], [], 2880, 2.0),  # lines alone
    ],
)
def test_ratio_from_evidence(
    lines: list[int], glyphs: list[float], width: int, want: float
) -> None:
    estimate = estimate_dpr(line_widths_px=lines, glyph_heights_px=glyphs, image_width_px=width)
    assert estimate is not None
    assert estimate.dpr == want
    assert 0.5 < estimate.confidence <= 1.0
    assert estimate.reasons


def test_no_evidence_gives_none() -> None:
    assert estimate_dpr(line_widths_px=[], glyph_heights_px=[], image_width_px=800) is None


def test_more_lines_more_confidence() -> None:
    one = estimate_dpr(line_widths_px=[1], glyph_heights_px=[], image_width_px=800)
    many = estimate_dpr(line_widths_px=[1] * 6, glyph_heights_px=[], image_width_px=800)
    assert one is not None
    assert many is not None
    assert one.dpr == many.dpr == 1.0
    assert one.confidence < many.confidence


def test_a_few_misread_lines_do_not_outvote_the_rest() -> None:
    estimate = estimate_dpr(
        line_widths_px=[2] * 12 + [1] * 4, glyph_heights_px=[15.0], image_width_px=2560
    )
    assert estimate is not None
    assert estimate.dpr == 2.0


def test_conflicting_evidence_lowers_confidence() -> None:
    agree = estimate_dpr(line_widths_px=[2, 2, 2], glyph_heights_px=[18.0], image_width_px=2560)
    conflict = estimate_dpr(line_widths_px=[2, 2, 2], glyph_heights_px=[9.0], image_width_px=2000)
    assert agree is not None
    assert conflict is not None
    assert conflict.confidence < agree.confidence
