"""One benchmark run: render cases, run Copy That and the peers, score, time stages, report."""

from __future__ import annotations

import json
import os
import queue
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._cases import PreparedCase, all_cases, prepare, smoke_cases
from benchmarks._cost import StageCost, measure_in_subprocess
from benchmarks._layouts import page_html
from benchmarks._peers import PEERS, run_peer
from benchmarks._photos import (
    LAYOUT_PHOTOS,
    PALETTE_SIZE,
    PHOTOS,
    layout_token_counts,
    photo_files,
    reconstruction_error,
)
from benchmarks._prediction import Prediction, from_document
from benchmarks._render import renderer
from benchmarks._score import colour_scores, role_score, score
from benchmarks._subject import run_copy_that
from benchmarks._system import design_system

__all__ = ["CaseResult", "RunOptions", "RunResult", "pin_to_one_core", "run"]

HERE = Path(__file__).resolve().parent
#: Megapixel sizes of the cost curve (issue 3).
COST_MEGAPIXELS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
# Peers get between 2 and 16 colours: the range every peer accepts.
_MIN_K, _MAX_K = 2, 16
# The cost curve stops taking bigger sizes once it has used this much wall time, so the whole
# run stays within its 10-minute budget on 2 cores; skipped sizes are reported as such.
_COST_BUDGET_S = 240.0


@dataclass(frozen=True)
class RunOptions:
    """What to run; see ``python -m benchmarks run --help``."""

    smoke: bool = False
    out: Path = HERE
    cache: Path = HERE / ".cache"
    mode: str = "cli"
    photos: bool = True
    stages: bool = True
    cost: bool = True
    auto_dpr: bool = False
    cpus: tuple[int, ...] = ()
    kinds: tuple[str, ...] | None = None


@dataclass
class CaseResult:
    """Scores of one case for Copy That and each peer."""

    case_id: str
    group: str
    image_px: tuple[int, int]
    truth_counts: dict[str, int]
    copy_that: dict[str, float | None]
    copy_that_ms: float
    copy_that_error: str | None
    copy_that_timings_ms: dict[str, float]
    produced: list[str]
    reasons: dict[str, str]
    palette_size: int
    peers: dict[str, dict[str, float | None]] = field(default_factory=dict)
    peer_ms: dict[str, float] = field(default_factory=dict)
    peer_cpu_ms: dict[str, float] = field(default_factory=dict)
    peer_errors: dict[str, str] = field(default_factory=dict)
    dpr_inferred: float | None = None
    dpr_confidence: float | None = None
    dpr_error: str | None = None


@dataclass
class RunResult:
    """Everything the report needs."""

    started: str
    seconds: float
    smoke: bool
    mode: str
    auto_dpr: bool
    kinds: tuple[str, ...] | None
    cases: list[CaseResult]
    photos: dict[str, dict[str, Any]]
    stages_1440: dict[str, Any]
    cost: list[dict[str, Any]]
    environment: dict[str, Any]
    photo_layout: dict[str, dict[str, Any]] = field(default_factory=dict)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image as PILImage

    with PILImage.open(path) as img:
        return img.size


def _copy_that_case(
    item: PreparedCase,
    work: Path,
    options: RunOptions,
    free_cpus: queue.Queue[int | None],
    infer_dpr: bool,
) -> tuple[Prediction | None, float, str | None]:
    if infer_dpr:  # the DPR is inferred by the layout analysis, which spacing alone runs
        out, dpr, only = work / f"{item.case.id}.dpr.json", None, ("spacing",)
    else:
        out = work / f"{item.case.id}.tokens.json"
        dpr = None if options.auto_dpr else float(item.case.dpr)
        only = options.kinds
    cpu = free_cpus.get()
    try:
        result = run_copy_that(item.image, out, dpr=dpr, mode=options.mode, cpu=cpu, only=only)
    finally:
        free_cpus.put(cpu)
    _log(
        f"copy-that{' --dpr auto' if infer_dpr else ''} {item.case.id}: {result.wall_ms:.0f} ms"
        + (f" FAILED {result.error}" if result.error else "")
    )
    if result.document is None:
        return None, result.wall_ms, result.error
    return from_document(result.document), result.wall_ms, None


