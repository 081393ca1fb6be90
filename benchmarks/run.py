"""``python benchmarks/run.py [--smoke]``: the same as ``python -m benchmarks run``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.__main__ import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main(["run", *sys.argv[1:]]))
