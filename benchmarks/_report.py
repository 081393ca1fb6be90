"""Writes RESULTS.md and its matplotlib plots from a `RunResult`."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display on CI machines
import matplotlib.pyplot as plt

from benchmarks._cost import REFERENCE
from benchmarks._peers import PEERS
from benchmarks._photos import LAYOUT_GROUPS, PALETTE_SIZE
from benchmarks._run import CaseResult, RunResult
from benchmarks._score import METRICS

__all__ = ["write_report"]

_CT = "Copy That"
_GROUPS = (
    "synthetic DPR 1 PNG",
    "synthetic DPR 2 PNG",
    "synthetic DPR 1 JPEG",
    "synthetic DPR 2 JPEG",
    "framework pages",
)
# Issue targets: (issue, what, metric key or stage label, comparison, threshold).
_QUALITY_TARGETS = (
    ("#4", "spacing base unit exact", "spacing_base_unit", 0.9),
    ("#4", "spacing value recall (±1 px)", "spacing_recall", 0.8),
    ("#4", "spacing value precision (±1 px)", "spacing_precision", 0.8),
    ("#4", "radius recall (±1 px)", "radius_recall", 0.9),
    ("#4", "radius precision", "radius_precision", 0.6),
    ("#4", "shadow recall (offsets ±1 px, blur ±20 %)", "shadow_recall", 0.8),
    ("#4", "shadow precision", "shadow_precision", 0.6),
    ("#5", "font-size recall (±1 px / 6 %)", "font_size_recall", 0.85),
    ("#5", "font-size precision", "font_size_precision", 0.7),
    ("#5", "regular-vs-bold accuracy", "font_weight_accuracy", 0.9),
)


def _mean(values: Sequence[float | None]) -> tuple[float | None, int]:
    present = [v for v in values if v is not None]
    return (statistics.fmean(present) if present else None), len(present)


def _median_or_none(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _f1(recall: float | None, precision: float | None) -> float | None:
    if recall is None or precision is None or recall + precision == 0:
        return None
    return 2 * recall * precision / (recall + precision)


def _metric_cell(cases: Sequence[CaseResult], key: str, kind: str) -> str:
    if not cases:
        return "—"
    if all(c.copy_that_error for c in cases):
        return "failed"
    if not any(kind in c.produced for c in cases):
        return "not produced"
    mean, n = _mean([c.copy_that.get(key) for c in cases])
    return "n/a (nothing to find)" if mean is None else f"{mean:.2f} (n={n})"


def _colour_ms(case: CaseResult) -> float:
    """Copy That's decode + colour-stage time for one case (see `_run._with_decode`)."""
    timings = case.copy_that_timings_ms
    return timings["decode"] + timings["colors"]


def _colour_table(
    cases: Sequence[CaseResult],
) -> tuple[list[str], dict[str, dict[str, float | None]]]:
    rows = [
        "| method | colour recall | area-weighted recall | precision | F1 | primary colour | "
        "median wall ms / image | failures |",
        "|---|---|---|---|---|---|---|---|",
    ]
    summary: dict[str, dict[str, float | None]] = {}
    methods = [
        (
            _CT,
            [c.copy_that for c in cases],
            [_colour_ms(c) for c in cases if "colors" in c.copy_that_timings_ms],
            sum(1 for c in cases if c.copy_that_error),
        )
    ]
    methods += [
        (
            p.name,
            [c.peers.get(p.name, {}) for c in cases],
            [c.peer_ms.get(p.name, 0.0) for c in cases],
            sum(1 for c in cases if p.name in c.peer_errors),
        )
        for p in PEERS
    ]
    for name, scores, times, failures in methods:
        recall, _ = _mean([s.get("color_recall") for s in scores])
        area, _ = _mean([s.get("color_recall_area") for s in scores])
        precision, _ = _mean([s.get("color_precision") for s in scores])
        primary, n_primary = _mean([s.get("role_primary") for s in scores])
        median_ms = statistics.median(times) if times else None
        summary[name] = {
            "recall": recall,
            "area": area,
            "precision": precision,
            "f1": _f1(recall, precision),
            "ms": median_ms,
        }
        primary_cell = "not produced" if n_primary == 0 else _fmt(primary)
        rows.append(
            f"| {name} | {_fmt(recall)} | {_fmt(area)} | {_fmt(precision)} | "
            f"{_fmt(_f1(recall, precision))} | {primary_cell} | {_ms(median_ms)} | {failures} |"
        )
    return rows, summary