def _with_decode(timings: dict[str, float], image: Path) -> dict[str, float]:
    """`timings` with a ``decode`` entry: the document's own, or `load_image` timed here.

    The CLI decodes before it starts the pipeline's clock, so its documents may lack ``decode``;
    the harness then times Copy That's decoder on the same file (wall ms, this process).
    """
    if "decode" in timings:
        return dict(timings)
    from copy_that.imaging import load_image

    start = time.perf_counter()
    load_image(image)
    return {**timings, "decode": (time.perf_counter() - start) * 1000.0}


def _copy_that_all(
    prepared: Sequence[PreparedCase], work: Path, options: RunOptions, *, infer_dpr: bool = False
) -> list[tuple[Prediction | None, float, str | None]]:
    """Copy That on every case, one CLI process per CPU in `options.cpus` at a time."""
    parallel = options.mode == "cli" and len(options.cpus) > 1
    free_cpus: queue.Queue[int | None] = queue.Queue()
    for cpu in options.cpus if parallel else [None]:
        free_cpus.put(cpu)
    with ThreadPoolExecutor(max_workers=len(options.cpus) if parallel else 1) as pool:
        return list(
            pool.map(
                lambda item: _copy_that_case(item, work, options, free_cpus, infer_dpr), prepared
            )
        )


def _score_cases(
    prepared: Sequence[PreparedCase], work: Path, options: RunOptions
) -> list[CaseResult]:
    results: list[CaseResult] = []
    predictions: list[Prediction | None] = []
    for item, (prediction, wall_ms, error) in zip(
        prepared, _copy_that_all(prepared, work, options), strict=True
    ):
        predictions.append(prediction)
        truth = item.truth
        results.append(
            CaseResult(
                case_id=item.case.id,
                group=item.case.group,
                image_px=_image_size(item.image),
                truth_counts={
                    "colours": len(truth.colors),
                    "spacing": len(truth.spacing_px),
                    "radii": len(truth.radii_px) + int(truth.pill),
                    "shadows": len(truth.shadows),
                    "font sizes": len(truth.font_sizes_px),
                },
                copy_that={},
                copy_that_ms=wall_ms,
                copy_that_error=error,
                copy_that_timings_ms=_with_decode(prediction.timings_ms, item.image)
                if prediction
                else {},
                produced=sorted(prediction.produced) if prediction else [],
                reasons=dict(prediction.reasons) if prediction else {},
                palette_size=len(prediction.palette) if prediction else 0,
            )
        )
    # A failed run scores 0 on every kind the product produces elsewhere (a crash is not "n/a").
    produced_anywhere = frozenset(k for p in predictions if p for k in p.produced)
    for item, prediction, result in zip(prepared, predictions, results, strict=True):
        scored = prediction or Prediction(produced=produced_anywhere)
        result.copy_that = score(item.truth, scored)
        result.produced = sorted(scored.produced)
    if options.auto_dpr:
        inferred = [(p, 0.0, r.copy_that_error) for p, r in zip(predictions, results, strict=True)]
    else:
        inferred = _copy_that_all(prepared, work, options, infer_dpr=True)
    for result, (prediction, _ms, error) in zip(results, inferred, strict=True):
        result.dpr_inferred = prediction.dpr if prediction else None
        result.dpr_confidence = prediction.dpr_confidence if prediction else None
        result.dpr_error = error
    # The peers only extract palettes: with colours left out there is nothing to compare.
    if options.kinds is None or "colors" in options.kinds:
        _run_peers(prepared, results)
    return results


def _run_peers(prepared: Sequence[PreparedCase], results: list[CaseResult]) -> None:
    for peer in PEERS:  # warm-up: imports and lazy initialisation are not per-image costs
        run_peer(peer, prepared[0].image, 4)
    for item, result in zip(prepared, results, strict=True):
        k = result.palette_size or len(item.truth.colors)
        k = max(_MIN_K, min(_MAX_K, k))
        for peer in PEERS:
            run = run_peer(peer, item.image, k)
            if run.error:
                result.peer_errors[peer.name] = run.error
            scores = colour_scores(run.palette, item.truth)
            if run.primary is not None:
                scores["role_primary"] = role_score(run.primary, item.truth.roles.get("primary"))
            result.peers[peer.name] = scores
            result.peer_ms[peer.name] = run.wall_ms
            result.peer_cpu_ms[peer.name] = run.cpu_ms
        _log(
            f"peers {item.case.id}: k={k} "
            + " ".join(f"{n}={ms:.0f}ms" for n, ms in result.peer_ms.items())
        )


