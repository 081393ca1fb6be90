import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copy_that.analysis._sides import PROFILE_INSIDE_PX, _stable_from, colour_distance, scan_side


def _profile(values: list[float]) -> np.ndarray:
    """A grey profile: fill up to the outermost flat pixel (index 0), then `values` (index 1…).

    Index 1 is the band pixel the edge map takes from the fill, so a sharp edge right after it
    is 1 px out.
    """
    grey = [255.0] * (PROFILE_INSIDE_PX + 1) + values
    return np.repeat(np.asarray(grey, dtype=np.float32)[:, None], 3, axis=1)


def test_sharp_edge_without_border() -> None:
    scan = scan_side(_profile([255, 200, 200, 200, 200, 200, 200, 200]), threshold=3)
    assert scan is not None
    assert scan.edge_px == pytest.approx(1.0)
    assert scan.ring_color is None
    assert scan.outside_color[0] == pytest.approx(200)


def test_anti_aliased_edge_is_sub_pixel() -> None:
    # Pixel 2 is a 30 % mix of the fill (255) over the outside (200).
    scan = scan_side(_profile([255, 216.5, 200, 200, 200, 200, 200, 200]), threshold=3)
    assert scan is not None
    assert scan.edge_px == pytest.approx(1.3, abs=0.02)


def test_one_pixel_border_is_a_ring() -> None:
    scan = scan_side(_profile([255, 180, 245, 245, 245, 245, 245, 245]), threshold=3)
    assert scan is not None
    assert scan.ring_color is not None
    assert scan.ring_color[0] == pytest.approx(180)
    assert scan.ring_px == 1
    assert scan.ring_outside_flat


def test_thick_border_is_a_ring_of_its_width() -> None:
    scan = scan_side(_profile([255, 90, 90, 90, 90, 245, 245, 245, 245, 245]), threshold=3)
    assert scan is not None
    assert scan.ring_px == 4


def test_shadow_gradient_is_not_a_ring() -> None:
    # A soft shadow fading out from the edge: no step at its end.
    scan = scan_side(_profile([255, 224, 227, 230, 233, 235, 237, 239, 240, 242, 243]), threshold=3)
    assert scan is not None
    assert scan.ring_color is None
    assert scan.edge_px == pytest.approx(1.0)


def test_border_next_to_a_shadow_is_a_ring_with_a_drifting_outside() -> None:
    scan = scan_side(
        _profile([255, 221, 207, 223, 232, 237, 241, 245, 247, 249, 250, 251]), threshold=3
    )
    assert scan is not None
    assert scan.ring_px == 1
    assert not scan.ring_outside_flat


def test_border_between_a_fill_and_a_darker_shadow_is_a_ring() -> None:
    # Grey 229 lies between the white fill and the shadowed page (216 rising), as an
    # anti-aliased pixel would; two px of it are a border (browsers snap edges to pixels).
    scan = scan_side(
        _profile([255, 229, 229, 216, 218, 219, 221, 223, 224, 226, 228, 229, 231]), threshold=3
    )
    assert scan is not None
    assert scan.edge_px == pytest.approx(1.0)
    assert scan.ring_px == 2
    assert scan.ring_color is not None
    assert scan.ring_color[0] == pytest.approx(229)
    assert not scan.ring_outside_flat


def test_a_shadow_drifting_on_from_a_border_is_not_solid() -> None:
    # A 2-px grey border, then a shadow starting within the threshold of its grey: one run of
    # six px, of which the border's two are solid.
    scan = scan_side(
        _profile([255, 219, 219, 216, 218, 220, 222, 226, 229, 232, 236, 239]), threshold=3
    )
    assert scan is not None
    assert (scan.ring_px, scan.solid_px) == (6, 2)
    thick = scan_side(_profile([255, 90, 90, 90, 90, 245, 245, 245, 245, 245]), threshold=3)
    assert thick is not None
    assert (thick.ring_px, thick.solid_px) == (4, 4)


def test_no_edge_within_reach() -> None:
    assert scan_side(_profile([255, 254, 255, 255, 255, 255]), threshold=3) is None


def test_a_colour_running_to_the_end_of_reach_is_no_ring() -> None:
    scan = scan_side(_profile([255, 90, 90, 90]), threshold=3)
    assert scan is not None
    assert scan.ring_color is None
    assert scan.outside_color[0] == pytest.approx(90)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.sampled_from([0.0, 1.0, 2.0, 6.0, 10.0]), min_size=2, max_size=16),
    start=st.integers(0, 15),
)
def test_a_profile_settles_at_its_first_run_of_small_steps(values: list[float], start: int) -> None:
    p = np.repeat(np.cumsum(values, dtype=np.float32)[:, None], 3, axis=1)
    start = min(start, p.shape[0] - 1)
    small = [abs(float(b) - float(a)) <= 3.0 for a, b in zip(p[:-1, 0], p[1:, 0], strict=True)]
    settled = next(
        (i for i in range(start, p.shape[0] - 3) if all(small[i : i + 3])), p.shape[0] - 1
    )
    assert _stable_from(p, start, 3.0) == settled