def _kinds_table(cases: Sequence[CaseResult]) -> list[str]:
    groups = [g for g in _GROUPS if any(c.group == g for c in cases)]
    rows = [
        "| metric | all cases | " + " | ".join(groups) + " |",
        "|---|---|" + "---|" * len(groups),
    ]
    ran = [cases, *([c for c in cases if c.group == g] for g in groups)]
    rows.append(
        "| Copy That ran without error | "
        + " | ".join(f"{sum(not c.copy_that_error for c in cs)}/{len(cs)}" for cs in ran)
        + " |"
    )
    for metric in METRICS:
        cells = [_metric_cell(cases, metric.key, metric.kind)]
        cells += [
            _metric_cell([c for c in cases if c.group == g], metric.key, metric.kind)
            for g in groups
        ]
        rows.append(f"| {metric.label} | " + " | ".join(cells) + " |")
    return rows


def _case_table(cases: Sequence[CaseResult]) -> list[str]:
    rows = [
        "| case | image px | truth: colours / spacing / radii / shadows / sizes | colour R / P | "
        "roles bg·text·primary | spacing R / P · base | radius R / P | shadow R / P | "
        "font size R / P | ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in cases:
        s = c.copy_that
        truth = " / ".join(str(v) for v in c.truth_counts.values())
        roles = "·".join(_fmt(s.get(f"role_{r}"), 0) for r in ("background", "text", "primary"))
        note = f" ⚠ {c.copy_that_error}" if c.copy_that_error else ""
        rows.append(
            f"| {c.case_id} | {c.image_px[0]}×{c.image_px[1]} | {truth} | "
            f"{_fmt(s.get('color_recall'))} / {_fmt(s.get('color_precision'))} | {roles} | "
            f"{_fmt(s.get('spacing_recall'))} / {_fmt(s.get('spacing_precision'))} · "
            f"{_fmt(s.get('spacing_base_unit'), 0)} | "
            f"{_fmt(s.get('radius_recall'))} / {_fmt(s.get('radius_precision'))} | "
            f"{_fmt(s.get('shadow_recall'))} / {_fmt(s.get('shadow_precision'))} | "
            f"{_fmt(s.get('font_size_recall'))} / {_fmt(s.get('font_size_precision'))} | "
            f"{_ms(c.copy_that_ms)}{note} |"
        )
    return rows


def _photo_table(photos: dict[str, dict[str, Any]]) -> list[str]:
    methods = [_CT, *(p.name for p in PEERS)]
    rows = ["| photo | " + " | ".join(methods) + " |", "|---|" + "---|" * len(methods)]
    for row in photos.values():
        cells = []
        for m in methods:
            entry = row.get(m, {})
            cell = _fmt(entry.get("error"))
            if entry.get("colours") not in (None, PALETTE_SIZE):
                cell += f" ({entry['colours']} colours)"
            cells.append(cell)
        rows.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    means = _photo_means(photos)
    complete = len(_complete_photos(photos))
    rows.append(
        f"| **mean ΔE2000** ({complete} photos every method ran on) | "
        + " | ".join(f"**{_fmt(means.get(m))}**" for m in methods)
        + " |"
    )
    cells = []
    for m in methods:
        values = [r[m]["ms"] for r in photos.values() if r.get(m, {}).get("ms") is not None]
        cells.append(_ms(statistics.median(values)) if values else "n/a")
    rows.append("| median ms / photo | " + " | ".join(cells) + " |")
    failures = [
        f"{m} on {name}: `{row[m]['failure']}`"
        for name, row in photos.items()
        for m in methods
        if row.get(m, {}).get("failure")
    ]
    if failures:
        rows += ["", "Failures: " + "; ".join(failures) + "."]
    return rows


def _complete_photos(photos: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The photos on which every method produced a palette (the means compare these only)."""
    methods = [_CT, *(p.name for p in PEERS)]
    return [
        r for r in photos.values() if all(r.get(m, {}).get("error") is not None for m in methods)
    ]


def _photo_means(photos: dict[str, dict[str, Any]]) -> dict[str, float]:
    complete = _complete_photos(photos)
    if not complete:
        return {}
    return {
        m: statistics.fmean(r[m]["error"] for r in complete)
        for m in [_CT, *(p.name for p in PEERS)]
    }


def _dpr_section(cases: Sequence[CaseResult]) -> list[str]:
    """How often ``--dpr auto`` finds the render's device pixel ratio."""
    rows = [
        "| rendered at | inferred correctly (±0.25) | mean confidence when right | "
        "when wrong | inferred values | failures |",
        "|---|---|---|---|---|---|",
    ]
    for dpr in sorted({int(c.case_id.split("-dpr")[1][0]) for c in cases}):
        group = [c for c in cases if f"-dpr{dpr}-" in c.case_id]
        ran = [c for c in group if c.dpr_inferred is not None]
        right = [c for c in ran if abs((c.dpr_inferred or 0.0) - dpr) <= 0.25]
        wrong = [c for c in ran if c not in right]
        values = ", ".join(sorted({f"{c.dpr_inferred:g}" for c in ran}))
        rows.append(
            f"| DPR {dpr} | {len(right)}/{len(group)} | "
            f"{_fmt(_mean([c.dpr_confidence for c in right])[0])} | "
            f"{_fmt(_mean([c.dpr_confidence for c in wrong])[0])} | {values or '—'} | "
            f"{sum(1 for c in group if c.dpr_error)} |"
        )
    return rows


def _layout_ms(stages: dict[str, float]) -> float | None:
    parts = [stages.get(s) for s in ("analysis", "spacing", "radii", "shadows", "borders")]
    present = [p for p in parts if p is not None]
    return sum(present) if present else None


def _typography_ms(stages: dict[str, float]) -> float | None:
    """Typography's time: its measurement and the text-line detection it alone asks for."""
    if stages.get("typography") is None:
        return None
    return stages["typography"] + stages.get("text_lines", 0.0)


def _stage_section(
    result: RunResult, peer_median_ms: dict[str, tuple[float | None, float | None]]
) -> list[str]:
    stages = result.stages_1440
    if not stages:
        return ["Not run (`--no-stages`)."]
    runs = [stages.get(label, {}) for label in ("colors_only", "all_ocr", "all_no_ocr")]
    cpu = [run.get("cpu_ms", {}) for run in runs]
    wall = [run.get("time_ms", {}) for run in runs]
    names = sorted({s for clock in cpu + wall for s in clock} - {REFERENCE}, key=_stage_order)
    rows = [
        f"Images: {', '.join(stages['images'])} (1440×900 px, DPR 1 PNG), each in a fresh "
        "process pinned to one CPU. Cells: median CPU ms (wall ms in brackets; wall time also "
        "counts waiting for the shared CPU).",
        "",
        "| stage | colours only | all kinds, OCR on | all kinds, OCR off |",
        "|---|---|---|---|",
    ]
    for name in names:
        cells = [f"{_ms(c.get(name))} ({_ms(w.get(name))})" for c, w in zip(cpu, wall, strict=True)]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    colours, with_ocr, without = cpu
    decode_and_colours = (
        None if colours.get("colors") is None else colours["colors"] + colours.get("decode", 0.0)
    )
    rows += ["", "| target (issue), judged on CPU time | measured CPU ms | met? |", "|---|---|---|"]
    targets = (
        ("colour extraction ≤ 30 ms, decode excluded (#2)", colours.get("colors"), 30.0),
        ("colour extraction incl. decode (#2, for reference)", decode_and_colours, None),
        (
            "layout stage (analysis + spacing + radii + shadows + borders) ≤ 150 ms (#4)",
            _layout_ms(without),
            150.0,
        ),
        (
            "typography (text lines + typography) ≤ 400 ms, OCR on (#5)",
            _typography_ms(with_ocr),
            400.0,
        ),
        (
            "typography (text lines + typography) ≤ 400 ms, OCR off (#5)",
            _typography_ms(without),
            400.0,
        ),
    )
    for label, value, limit in targets:
        met = "—" if limit is None or value is None else ("yes" if value <= limit else "**no**")
        rows.append(f"| {label} | {_ms(value)} | {met} |")
    rows += ["", *_reference_lines(cpu, wall, _layout_ms(without))]
    rows += [
        "",
        "Peers on the same images (one in-process call each, decode included; median CPU ms, "
        "wall in brackets): "
        + ", ".join(f"{n} {_ms(c)} ({_ms(w)})" for n, (c, w) in peer_median_ms.items())
        + ".",
    ]
    if stages.get("errors"):
        rows += ["", "Failures: " + "; ".join(stages["errors"])]
    return rows


def _reference_lines(
    cpu: Sequence[dict[str, float]], wall: Sequence[dict[str, float]], layout_ms: float | None
) -> list[str]:
    """The machine-speed reference measured with the stages, and how to read it."""
    reference = _median_or_none([c.get(REFERENCE) for c in cpu])
    if reference is None:
        return ["Machine-speed reference: not measured in this run."]
    ratio = "" if layout_ms is None else f"; the layout stage took {layout_ms / reference:.2f}×"
    return [
        f"Machine-speed reference: **{_ms(reference)} ms CPU** "
        f"({_ms(_median_or_none([w.get(REFERENCE) for w in wall]))} ms wall){ratio}. "
        "A fixed workload (`benchmarks/_cost.py`, `reference_workload` on `reference_page`): "
        "OpenCV edge map, 4-connected regions, 3×3 gradient and Gaussian blur, then NumPy "
        "power law, bincount, take and sort over a deterministic 1440×900 page, then 3 500 "
        "small-array medians driven from Python; the fastest of 5 runs in each process above, "
        "median over them. Hosts differ in speed by 2–3×: compare this number across runs to "
        "see how fast the host was. The targets are judged on the measured ms, not rescaled."
    ]


def _stage_order(name: str) -> tuple[int, str]:
    order = [
        "decode",
        "analysis",
        "text_lines",
        "colors",
        "spacing",
        "radii",
        "shadows",
        "borders",
        "typography",
        "link",
    ]
    return (order.index(name) if name in order else len(order), name)


def _total_ms(stages: dict[str, float]) -> float:
    """The stages' sum, without the machine-speed reference timed in the same process."""
    return sum(ms for stage, ms in stages.items() if stage != REFERENCE)


def _cost_section(cost: list[dict[str, Any]], plots: Path) -> list[str]:
    measured = [r for r in cost if "time_ms" in r]
    if not cost:
        return ["Not run (`--no-cost`)."]
    if not measured:
        return [f"- {r['megapixels']:g} MP: not measured ({r['skipped']})" for r in cost]
    stages = sorted({s for r in measured for s in r["cpu_ms"]} - {REFERENCE}, key=_stage_order)
    rows = [
        "CPU time per stage (ms; the total's wall time in brackets):",
        "",
        "| MP | image px | " + " | ".join(stages) + " | total |",
        "|---|---|" + "---|" * (len(stages) + 1),
    ]
    for r in cost:
        if "time_ms" not in r:
            rows.append(f"| {r['megapixels']:g} | — | skipped: {r['skipped']} |")
            continue
        cells = [_ms(r["cpu_ms"].get(s)) for s in stages]
        rows.append(
            f"| {r['megapixels']:g} | {r['pixels'] / 1e6:.2f} MP | "
            + " | ".join(cells)
            + f" | {_ms(_total_ms(r['cpu_ms']))} ({_ms(_total_ms(r['time_ms']))}) |"
        )
    mem_stages = sorted({s for r in measured for s in r["memory_mib"]}, key=_stage_order)
    rows += [
        "",
        "Peak memory growth per stage (MiB):",
        "",
        "| MP | " + " | ".join(mem_stages) + " |",
        "|---|" + "---|" * len(mem_stages),
    ]
    for r in measured:
        rows.append(
            f"| {r['megapixels']:g} | "
            + " | ".join(_fmt(r["memory_mib"].get(s), 1) for s in mem_stages)
            + " |"
        )
    if measured:
        rows += ["", f"Memory method: {measured[0]['memory_method']}."]
        _plot_cost(measured, stages, mem_stages, plots)
        rows += [
            "",
            "![time per stage](plots/cost_time.png) ![memory per stage](plots/cost_memory.png)",
        ]
    return rows


def _plot_cost(
    rows: list[dict[str, Any]], stages: list[str], mem_stages: list[str], plots: Path
) -> None:
    mp = [r["pixels"] / 1e6 for r in rows]
    for field, names, label, name in (
        ("cpu_ms", stages, "CPU ms", "cost_time.png"),
        ("memory_mib", mem_stages, "MiB (peak growth)", "cost_memory.png"),
    ):
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        for stage in names:
            values = [r[field].get(stage) for r in rows]
            points = [(x, v) for x, v in zip(mp, values, strict=True) if v is not None and v > 0]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", label=stage)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("image size (megapixels)")
        ax.set_ylabel(label)
        ax.set_title(f"Copy That cost per stage ({'time' if field == 'cpu_ms' else 'memory'})")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(plots / name, dpi=110)
        plt.close(fig)


def _plot_colour(summary: dict[str, dict[str, float | None]], plots: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, s in summary.items():
        if s["recall"] is not None and s["precision"] is not None:
            left.scatter(s["precision"], s["recall"], s=60 if name == _CT else 30)
            left.annotate(
                name,
                (s["precision"], s["recall"]),
                fontsize=8,
                xytext=(4, 4),
                textcoords="offset points",
            )
    left.set_xlabel("colour precision (ΔE2000 ≤ 3)")
    left.set_ylabel("colour recall (ΔE2000 ≤ 3)")
    left.set_xlim(0, 1.05)
    left.set_ylim(0, 1.05)
    left.grid(True, alpha=0.3)
    left.set_title("Palette quality on pages with ground truth")
    names = [n for n, s in summary.items() if s["ms"]]
    right.barh(names, [summary[n]["ms"] or 0.0 for n in names])
    right.set_xscale("log")
    right.set_xlabel("median wall ms per image (log)")
    right.set_title("Time per image")
    fig.tight_layout()
    fig.savefig(plots / "colour_quality.png", dpi=110)
    plt.close(fig)


def _plot_photos(photos: dict[str, dict[str, Any]], plots: Path) -> None:
    methods = [_CT, *(p.name for p in PEERS)]
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(methods)
    for i, m in enumerate(methods):
        values = [row.get(m, {}).get("error") or 0.0 for row in photos.values()]
        ax.bar([x + i * width for x in range(len(photos))], values, width=width, label=m)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(photos))])
    ax.set_xticklabels(list(photos), rotation=20, fontsize=8)
    ax.set_ylabel("mean ΔE2000 (lower is better)")
    ax.legend(fontsize=7)
    ax.set_title(f"Palette reconstruction error at {PALETTE_SIZE} colours, scikit-image photos")
    fig.tight_layout()
    fig.savefig(plots / "photos_error.png", dpi=110)
    plt.close(fig)