def _photos(cache: Path, work: Path, options: RunOptions) -> dict[str, dict[str, Any]]:
    names = list(PHOTOS)[:1] if options.smoke else list(PHOTOS)
    files = photo_files(cache, names)
    out: dict[str, dict[str, Any]] = {}
    for name, path in files.items():
        row: dict[str, Any] = {"label": PHOTOS[name], "pixels": _image_size(path)}
        result = run_copy_that(
            path,
            work / f"photo-{name}.tokens.json",
            dpr=None,
            max_colors=PALETTE_SIZE,
            only=("colors",),
            mode=options.mode,
        )
        prediction = from_document(result.document) if result.document else None
        palette = prediction.palette if prediction else ()
        timings = _with_decode(prediction.timings_ms, path) if prediction else {}
        row["Copy That"] = {
            "error": reconstruction_error(path, palette),
            "colours": len(palette),
            # Like the peers' calls: decode + colour stage, from the document's own timings.
            "ms": timings["decode"] + timings["colors"]
            if {"decode", "colors"} <= set(timings)
            else None,
            "cli_ms": result.wall_ms,
            "failure": result.error,
        }
        for peer in PEERS:
            run = run_peer(peer, path, PALETTE_SIZE)
            row[peer.name] = {
                "error": reconstruction_error(path, run.palette),
                "colours": len(run.palette),
                "ms": run.wall_ms,
                "failure": run.error,
            }
        _log(
            f"photo {name}: "
            + " ".join(
                f"{k}={v['error']:.2f}"
                for k, v in row.items()
                if isinstance(v, dict) and v["error"] is not None
            )
        )
        out[name] = row
    return out


def _photo_layout(cache: Path, work: Path, options: RunOptions) -> dict[str, dict[str, Any]]:
    """Layout and typography tokens Copy That reports on photos and renders (should be none)."""
    names = ["moon"] if options.smoke else list(LAYOUT_PHOTOS)
    out: dict[str, dict[str, Any]] = {}
    for name, path in photo_files(cache, names).items():
        result = run_copy_that(
            path,
            work / f"photo-{name}.layout.json",
            dpr=None,
            only=("spacing", "radii", "shadows", "borders", "typography"),
            mode=options.mode,
        )
        prediction = from_document(result.document) if result.document else None
        out[name] = {
            "label": LAYOUT_PHOTOS[name],
            "pixels": _image_size(path),
            "tokens": layout_token_counts(result.document) if result.document else None,
            "reasons": dict(prediction.reasons) if prediction else {},
            "timings_ms": _with_decode(prediction.timings_ms, path) if prediction else {},
            "cli_ms": result.wall_ms,
            "failure": result.error,
        }
        _log(f"photo layout {name}: {out[name]['tokens']} in {result.wall_ms:.0f} ms")
    return out


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _stages_1440(
    prepared: Sequence[PreparedCase], smoke: bool, kinds: tuple[str, ...] | None
) -> dict[str, Any]:
    """Stage timings on 1440×900 synthetic PNGs: colours alone, all kinds with and without OCR."""
    images = [
        p
        for p in prepared
        if p.case.kind == "synthetic" and p.case.dpr == 1 and p.case.fmt == "png"
    ]
    images = images[: 1 if smoke else 4]
    runs: dict[str, list[StageCost]] = {"colors_only": [], "all_ocr": [], "all_no_ocr": []}
    errors: list[str] = []
    for item in images:
        for label, run_kinds, ocr, repeat in (
            ("colors_only", ("colors",), True, 1 if smoke else 5),
            ("all_ocr", kinds, True, 1),
            ("all_no_ocr", kinds, False, 1),
        ):
            cost = measure_in_subprocess(
                item.image, dpr=1.0, repeat=repeat, kinds=run_kinds, ocr=ocr, log=_log
            )
            if isinstance(cost, str):
                errors.append(f"{item.case.id} {label}: {cost}")
            else:
                runs[label].append(cost)
        _log(f"stages {item.case.id}: done")
    summary: dict[str, Any] = {"images": [p.case.id for p in images], "errors": errors}
    for label, costs in runs.items():
        summary[label] = {
            clock: {
                s: _median([getattr(c, clock)[s] for c in costs if s in getattr(c, clock)])
                for s in sorted({s for c in costs for s in getattr(c, clock)})
            }
            for clock in ("cpu_ms", "time_ms")
        }
    return summary


