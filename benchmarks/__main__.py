"""Command line of the benchmark: ``python -m benchmarks run [--smoke]`` (see README.md)."""

from __future__ import annotations

import os

# One thread per numeric library, set before NumPy/OpenCV load: the speed targets are "on one
# core", and the run shares a 2-core machine. Child processes (the CLI, stage workers) inherit it.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
from dataclasses import asdict  # noqa: E402
from pathlib import Path  # noqa: E402

__all__ = ["main"]


def _run(args: argparse.Namespace) -> int:
    from benchmarks._env import environment
    from benchmarks._report import write_report
    from benchmarks._run import HERE, RunOptions, pin_to_one_core, run

    cpu, cpus = (None, ()) if args.no_pin else pin_to_one_core()
    if args.jobs is not None:
        cpus = cpus[: args.jobs]
    cache = Path(args.cache) if args.cache else HERE / ".cache"
    out = Path(args.out) if args.out else (cache / "smoke-report" if args.smoke else HERE)
    options = RunOptions(
        smoke=args.smoke,
        out=out,
        cache=cache,
        mode=args.mode,
        photos=not args.no_photos,
        stages=not args.no_stages,
        cost=not args.no_cost,
        auto_dpr=args.auto_dpr,
        cpus=cpus,
        kinds=tuple(k for k in args.kinds.split(",") if k) if args.kinds else None,
    )
    result = run(options, environment(cpu))
    command = "python -m benchmarks " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    path = write_report(result, out, command.replace("python", ".venv/bin/python", 1))
    print(path)
    return 0


def _report(args: argparse.Namespace) -> int:
    from benchmarks._report import write_report
    from benchmarks._run import HERE, CaseResult, RunResult

    cache = Path(args.cache) if args.cache else HERE / ".cache"
    data = json.loads((cache / "results.json").read_text(encoding="utf-8"))
    data["cases"] = [CaseResult(**case) for case in data["cases"]]
    out = Path(args.out) if args.out else HERE
    print(write_report(RunResult(**data), out, ".venv/bin/python -m benchmarks run"))
    return 0


def _stages(args: argparse.Namespace) -> int:
    from benchmarks._cost import stage_costs

    kinds = tuple(k for k in args.kinds.split(",") if k) if args.kinds else None
    cost = stage_costs(
        Path(args.image), dpr=args.dpr, repeat=args.repeat, kinds=kinds, ocr=not args.no_ocr
    )
    print(json.dumps(asdict(cost)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse `argv` and run the chosen command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the benchmark and write RESULTS.md with plots")
    run.add_argument("--smoke", action="store_true", help="3 cases, 1 photo, 2 sizes (CI)")
    run.add_argument(
        "--out",
        help="folder for RESULTS.md and plots/ (default benchmarks/, "
        "or .cache/smoke-report with --smoke)",
    )
    run.add_argument(
        "--cache", help="folder for renders and work files (default benchmarks/.cache)"
    )
    run.add_argument(
        "--mode",
        choices=("cli", "library"),
        default="cli",
        help="run Copy That as the CLI (default) or in-process",
    )
    run.add_argument("--auto-dpr", action="store_true", help="let Copy That infer the DPR")
    run.add_argument(
        "--kinds", help="only these kinds (copy-that --only), e.g. colors,spacing; default all"
    )
    run.add_argument("--no-photos", action="store_true", help="skip the photo palettes")
    run.add_argument("--no-stages", action="store_true", help="skip the 1440×900 stage timings")
    run.add_argument("--no-cost", action="store_true", help="skip the cost curve")
    run.add_argument("--no-pin", action="store_true", help="do not pin the run to one CPU")
    run.add_argument(
        "--jobs", type=int, help="parallel Copy That CLI runs, one per CPU (default: every CPU)"
    )
    run.set_defaults(handler=_run)
    report = commands.add_parser(
        "report", help="rewrite RESULTS.md and plots from the last full run's results.json"
    )
    report.add_argument("--cache", help="folder holding results.json (default benchmarks/.cache)")
    report.add_argument("--out", help="folder for RESULTS.md and plots/ (default benchmarks/)")
    report.set_defaults(handler=_report)
    stages = commands.add_parser("stages", help="(internal) time one image's stages; prints JSON")
    stages.add_argument("image")
    stages.add_argument("--dpr", type=float)
    stages.add_argument("--repeat", type=int, default=1)
    stages.add_argument("--kinds")
    stages.add_argument("--no-ocr", action="store_true")
    stages.set_defaults(handler=_stages)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