def _headline(
    summary: dict[str, dict[str, float | None]], photos: dict[str, dict[str, Any]]
) -> list[str]:
    ct = summary.get(_CT, {})
    peers = {n: s for n, s in summary.items() if n != _CT}
    lines = []
    if ct.get("recall") is None:
        lines.append(
            "- Copy That produced no palette on these cases, so no comparison is possible."
        )
        ct = {}
    for key, label, higher in (
        ("f1", "colour F1", True),
        ("recall", "colour recall", True),
        ("precision", "colour precision", True),
        ("ms", "median ms per image", False),
    ):
        mine = ct.get(key)
        ranked = [(n, s[key]) for n, s in peers.items() if s.get(key) is not None]
        if mine is None or not ranked:
            continue
        best_name, best = (max if higher else min)(ranked, key=lambda item: item[1])  # type: ignore[arg-type,return-value]
        shown = (_fmt(mine), _fmt(best)) if key != "ms" else (_ms(mine), _ms(best))
        ahead = mine > best if higher else mine < best
        verb = "level with" if shown[0] == shown[1] else ("ahead of" if ahead else "behind")
        lines.append(
            f"- {label}: Copy That {_fmt(mine) if key != 'ms' else _ms(mine)} — {verb} "
            "the best peer, "
            f"{best_name} ({_fmt(best) if key != 'ms' else _ms(best)})."
        )
    if photos:
        means = _photo_means(photos)
        if _CT in means and len(means) > 1:
            best_name = min((n for n in means if n != _CT), key=lambda n: means[n])
            verb = (
                "level with"
                if f"{means[_CT]:.2f}" == f"{means[best_name]:.2f}"
                else ("ahead of" if means[_CT] < means[best_name] else "behind")
            )
            lines.append(
                f"- photos, mean ΔE2000 at {PALETTE_SIZE} colours: "
                f"Copy That {means[_CT]:.2f} — {verb} "
                f"the best peer, {best_name} ({means[best_name]:.2f}); lower is better."
            )
    return lines


