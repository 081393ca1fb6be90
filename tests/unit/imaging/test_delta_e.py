"""CIEDE2000 against the published test data of Sharma, Wu & Dalal (2005) and coloraide."""

import csv
from pathlib import Path

import numpy as np
import pytest
from coloraide import Color as CAColor
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.imaging import delta_e_2000, delta_e_2000_srgb

SHARMA_CSV = Path(__file__).parents[2] / "data" / "ciede2000_sharma.csv"


def _sharma_rows():
    with SHARMA_CSV.open(newline="") as handle:
        return [
            pytest.param(
                (float(r["L1"]), float(r["a1"]), float(r["b1"])),
                (float(r["L2"]), float(r["a2"]), float(r["b2"])),
                float(r["delta_e_2000"]),
                id=f"pair-{r['pair']}",
            )
            for r in csv.DictReader(handle)
        ]


SHARMA = _sharma_rows()


def test_table_is_complete():
    assert len(SHARMA) == 34


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_sharma_table(lab1, lab2, expected):
    # The paper prints ΔE00 to 4 decimals.
    assert float(delta_e_2000(lab1, lab2)) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_sharma_table_row_agrees_with_coloraide(lab1, lab2, expected):
    # Guards the checked-in table against typos: an independent implementation must agree.
    reference = CAColor("lab-d65", list(lab1)).delta_e(
        CAColor("lab-d65", list(lab2)), method="2000"
    )
    assert reference == pytest.approx(expected, abs=5e-5)


def test_vectorised_over_the_whole_table():
    lab1 = np.array([p.values[0] for p in SHARMA])
    lab2 = np.array([p.values[1] for p in SHARMA])
    expected = np.array([p.values[2] for p in SHARMA])
    np.testing.assert_allclose(delta_e_2000(lab1, lab2), expected, atol=5e-5)


def test_broadcasts_one_against_many():
    many = np.array([[50.0, 0.0, 0.0], [60.0, 10.0, -10.0], [50.0, 0.0, 0.0]])
    result = delta_e_2000([50.0, 0.0, 0.0], many)
    assert result.shape == (3,)
    assert result[0] == 0.0
    assert result[2] == 0.0
    assert result[1] > 0.0


channel = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
colours = st.tuples(channel, channel, channel)


@settings(deadline=None)
@given(c1=colours, c2=colours)
def test_srgb_variant_matches_coloraide(c1, c2):
    expected = CAColor("srgb", list(c1)).delta_e(CAColor("srgb", list(c2)), method="2000")
    # coloraide measures in D50 Lab by default; our screen colours use D65 Lab.
    expected_d65 = (
        CAColor("srgb", list(c1))
        .convert("lab-d65")
        .delta_e(CAColor("srgb", list(c2)).convert("lab-d65"), method="2000")
    )
    assert float(delta_e_2000_srgb(c1, c2)) == pytest.approx(expected_d65, abs=1e-3)
    assert expected >= 0.0


@settings(deadline=None)
@given(c1=colours, c2=colours)
def test_symmetric_and_non_negative(c1, c2):
    forward = float(delta_e_2000_srgb(c1, c2))
    backward = float(delta_e_2000_srgb(c2, c1))
    assert forward >= 0.0
    assert forward == pytest.approx(backward, abs=1e-9)


@settings(deadline=None)
@given(c=colours)
def test_zero_for_identical_colours(c):
    assert float(delta_e_2000_srgb(c, c)) == pytest.approx(0.0, abs=1e-9)


def test_black_white_is_large():
    assert float(delta_e_2000_srgb([0, 0, 0], [1, 1, 1])) == pytest.approx(100.0, abs=1e-6)