def _cost_images(cache: Path, smoke: bool) -> list[tuple[float, float, Path]]:
    """The cost-curve page rendered at DPRs giving each megapixel size: (MP, dpr, path)."""
    sizes = COST_MEGAPIXELS[:2] if smoke else COST_MEGAPIXELS
    folder = cache / "cost"
    folder.mkdir(parents=True, exist_ok=True)
    width, height = 1440, 900
    wanted = [
        (mp, (mp * 1e6 / (width * height)) ** 0.5, folder / f"dashboard-{mp:g}mp.png")
        for mp in sizes
    ]
    missing = [w for w in wanted if not w[2].exists()]
    if missing:
        html = page_html(design_system(6, theme="light"), "dashboard")
        with renderer() as active:
            for _mp, dpr, path in missing:
                path.write_bytes(
                    active.render(html, width_css=width, height_css=height, dpr=dpr).png
                )
    return wanted


def _cost_curve(cache: Path, smoke: bool, kinds: tuple[str, ...] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for mp, dpr, path in _cost_images(cache, smoke):
        if time.perf_counter() - started > _COST_BUDGET_S:
            rows.append(
                {"megapixels": mp, "skipped": f"over the {_COST_BUDGET_S:.0f} s cost budget"}
            )
            continue
        cost = measure_in_subprocess(path, dpr=round(dpr, 4), kinds=kinds, log=_log)
        if isinstance(cost, str):
            rows.append({"megapixels": mp, "skipped": cost})
        else:
            rows.append({"megapixels": mp, "dpr": dpr, **asdict(cost)})
        _log(
            f"cost {mp:g} MP: "
            + (cost if isinstance(cost, str) else f"{sum(cost.time_ms.values()):.0f} ms")
        )
    return rows


def run(options: RunOptions, environment: dict[str, Any]) -> RunResult:
    """Run the benchmark and return its results (the caller writes the report)."""
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    begin = time.perf_counter()
    work = options.cache / ("work-smoke" if options.smoke else "work")
    work.mkdir(parents=True, exist_ok=True)
    cases = smoke_cases() if options.smoke else all_cases()
    _log(f"rendering {len(cases)} cases (cached renders are reused)")
    with renderer() as active:
        prepared = prepare(cases, options.cache, active)
    results = _score_cases(prepared, work, options)
    photos = _photos(options.cache, work, options) if options.photos else {}
    photo_layout = _photo_layout(options.cache, work, options) if options.photos else {}
    stages = _stages_1440(prepared, options.smoke, options.kinds) if options.stages else {}
    cost = _cost_curve(options.cache, options.smoke, options.kinds) if options.cost else []
    result = RunResult(
        started=started,
        seconds=time.perf_counter() - begin,
        smoke=options.smoke,
        mode=options.mode,
        auto_dpr=options.auto_dpr,
        kinds=options.kinds,
        cases=results,
        photos=photos,
        stages_1440=stages,
        cost=cost,
        environment=environment,
        photo_layout=photo_layout,
    )
    (options.cache / ("results-smoke.json" if options.smoke else "results.json")).write_text(
        json.dumps(asdict(result), indent=1, default=str), encoding="utf-8"
    )
    return result


def pin_to_one_core() -> tuple[int | None, tuple[int, ...]]:
    """Restrict this process (and children by default) to its first allowed CPU.

    Returns the CPU pinned to and every CPU that was allowed before (for parallel CLI runs).
    """
    if not hasattr(os, "sched_setaffinity"):
        return None, ()
    allowed = tuple(sorted(os.sched_getaffinity(0)))
    os.sched_setaffinity(0, {allowed[0]})
    return allowed[0], allowed