def _photo_layout_table(photo_layout: dict[str, dict[str, Any]]) -> list[str]:
    """Tokens reported per layout group on each photo, and why a group is empty."""
    rows = [
        "| photo | image px | " + " | ".join(LAYOUT_GROUPS) + " | ms (CLI) | reason given |",
        "|---|---|" + "---|" * (len(LAYOUT_GROUPS) + 2),
    ]
    for row in photo_layout.values():
        tokens = row.get("tokens")
        counts = [
            "failed" if tokens is None else (str(tokens[g]) if tokens[g] else "—")
            for g in LAYOUT_GROUPS
        ]
        reasons = row.get("reasons") or {}
        reason = next(iter(reasons.values()), "") if reasons else ""
        width, height = row["pixels"]
        rows.append(
            f"| {row['label']} | {width}×{height} | "
            + " | ".join(counts)
            + f" | {_ms(row.get('cli_ms'))} | {reason} |"
        )
    return rows


def _invented(photo_layout: dict[str, dict[str, Any]]) -> list[str]:
    """Photos on which any layout group (spacing, radii, shadows, borders) has tokens."""
    return [
        name
        for name, row in photo_layout.items()
        if row.get("tokens") is None
        or any(row["tokens"][g] for g in LAYOUT_GROUPS if g != "typography")
    ]


