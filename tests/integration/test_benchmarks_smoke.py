"""The benchmark harness works end to end (render, truth, score, report); asserts no timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks._prediction import from_document  # noqa: E402
from benchmarks._render import renderer  # noqa: E402
from benchmarks._score import METRICS, score  # noqa: E402
from benchmarks._truth import Truth, TruthColor, TruthShadow, TruthText, truth_from_dom  # noqa: E402

_PAGE = """<!doctype html><html><head><style>
body{margin:0;background:#ffffff;color:#222222;font:400 16px/24px "DejaVu Sans",sans-serif}
.row{display:flex;gap:12px;padding:20px}
.card{background:rgba(0,0,255,0.5);padding:8px 16px;border:2px solid #00aa00;border-radius:6px;
 box-shadow:0 4px 10px -2px rgba(0,0,0,0.25), 0 0 0 1px #ff0000}
.pill{background:#ff8800;border-radius:999px;padding:4px 12px;font-weight:700;font-size:12px}
</style></head><body><div class="row"><div class="card">One</div><div class="card">Two</div>
<span class="pill" data-role="primary">Go</span></div></body></html>"""


@pytest.fixture(scope="module")
def page_truth() -> Truth:
    with renderer() as active:
        rendered = active.render(_PAGE, width_css=400, height_css=200, dpr=2)
    assert rendered.png.startswith(b"\x89PNG")
    return truth_from_dom(rendered.dom)


def test_truth_reads_computed_styles(page_truth: Truth) -> None:
    colours = {c.rgb for c in page_truth.colors}
    assert (255, 255, 255) in colours
    assert (128, 128, 255) in colours  # 50 % blue composited over white, as the browser paints it
    assert (0, 170, 0) in colours  # border
    assert (255, 136, 0) in colours  # pill
    assert page_truth.roles == {
        "background": (255, 255, 255),
        "text": (34, 34, 34),
        "primary": (255, 136, 0),
    }
    assert {8.0, 12.0, 16.0, 20.0} <= set(page_truth.spacing_px)
    assert page_truth.base_unit_px == 4
    assert page_truth.radii_px == (6.0,)
    assert page_truth.pill
    # The 1 px ring (no blur, no offset) is not an elevation shadow.
    assert [(s.x_px, s.y_px, s.blur_px, s.spread_px, s.alpha) for s in page_truth.shadows] == [
        (0.0, 4.0, 10.0, -2.0, 0.25)
    ]
    assert {(t.size_px, t.weight) for t in page_truth.texts} == {(16.0, 400.0), (12.0, 700.0)}
    assert page_truth.dpr == 2.0
    assert page_truth.viewport_css == (400, 200)


def test_radius_truth_counts_the_corners_in_view_of_a_cut_box() -> None:
    # A card running past the viewport's bottom shows its top corners; the bottom ones and a
    # box wholly below the fold do not count.
    page = """<!doctype html><html><body style="margin:0">
<div style="margin:20px;height:400px;background:#dde;border-radius:10px 12px 30px 30px"></div>
<div style="margin:20px;height:40px;background:#edd;border-radius:7px"></div></body></html>"""
    with renderer() as active:
        truth = truth_from_dom(active.render(page, width_css=300, height_css=200, dpr=1).dom)
    assert truth.radii_px == (10.0, 12.0)
    assert not truth.pill


def test_shadow_truth_leaves_out_hard_offsets_that_paint_a_border() -> None:
    # 0 2px 0 0 under a square box is a 2 px strip along its bottom, the pixels of a bottom
    # border; under a rounded box, or moved along both axes, it shows as a shadow.
    page = """<!doctype html><html><body style="margin:0;background:#fff">
<div style="margin:20px;height:40px;background:#eee;box-shadow:0 2px 0 0 #888"></div>
<div style="margin:20px;height:40px;background:#eee;border-radius:8px;box-shadow:0 3px 0 0 #888">
</div><div style="margin:20px;height:40px;background:#eee;box-shadow:4px 4px 0 0 #888"></div>
</body></html>"""
    with renderer() as active:
        truth = truth_from_dom(active.render(page, width_css=300, height_css=240, dpr=1).dom)
    assert sorted((s.x_px, s.y_px) for s in truth.shadows) == [(0.0, 3.0), (4.0, 4.0)]


def _dimension(px: float) -> dict[str, Any]:
    return {"$type": "dimension", "$value": {"value": px, "unit": "px"}}


def _colour(rgb: tuple[int, int, int]) -> dict[str, Any]:
    return {
        "$type": "color",
        "$value": {
            "colorSpace": "srgb",
            "components": [c / 255 for c in rgb],
            "alpha": 1,
            "hex": "#{:02x}{:02x}{:02x}".format(*rgb),
        },
    }


def _oracle_document(truth: Truth) -> dict[str, Any]:
    """A DTCG document that states exactly the truth, as a perfect extractor would write it."""
    palette = {f"c{i}": _colour(c.rgb) for i, c in enumerate(truth.colors)}
    roles = {}
    for role, rgb in truth.roles.items():
        index = next(i for i, c in enumerate(truth.colors) if c.rgb == rgb)
        roles[role] = {"$type": "color", "$value": f"{{color.palette.c{index}}}"}
    shadows = {
        f"{i + 1}": {
            "$type": "shadow",
            "$value": [
                {
                    "color": "{color.palette.c0}",
                    "offsetX": _dimension(s.x_px)["$value"],
                    "offsetY": _dimension(s.y_px)["$value"],
                    "blur": _dimension(s.blur_px)["$value"],
                    "spread": _dimension(s.spread_px)["$value"],
                    "inset": False,
                }
            ],
        }
        for i, s in enumerate(truth.shadows)
    }
    radii = {f"r{i}": _dimension(r) for i, r in enumerate(truth.radii_px)}
    if truth.pill:
        radii["full"] = _dimension(9999)
    sizes = {f"s{i}": _dimension(px) for i, px in enumerate(truth.font_sizes_px)}
    styles = {
        f"t{i}": {
            "$type": "typography",
            "$value": {
                "fontFamily": ["DejaVu Sans", "sans-serif"],
                "fontSize": f"{{font.size.s{truth.font_sizes_px.index(t.size_px)}}}",
                "fontWeight": t.weight,
                "letterSpacing": {"value": 0, "unit": "px"},
                "lineHeight": 1.5,
            },
        }
        for i, t in enumerate(truth.texts)
    }
    return {
        "color": {"palette": palette, **roles},
        "spacing": {
            "$extensions": {"com.copy-that": {"base_unit_px": truth.base_unit_px}},
            **{f"s{i}": _dimension(v) for i, v in enumerate(truth.spacing_px)},
        },
        "radius": radii,
        "shadow": shadows,
        "font": {"size": sizes},
        "typography": styles,
    }


def test_oracle_document_scores_perfectly(page_truth: Truth) -> None:
    scores = score(page_truth, from_document(_oracle_document(page_truth)))
    assert scores == {m.key: 1.0 for m in METRICS}


def test_missing_kinds_are_not_produced_rather_than_zero(page_truth: Truth) -> None:
    document = _oracle_document(page_truth)
    for group in ("spacing", "radius", "shadow", "font", "typography"):
        del document[group]
    scores = score(page_truth, from_document(document))
    assert scores["color_recall"] == 1.0
    kinds_absent = ("spacing", "radii", "shadows", "typography")
    assert all(scores[m.key] is None for m in METRICS if m.kind in kinds_absent)


def _tiny_truth() -> Truth:
    return Truth(
        colors=(
            TruthColor(rgb=(255, 255, 255), area_px2=900.0, uses=("background",)),
            TruthColor(rgb=(20, 20, 20), area_px2=100.0, uses=("text",)),
        ),
        roles={"background": (255, 255, 255), "text": (20, 20, 20)},
        spacing_px=(8.0, 16.0),
        spacing_any_px=(8.0, 16.0),
        base_unit_px=8,
        radii_px=(4.0,),
        pill=False,
        shadows=(TruthShadow(0.0, 2.0, 8.0, 0.0, (0, 0, 0), 0.2),),
        texts=(TruthText(16.0, 400.0, 24.0, "x", "sans-serif", 10),),
        viewport_css=(100, 100),
        dpr=1.0,
    )


def test_wrong_answers_score_zero_and_precision_counts_extras() -> None:
    truth = _tiny_truth()
    document = {
        "color": {
            "palette": {"a": _colour((255, 255, 255)), "b": _colour((200, 0, 0))},
            "background": {"$type": "color", "$value": "{color.palette.b}"},
        },
        "spacing": {"s1": _dimension(12), "s2": _dimension(16.8)},
        "radius": {"full": _dimension(9999)},
        "shadow": {},
        "font": {"size": {"a": _dimension(17), "b": _dimension(30)}},
    }
    scores = score(truth, from_document(document))
    assert scores["color_recall"] == 0.5
    assert scores["color_recall_area"] == 0.9  # white covers 900 of 1000 px²
    assert scores["color_precision"] == 0.5
    assert scores["role_background"] == 0.0
    assert scores["role_text"] == 0.0  # a role the document does not state is a miss
    assert scores["spacing_recall"] == 0.5  # 16.8 is within 1 px of 16; 12 matches nothing
    assert scores["spacing_precision"] == 0.5
    assert scores["spacing_base_unit"] == 0.0  # no base unit stated
    assert scores["radius_recall"] == 0.0
    assert scores["radius_precision"] == 0.0  # a pill the page does not have
    assert scores["shadow_recall"] == 0.0  # shadow group present but empty
    assert scores["shadow_precision"] is None
    assert scores["font_size_recall"] == 1.0  # 17 is within 6 % of 16
    assert scores["font_size_precision"] == 0.5
    assert scores["font_weight_accuracy"] is None  # no typography styles to judge


@pytest.mark.slow
def test_smoke_run_writes_a_complete_report(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "run",
            "--smoke",
            "--out",
            str(out),
            "--cache",
            str(cache),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = (out / "RESULTS.md").read_text(encoding="utf-8")
    for needle in (
        "Copy That",
        "colorthief",
        "fast-colorthief",
        "Pylette",
        "materialyoucolor",
        "extcolors",
        "Cost curve",
        "Stage timings at 1440×900",
        "Photos",
        "layout that is not there",
    ):
        assert needle in report
    for plot in ("colour_quality.png", "photos_error.png", "cost_time.png", "cost_memory.png"):
        assert (out / "plots" / plot).read_bytes().startswith(b"\x89PNG")
    results = json.loads((cache / "results-smoke.json").read_text(encoding="utf-8"))
    assert len(results["cases"]) == 3
    peers = {"colorthief", "fast-colorthief", "Pylette", "materialyoucolor", "extcolors"}
    for case in results["cases"]:
        assert case["truth_counts"]["colours"] > 0
        assert set(case["peers"]) == peers
        assert all(scores["color_recall"] is not None for scores in case["peers"].values())
        if case["copy_that_error"] is None:
            assert case["copy_that"]["color_recall"] is not None
        else:  # a crash of the product is a result, reported, not a harness failure
            assert case["case_id"] in report
    # The CLI interface works: at least one case ran; an interface break fails them all.
    assert any(case["copy_that_error"] is None for case in results["cases"])
    assert any("time_ms" in row for row in results["cost"]), results["cost"]
    assert all("time_ms" in row or row["skipped"] for row in results["cost"])
    assert results["stages_1440"]["colors_only"]["cpu_ms"]["colors"] > 0
    assert results["photos"]["astronaut"]["Copy That"]["error"] is not None
    # The greyscale moon is converted to RGB and read for layout; its counts are a result.
    moon = results["photo_layout"]["moon"]
    assert moon["failure"] is None
    assert set(moon["tokens"]) == {"spacing", "radius", "shadow", "border", "typography"}
