"""Peer palette extractors, each called the way its documentation shows, timed per image.

Every peer gets the image file path (so its own decoding is in its time, as Copy That's is) and the
same palette size. Options other than the palette size are each library's defaults.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

__all__ = ["PEERS", "Peer", "PeerRun", "run_peer"]

RGB8 = tuple[int, int, int]


@dataclass(frozen=True)
class Peer:
    """A peer: report name, distribution name, ``palette(path, k) -> (colours, primary)``."""

    name: str
    distribution: str
    palette: Callable[[Path, int], tuple[list[RGB8], RGB8 | None]]

    @property
    def version(self) -> str:
        """Installed version of the distribution."""
        return version(self.distribution)


@dataclass(frozen=True)
class PeerRun:
    """One peer call: the palette, the colour the peer picks as the theme seed (if it does),
    wall time in ms, and the error if it failed."""

    palette: tuple[RGB8, ...]
    primary: RGB8 | None
    wall_ms: float
    cpu_ms: float
    error: str | None = None


def _rgb(values: object) -> RGB8:
    r, g, b = (int(v) for v in list(values)[:3])  # type: ignore[call-overload]
    return (r, g, b)


def _colorthief(path: Path, k: int) -> tuple[list[RGB8], RGB8 | None]:
    from colorthief import ColorThief

    return [_rgb(c) for c in ColorThief(str(path)).get_palette(color_count=k)], None


def _fast_colorthief(path: Path, k: int) -> tuple[list[RGB8], RGB8 | None]:
    import fast_colorthief

    return [_rgb(c) for c in fast_colorthief.get_palette(str(path), color_count=k)], None


def _pylette(path: Path, k: int) -> tuple[list[RGB8], RGB8 | None]:
    from pylette import extract_colors

    palette = extract_colors(image=str(path), palette_size=k)
    return [_rgb(c.rgb) for c in palette.colors], None


def _argb(value: int) -> RGB8:
    return ((value >> 16) & 255, (value >> 8) & 255, value & 255)


def _materialyoucolor(path: Path, k: int) -> tuple[list[RGB8], RGB8 | None]:
    from materialyoucolor.quantize import ImageQuantizeCelebi
    from materialyoucolor.score.score import Score

    # Quality 1 = every pixel (the documented setting); the result maps ARGB → population.
    population = ImageQuantizeCelebi(str(path), 1, k)
    ranked = sorted(population.items(), key=lambda item: -item[1])
    seeds = Score.score(population)
    return [_argb(c) for c, _ in ranked[:k]], (_argb(seeds[0]) if seeds else None)


def _extcolors(path: Path, k: int) -> tuple[list[RGB8], RGB8 | None]:
    import extcolors

    colours, _ = extcolors.extract_from_path(str(path), limit=k)
    return [_rgb(c) for c, _count in colours], None


#: Every peer, in report order.
PEERS: tuple[Peer, ...] = (
    Peer("colorthief", "colorthief", _colorthief),
    Peer("fast-colorthief", "fast-colorthief", _fast_colorthief),
    Peer("Pylette", "pylette", _pylette),
    Peer("materialyoucolor", "materialyoucolor", _materialyoucolor),
    Peer("extcolors", "extcolors", _extcolors),
)


def run_peer(peer: Peer, path: Path, k: int) -> PeerRun:
    """Run `peer` on `path` for a `k`-colour palette, timing the call (decode included).

    Wall and CPU time (user + system of this process) are both kept: CPU time is what the call
    costs on one core whatever else the shared machine runs.
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        colours, primary = peer.palette(path, k)
        error = None
    except Exception as exc:  # a peer's crash is a result to report, not a reason to stop
        colours, primary, error = [], None, f"{type(exc).__name__}: {exc}"
    wall_ms = (time.perf_counter() - start) * 1000.0
    cpu_ms = (time.process_time() - cpu_start) * 1000.0
    return PeerRun(tuple(dict.fromkeys(colours)), primary, wall_ms, cpu_ms, error)