def _targets(
    cases: Sequence[CaseResult], photo_layout: dict[str, dict[str, Any]] | None = None
) -> list[str]:
    rows = ["| issue | target | measured (all cases) | met? |", "|---|---|---|---|"]
    for issue, label, key, threshold in _QUALITY_TARGETS:
        kind = next(m.kind for m in METRICS if m.key == key)
        if not any(kind in c.produced for c in cases):
            rows.append(f"| {issue} | {label} ≥ {threshold} | not produced | — |")
            continue
        mean, n = _mean([c.copy_that.get(key) for c in cases])
        met = "—" if mean is None else ("yes" if mean >= threshold else "**no**")
        rows.append(f"| {issue} | {label} ≥ {threshold} | {_fmt(mean)} (n={n}) | {met} |")
    if photo_layout:
        invented = _invented(photo_layout)
        rows.append(
            "| #4 | photos and renders: layout groups empty | "
            f"{len(photo_layout) - len(invented)} of {len(photo_layout)} photos"
            + (f" ({', '.join(invented)} not)" if invented else "")
            + f" | {'**no**' if invented else 'yes'} |"
        )
    return rows


def write_report(result: RunResult, out: Path, command: str) -> Path:
    """Write ``RESULTS.md`` and ``plots/*.png`` into `out`; return the Markdown path."""
    plots = out / "plots"
    plots.mkdir(parents=True, exist_ok=True)
    env = result.environment
    cases = result.cases
    colour_rows, summary = _colour_table(cases)
    _plot_colour(summary, plots)
    timed = set(result.stages_1440.get("images", ()))
    same = [c for c in cases if c.case_id in timed]
    peer_median = {
        p.name: (
            _median_or_none([c.peer_cpu_ms.get(p.name) for c in same]),
            _median_or_none([c.peer_ms.get(p.name) for c in same]),
        )
        for p in PEERS
    }
    failures = [c for c in cases if c.copy_that_error]
    via = "CLI (`copy-that extract IMG -o out.json`)" if result.mode == "cli" else "library"
    lines = [
        "# Copy That — benchmark results" + (" (smoke run)" if result.smoke else ""),
        "",
        f"Regenerate with `{command}` (see [README.md](README.md) for what every number means).",
        "",
        f"- date: {result.started}; wall time of the whole run: {result.seconds / 60:.1f} min",
        f"- machine: {env['machine']}",
        f"- load average when the run started (1 / 5 / 15 min): {env['load']} — the 2 cores are "
        "shared with other work, so times carry that noise",
        f"- Copy That: {env['copy_that']} via the {via}"
        + (", `--dpr auto`" if result.auto_dpr else ", `--dpr` set to the render's DPR")
        + (f", `--only {','.join(result.kinds)}`" if result.kinds else ", every kind"),
        "- peers: " + ", ".join(f"{k} {v}" for k, v in env["peers"].items()),
        "- renderer: "
        + env["chromium"]
        + "; frameworks: "
        + ", ".join(f"{k} {v}" for k, v in env["frameworks"].items()),
        "- libraries: " + ", ".join(f"{k} {v}" for k, v in env["libraries"].items()),
        f"- {len(cases)} cases with ground truth, {len(result.photos)} photos for palettes, "
        f"{len(result.photo_layout)} photos and renders for layout",
        "",
        "## Where Copy That is ahead and where it is behind",
        "",
        *_headline(summary, result.photos),
    ]
    if failures:
        lines += [
            "",
            f"Copy That failed on {len(failures)} of {len(cases)} cases "
            "(scored 0 on every kind it produces elsewhere); "
            f"first error: `{failures[0].copy_that_error}`.",
        ]
    lines += [
        "",
        f"## Colour on pages with ground truth ({len(cases)} cases)",
        "",
        "Recall and precision at CIEDE2000 ≤ 3 against every colour the page paints (DOM computed "
        "styles, composited). Each peer is asked for as many colours as Copy That reported for "
        "that image (2–16; the truth's count where Copy That failed). Times compare like with "
        "like: Copy That's is its colour stage from the document's `timings_ms` plus its decoder "
        "(`load_image`) timed on the same file; a peer's is one in-process call, its decoding "
        "included. The whole CLI process (start-up, every kind, writing) took "
        f"{_ms(statistics.median([c.copy_that_ms for c in cases]) if cases else None)} ms "
        "median per image.",
        "",
        *colour_rows,
        "",
        "![colour quality](plots/colour_quality.png)",
        "",
        "## Copy That by token kind",
        "",
        "Means over cases; `n` counts the cases where the metric applies. *not produced*: the "
        "document has no group for that kind yet (the extractor does not exist or did not run).",
        "",
        *_kinds_table(cases),
        "",
        "### Targets from the issues",
        "",
        *_targets(cases, result.photo_layout),
        "",
        "## Device pixel ratio inferred (`--dpr auto`)",
        "",
        (
            "The scores above let Copy That infer the DPR; the documents' `images[0].dpr` "
            "against the render's:"
            if result.auto_dpr
            else "The scores above pass the render's DPR; here each case runs once more with "
            "`--dpr auto --only spacing` (the layout analysis infers the DPR) and the document's "
            "`images[0].dpr` is compared with the render's."
        ),
        "",
        *_dpr_section(cases),
        "",
        "## Photos and renders (no ground truth): palette reconstruction error at "
        f"{PALETTE_SIZE} colours",
        "",
        "Mean CIEDE2000 from each pixel (every 2nd row and column) to the nearest palette "
        "colour; lower is better. Copy That runs with `--max-colors 8 --only colors` and may "
        "return fewer colours; its time is its colour stage plus its decoder, a peer's one "
        "in-process call (wall ms, as in the colour table).",
        "",
    ]
    if result.photos:
        _plot_photos(result.photos, plots)
        lines += [*_photo_table(result.photos), "", "![photos](plots/photos_error.png)"]
    else:
        lines.append("Not run (`--no-photos`).")
    lines += [
        "",
        "## Photos and renders: layout that is not there",
        "",
        "None of these images is a UI, so Copy That should report no spacing, radius, shadow, "
        "border or typography token on them, and say why (issue 4). Tokens per group from "
        "`copy-that extract IMG --only spacing,radii,shadows,borders,typography` (DPR inferred; "
        "— is none); the reason is the first group's own. Time is the whole CLI process.",
        "",
        *(
            _photo_layout_table(result.photo_layout)
            if result.photo_layout
            else ["Not run (`--no-photos`, or results from before this section existed)."]
        ),
    ]
    lines += [
        "",
        "## Stage timings at 1440×900 (one core)",
        "",
        *_stage_section(result, peer_median),
        "",
        "## Cost curve: time and memory per stage by image size",
        "",
        "The dashboard page of seed 6 rendered at the device pixel ratio that gives each size; one "
        "fresh process per size, all kinds, OCR on.",
        "",
        *_cost_section(result.cost, plots),
        "",
        "## Per case",
        "",
        *_case_table(cases),
        "",
    ]
    path = out / "RESULTS.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
