"""The terminal summary of ``copy-that extract -o``: swatches, roles, contrast failures, counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from copy_that.tokens.model import Alias, Color, TokenSet

__all__ = ["print_summary"]

_PALETTE = ("color", "palette")
_NAMESPACE = "com.copy-that"


def _swatch(color: Color) -> Text:
    return Text("    ", style=f"on {color.hex}")


def _palette_table(tokens: TokenSet) -> Table | None:
    palette = [t for t in tokens.group(*_PALETTE) if isinstance(t.value, Color)]
    if not palette:
        return None
    roles: dict[str, list[str]] = {}
    for token in tokens.group("color"):
        if isinstance(token.value, Alias) and token.value.path[:2] == _PALETTE:
            roles.setdefault(".".join(token.value.path), []).append(token.path[-1])
    table = Table("", "colour", "hex", "share", "confidence", "roles", title="Palette")
    for token in palette:
        assert isinstance(token.value, Color)
        share = token.evidence.share if token.evidence else None
        table.add_row(
            _swatch(token.value),
            token.path[-1],
            token.value.hex,
            f"{share:.1%}" if share is not None else "–",
            f"{token.confidence:.2f}" if token.confidence is not None else "–",
            ", ".join(roles.get(token.name, [])),
        )
    return table


def _contrast_failures(tokens: TokenSet) -> list[dict[str, Any]]:
    info = tokens.group_info("color")
    if info is None:
        return []
    report = info.extensions.get(_NAMESPACE, {})
    failures = report.get("contrast_failures") if isinstance(report, dict) else None
    return [f for f in failures or [] if isinstance(f, dict)]


def print_summary(tokens: TokenSet, console: Console, *, output: Path) -> None:
    """Print what an extraction found.

    Parameters
    ----------
    tokens : TokenSet
        The extraction result.
    console : Console
        Where to print (true colour when the terminal supports it).
    output : Path
        The file the document was written to, named in the first line.
    """
    console.print(f"[bold]wrote[/] {output} ({len(tokens)} tokens)")
    table = _palette_table(tokens)
    if table is not None:
        console.print(table)
    counts = Counter(token.path[0] for token in tokens)
    groups = Table("group", "tokens", "note", title="Groups")
    seen = set(counts)
    for name, count in counts.items():
        groups.add_row(name, str(count), "")
    for info in tokens.groups:
        if len(info.path) == 1 and info.path[0] not in seen and info.reason:
            groups.add_row(info.path[0], "0", info.reason)
    console.print(groups)
    failures = _contrast_failures(tokens)
    if failures:
        table = Table(
            "",
            "text",
            "background",
            "WCAG 2.1",
            "APCA Lc",
            "AA large",
            title=f"{len(failures)} text/background pairs fail WCAG AA",
        )
        for failure in failures:
            text_hex = str(failure.get("text_hex", "?"))
            background_hex = str(failure.get("background_hex", "?"))
            sample = Text(" Aa ", style=f"{text_hex} on {background_hex}")
            table.add_row(
                sample,
                text_hex,
                background_hex,
                f"{failure.get('contrast_ratio', 0):.2f}:1",
                f"{failure.get('apca_lc', 0):.1f}",
                "yes" if failure.get("passes_aa_large") else "no",
            )
        console.print(table)
    stages = ", ".join(f"{k} {v:.0f} ms" for k, v in tokens.timings_ms.items())
    if stages:
        console.print(f"[dim]{stages}[/]")
