import numpy as np

from copy_that.analysis.text_lines import LineInk
from copy_that.extract._type_metrics import measure_coverage


def _ink(coverage: np.ndarray) -> LineInk:
    return LineInk(
        coverage=coverage.astype(np.float32),
        origin=(0, 0),
        color=(240, 240, 240),
        background=(20, 20, 20),
        contrast=380.0,
        ring_agreement=1.0,
    )


def test_coverage_spanning_two_lines_is_measured_on_one() -> None:
    # The crash the benchmark found: a line box reaching into the line above holds the cut-off
    # bottoms of nine letters (rows 0–9) and nine whole letters (rows 43–57). Whichever row the
    # baseline lands on, the other row's letters must not be measured against it.
    cover = np.zeros((64, 110))
    for k in range(9):
        cover[0:9, 2 + 12 * k : 9 + 12 * k] = 1.0
        cover[43:57, 2 + 12 * k : 10 + 12 * k] = 1.0
    metrics = measure_coverage(_ink(cover))
    assert metrics is not None
    assert metrics.letter_count == 9
    assert metrics.tall_px in (9.0, 14.0)


def test_coverage_without_letters_is_none() -> None:
    assert measure_coverage(_ink(np.zeros((12, 40)))) is None