def test_lossy_chroma_smear_is_not_the_edge_of_a_bordered_box() -> None:
    # A white card's 2-px purple border through JPEG: the white pixel next to the border carries
    # some of its chroma (g 247) but keeps the fill's luma; the border starts one pixel further.
    profile = np.array(
        [
            [255, 255, 255],
            [255, 255, 255],
            [255, 253, 255],
            [255, 251, 249],
            [255, 247, 255],
            [130, 103, 170],
            [133, 106, 177],
            [241, 224, 255],
            [246, 236, 247],
            [241, 238, 245],
            [247, 246, 251],
            [249, 246, 253],
        ],
        dtype=np.float32,
    )
    lossless = scan_side(profile, threshold=6)
    lossy = scan_side(profile, threshold=6, lossy=True)
    assert lossless is not None
    assert lossless.ring_color is None
    assert lossy is not None
    assert lossy.edge_px == pytest.approx(2.0)
    assert lossy.ring_px == 2
    assert lossy.ring_color is not None
    assert lossy.ring_color[0] == pytest.approx(130)


def test_colour_distance_weighs_chroma_down_only_on_lossy_images() -> None:
    pixels = np.array([[255, 247, 255], [240, 240, 240]], dtype=np.float32)
    white = np.array([255, 255, 255], dtype=np.float32)
    assert colour_distance(pixels, white, lossy=False).tolist() == [8.0, 15.0]
    lossy = colour_distance(pixels, white, lossy=True)
    assert lossy[0] < 6.0  # the tint: luma 250.3, chroma a few code values
    assert lossy[1] == pytest.approx(15.0, abs=1e-3)  # a grey step is all luma


def test_an_exact_fill_ends_at_its_first_pixel_off_its_colour() -> None:
    # A card at 250 beside a shadow's ramp that starts a code value off it and passes its colour
    # on the way out to the page at 255: the threshold finds no step before 254.
    ramp = [251, 251, 252, 252, 253, 253, 254, 254, 255, 255, 255, 255]
    grey = [250.0] * (PROFILE_INSIDE_PX + 1) + ramp
    profile = np.repeat(np.asarray(grey, dtype=np.float32)[:, None], 3, axis=1)
    by_threshold = scan_side(profile, threshold=3)
    exact = scan_side(profile, threshold=3, exact=True)
    assert by_threshold is not None
    assert exact is not None
    assert by_threshold.edge_px > 5
    # The ramp's first pixel is outside whole: no anti-aliased share of the fill is read into it.
    assert exact.edge_px == 0.0
    assert exact.ring_color is None


def test_an_exact_fill_keeps_its_border() -> None:
    grey = [250.0] * (PROFILE_INSIDE_PX + 1) + [200, 255, 255, 255, 255, 255]
    profile = np.repeat(np.asarray(grey, dtype=np.float32)[:, None], 3, axis=1)
    scan = scan_side(profile, threshold=3, exact=True)
    assert scan is not None
    assert scan.edge_px == 0.0
    assert scan.ring_px == 1


def _grey(fill: float, values: list[float]) -> np.ndarray:
    grey = [fill] * (PROFILE_INSIDE_PX + 1) + values
    return np.repeat(np.asarray(grey, dtype=np.float32)[:, None], 3, axis=1)


def test_a_border_pixel_before_a_darker_shadow_dips() -> None:
    # val-1002: a #efefef border between a white card and the shadow darkening the page past it.
    scan = scan_side(_grey(255, [239, 225, 230, 234, 238, 241, 244, 246]), threshold=3)
    assert scan is not None
    assert scan.ring_color is None
    assert scan.lead_dips
    assert scan.lead_color[0] == 239
    assert scan.beyond_lead_color[0] == 225


def test_a_shadows_own_first_pixel_does_not_dip() -> None:
    scan = scan_side(_grey(255, [230, 238, 243, 246, 248, 248, 248, 248]), threshold=3)
    assert scan is not None
    assert not scan.lead_dips
    lossy = scan_side(_grey(255, [239, 225, 230, 234, 238, 241, 244, 246]), threshold=6, lossy=True)
    assert lossy is not None
    assert not lossy.lead_dips
